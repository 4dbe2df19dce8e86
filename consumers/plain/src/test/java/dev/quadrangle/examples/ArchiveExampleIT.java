package dev.quadrangle.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.core.partition.ArchivedPartition;
import dev.quadrangle.core.partition.PartitionLevel;
import dev.quadrangle.core.partition.PartitionManager;
import dev.quadrangle.core.partition.PartitionSpec;
import dev.quadrangle.core.partition.Retention;
import dev.quadrangle.core.partition.RetentionResult;
import dev.quadrangle.core.partition.TimeInterval;
import dev.quadrangle.storage.S3ContentStore;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.S3Server;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** The archive example of docs/partitions.md: a year of audit logs exported to S3, dropped, and restored. */
@RealServices
class ArchiveExampleIT {

    /** A clock the test moves forward: the application's is the system clock. */
    static final class MovableClock extends Clock {
        private final AtomicReference<Instant> now;
        private final ZoneId zone;

        MovableClock(Instant start) {
            this(new AtomicReference<>(start), ZoneOffset.UTC);
        }

        private MovableClock(AtomicReference<Instant> now, ZoneId zone) {
            this.now = now;
            this.zone = zone;
        }

        void set(Instant instant) {
            now.set(instant);
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId other) {
            return new MovableClock(now, other);
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    @Test
    void aYearOfAuditLogsGoesToS3AndComesBackWhole(TestDatabase db, S3Server s3) throws SQLException {
        DataSource dataSource = db.primary();
        MovableClock clock = new MovableClock(Instant.parse("2025-03-01T00:00:00Z"));
        String bucket = s3.bucket();
        String archivePrefix = "examples-" + UUID.randomUUID().toString().substring(0, 8) + "/audit";
        try (S3Client s3Client = s3.newClient()) {
            // @start region="archive-to-s3"
            S3ContentStore archives = S3ContentStore.builder()
                    .client(s3Client)                                    // the host's client; the store never closes it
                    .bucket(bucket)
                    .build();
            PartitionSpec auditLogs = PartitionSpec.builder("audit_log")
                    .column("id", SQLDataType.BIGINT.notNull())
                    .column("action", SQLDataType.CLOB.notNull())
                    .column("logged_at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
                    .primaryKey("id", "logged_at")
                    .partitionBy(PartitionLevel.range("logged_at", TimeInterval.YEAR))
                    .retention(Retention.export(Period.ofYears(1), archivePrefix)) // years older than a year go to S3
                    .build();
            PartitionManager manager = PartitionManager.builder(dataSource)
                    .contentStore(archives)
                    .clock(clock)
                    .build();
            // @end
            manager.ensure(auditLogs);
            String checksum = "select md5(string_agg(t::text, '|' order by id)) || '/' || count(*) from audit_log t"
                    + " where logged_at < '2026-01-01'";
            execute(dataSource, "insert into audit_log select g, 'login ' || g, timestamptz '2025-01-01 00:00:00+00'"
                    + " + g * interval '1 hour' from generate_series(1, 2000) g");
            String before = query(dataSource, checksum);
            clock.set(Instant.parse("2027-01-10T00:00:00Z"));

            // @start region="archive-restore"
            // detach the expired year, export it, read it back and verify it (SHA-256 and rows), then drop it
            RetentionResult expired = manager.applyRetention(auditLogs);
            ArchivedPartition year = expired.archived().get(0);          // audit_log_p2025, DROPPED, at s3://.../...copy.gz
            // later: copy the rows back from S3 (checked against the recorded SHA-256) and attach the year again
            long restored = manager.restore(auditLogs, year.partition());
            // @end

            assertThat(year.partition()).isEqualTo("audit_log_p2025");
            assertThat(year.state()).isEqualTo("DROPPED");
            assertThat(archives.describe(year.location().orElseThrow())).isPresent();
            assertThat(restored).isEqualTo(2000);
            assertThat(query(dataSource, checksum)).isEqualTo(before).endsWith("/2000");
        }
    }

    private static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String query(DataSource dataSource, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
