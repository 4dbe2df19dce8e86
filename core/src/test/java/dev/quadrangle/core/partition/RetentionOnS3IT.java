package dev.quadrangle.core.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quadrangle.core.testing.MutableClock;
import dev.quadrangle.core.testing.SteppedContentStore;
import dev.quadrangle.storage.S3ContentStore;
import dev.quadrangle.storage.StoreResilience;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.S3Server;
import dev.quadrangle.testkit.TestDatabase;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Retention exports through the storage module's {@link S3ContentStore} on the testkit's real S3 server: an
 * object whose stored bytes change before it is verified, S3 stopped in the middle of an export, and a crash
 * between the put and the catalog update never cost a partition its rows, and a restore gives every row back.
 */
@RealServices
class RetentionOnS3IT {
    private static final Instant JANUARY = Instant.parse("2026-01-05T00:00:00Z");
    private static final Instant MARCH = Instant.parse("2026-03-02T00:00:00Z");
    private static final int ROWS = 3000;

    private S3Client client;
    private String prefix;

    @BeforeEach
    void openClient(S3Server s3) {
        client = s3.newClient();
        // the bucket is shared by every test of the JVM
        prefix = "s3-retention-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void closeClient(S3Server s3) {
        if (s3.controllable() && !s3.isRunning()) {
            s3.start();
        }
        client.close();
    }

    private static PartitionSpec.Builder grades(String table) {
        return PartitionSpec.builder(table)
                .column("id", SQLDataType.BIGINT.notNull())
                .column("student_id", SQLDataType.BIGINT.notNull())
                .column("feedback", SQLDataType.CLOB)
                .column("graded_at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
                .primaryKey("id", "graded_at")
                .partitionBy(PartitionLevel.range("graded_at", TimeInterval.MONTH))
                .premake(1);
    }

    /** S3 on the test server; the circuit breaker never opens within one test, so a run right after a restart is served. */
    private S3ContentStore s3Store(S3Server s3) {
        return S3ContentStore.builder().client(client).bucket(s3.bucket())
                .resilience(StoreResilience.builder().attemptTimeout(Duration.ofSeconds(3)).maxAttempts(2)
                        .backoff(Duration.ofMillis(20), Duration.ofMillis(100))
                        .failureRateThreshold(100f).slidingWindowCalls(1000).build())
                .build();
    }

    private static void execute(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void loadJanuary(TestDatabase db, String table) throws SQLException {
        execute(db.primary(), "insert into " + table + " select g, g % 97, case when g % 5 = 0 then null else"
                + " E'tab\\there\\nnewline \\\\ ' || g end, timestamptz '2026-01-01 00:00:00+00' + g * interval '10 minutes'"
                + " from generate_series(1, " + ROWS + ") g");
    }

    /** md5 of every January row in id order, and their count, as seen through the parent. */
    private static String january(TestDatabase db, String table) throws SQLException {
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select md5(string_agg(t::text, '|' order by id)), count(*) from " + table
                        + " t where graded_at >= '2026-01-01' and graded_at < '2026-02-01'")) {
            rs.next();
            return rs.getString(1) + "/" + rs.getLong(2);
        }
    }

    private static long count(TestDatabase db, String sql) throws SQLException {
        return PartitionManagerIT.count(db, sql);
    }

    private static long attached(TestDatabase db, String parent, String partition) throws SQLException {
        return count(db, "select count(*) from pg_inherits i join pg_class p on p.oid = i.inhparent join pg_class c"
                + " on c.oid = i.inhrelid where p.relname = '" + parent + "' and c.relname = '" + partition + "'"
                + " and not i.inhdetachpending");
    }

    private List<String> objects(S3ContentStore store) {
        List<String> keys = new ArrayList<>();
        store.list(prefix + "/", o -> keys.add(o.key()));
        return keys;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void anObjectWhoseStoredBytesChangeBeforeVerificationKeepsThePartition(TestDatabase db, S3Server s3) throws Exception {
        String table = "s3_corrupt_grade";
        String key = prefix + "/public/" + table + "/" + table + "_p202601.copy.gz";
        PartitionSpec spec = grades(table).retention(Retention.export(Period.ofMonths(1), prefix)).build();
        S3ContentStore s3Store = s3Store(s3);
        SteppedContentStore store = new SteppedContentStore(s3Store);
        MutableClock clock = new MutableClock(JANUARY);
        PartitionManager manager = PartitionManager.builder(db.primary()).clock(clock).contentStore(store).build();
        manager.ensure(spec);
        loadJanuary(db, table);
        String before = january(db, table);
        clock.set(MARCH);

        // the stored object's bytes change in place on the server (same length, metadata kept), past If-None-Match
        AtomicReference<String> written = new AtomicReference<>();
        AtomicReference<String> corrupted = new AtomicReference<>();
        store.afterNextPut(k -> {
            try {
                ResponseBytes<GetObjectResponse> object = client.getObjectAsBytes(b -> b.bucket(s3.bucket()).key(k));
                byte[] bytes = object.asByteArray();
                written.set(sha256(bytes));
                bytes[bytes.length / 2] ^= 0x5A;
                corrupted.set(sha256(bytes));
                client.putObject(b -> b.bucket(s3.bucket()).key(k).metadata(object.response().metadata())
                        .contentType(object.response().contentType()), RequestBody.fromBytes(bytes));
            } catch (Exception e) {
                throw new IllegalStateException("corrupting " + k + " failed", e);
            }
        });

        assertThatThrownBy(() -> manager.applyRetention(spec)).isInstanceOf(PartitionMaintenanceException.class)
                .hasMessageStartingWith("archive " + key + " failed verification: expected SHA-256 " + written.get()
                        + " and " + ROWS + " rows, read back " + corrupted.get())
                .hasMessageEndingWith("; the partition was attached again and keeps its rows");
        assertThat(written.get()).isNotEqualTo(corrupted.get());
        assertThat(attached(db, table, table + "_p202601")).isEqualTo(1);
        assertThat(january(db, table)).isEqualTo(before);
        assertThat(manager.archives(spec)).isEmpty();
        assertThat(objects(s3Store)).as("the object that failed verification is deleted").isEmpty();

        RetentionResult next = manager.applyRetention(spec);
        assertThat(next.archived()).extracting(ArchivedPartition::state).containsExactly("DROPPED");
        assertThat(next.archived().get(0).rows()).isEqualTo(ROWS);
        assertThat(objects(s3Store)).containsExactly(key);
        assertThat(manager.restore(spec, table + "_p202601")).isEqualTo(ROWS);
        assertThat(january(db, table)).isEqualTo(before);
    }

    @Test
    void s3StoppedBeforeThePutKeepsThePartitionAndTheNextRunCompletes(TestDatabase db, S3Server s3) throws Exception {
        assumeTrue(s3.controllable(), "the S3 server is external");
        String table = "s3_down_put_grade";
        String key = prefix + "/public/" + table + "/" + table + "_p202601.copy.gz";
        PartitionSpec spec = grades(table).retention(Retention.export(Period.ofMonths(1), prefix)).build();
        S3ContentStore s3Store = s3Store(s3);
        SteppedContentStore store = new SteppedContentStore(s3Store);
        MutableClock clock = new MutableClock(JANUARY);
        PartitionManager manager = PartitionManager.builder(db.primary()).clock(clock).contentStore(store).build();
        manager.ensure(spec);
        loadJanuary(db, table);
        String before = january(db, table);
        clock.set(MARCH);

        // the partition is detached and its rows copied out when the server goes away
        store.beforeNextPut(k -> s3.stop());
        try {
            assertThatThrownBy(() -> manager.applyRetention(spec)).isInstanceOf(PartitionMaintenanceException.class)
                    .hasMessageStartingWith("exporting partition " + table + "_p202601 of " + table + " to " + key
                            + " failed: s3://" + s3.bucket() + ": put of '" + key + "'")
                    .hasMessageEndingWith("; the partition was attached again and keeps its rows");
            assertThat(s3.isRunning()).isFalse();
            assertThat(attached(db, table, table + "_p202601")).isEqualTo(1);
            assertThat(january(db, table)).isEqualTo(before);
            assertThat(manager.archives(spec)).isEmpty();
        } finally {
            s3.start();
        }

        RetentionResult next = manager.applyRetention(spec);
        assertThat(next.archived()).extracting(ArchivedPartition::state).containsExactly("DROPPED");
        assertThat(count(db, "select count(*) from " + table)).isZero();
        assertThat(objects(s3Store)).containsExactly(key);
        assertThat(manager.restore(spec, table + "_p202601")).isEqualTo(ROWS);
        assertThat(january(db, table)).isEqualTo(before);
    }

    @Test
    void s3StoppedBetweenThePutAndTheReadBackLeavesAnObjectTheNextRunKeeps(TestDatabase db, S3Server s3) throws Exception {
        assumeTrue(s3.controllable(), "the S3 server is external");
        String table = "s3_down_verify_grade";
        String key = prefix + "/public/" + table + "/" + table + "_p202601.copy.gz";
        PartitionSpec spec = grades(table).retention(Retention.export(Period.ofMonths(1), prefix)).build();
        S3ContentStore s3Store = s3Store(s3);
        SteppedContentStore store = new SteppedContentStore(s3Store);
        MutableClock clock = new MutableClock(JANUARY);
        PartitionManager manager = PartitionManager.builder(db.primary()).clock(clock).contentStore(store).build();
        manager.ensure(spec);
        loadJanuary(db, table);
        String before = january(db, table);
        clock.set(MARCH);

        store.beforeNextOpen(k -> s3.stop());
        try {
            assertThatThrownBy(() -> manager.applyRetention(spec)).isInstanceOf(PartitionMaintenanceException.class)
                    .hasMessageStartingWith("exporting partition " + table + "_p202601 of " + table + " to " + key
                            + " failed: s3://" + s3.bucket() + ": get of '" + key + "'")
                    .hasMessageEndingWith("; the partition was attached again and keeps its rows");
            assertThat(attached(db, table, table + "_p202601")).isEqualTo(1);
            assertThat(january(db, table)).isEqualTo(before);
            assertThat(manager.archives(spec)).isEmpty();
        } finally {
            s3.start();
        }
        // the unverified object could not be deleted while S3 was down; no record points at it
        assertThat(objects(s3Store)).containsExactly(key);

        RetentionResult next = manager.applyRetention(spec);
        assertThat(next.archived()).extracting(ArchivedPartition::state).containsExactly("DROPPED");
        ArchivedPartition archived = next.archived().get(0);
        assertThat(archived.location()).contains(key);
        assertThat(s3Store.describe(key).orElseThrow().metadata()).containsEntry("quadrangle-sha256", archived.sha256().get())
                .containsEntry("quadrangle-rows", Integer.toString(ROWS));
        assertThat(objects(s3Store)).containsExactly(key);
        assertThat(manager.restore(spec, table + "_p202601")).isEqualTo(ROWS);
        assertThat(january(db, table)).isEqualTo(before);
    }

    @Test
    void aCrashBetweenThePutAndTheCatalogUpdateIsFinishedByTheNextRunWithoutLosingARow(TestDatabase db, S3Server s3)
            throws Exception {
        String table = "s3_crash_grade";
        String partition = table + "_p202601";
        String key = prefix + "/public/" + table + "/" + partition + ".copy.gz";
        PartitionSpec spec = grades(table).retention(Retention.export(Period.ofMonths(1), prefix)).build();
        S3ContentStore store = s3Store(s3);
        MutableClock clock = new MutableClock(JANUARY);
        PartitionManager manager = PartitionManager.builder(db.primary()).clock(clock).contentStore(store).build();
        manager.ensure(spec);
        loadJanuary(db, table);
        String before = january(db, table);
        assertThat(manager.applyRetention(spec).archived()).as("nothing expired yet; creates the catalog").isEmpty();
        // the catalog refuses to record this table's export: the run stops after the put, as a crash there would
        execute(db.primary(), "create function s3_crash_refuse() returns trigger language plpgsql as $$ begin"
                + " if new.parent_table = '" + table + "' and new.state = 'EXPORTED' then"
                + " raise exception 'crash before recording the export of %', new.partition_name; end if; return new; end $$");
        execute(db.primary(), "create trigger s3_crash_refuse before insert or update on quadrangle.partition_archive"
                + " for each row execute function s3_crash_refuse()");
        clock.set(MARCH);
        try {
            assertThatThrownBy(() -> manager.applyRetention(spec)).isInstanceOf(PartitionMaintenanceException.class)
                    .hasMessageContaining("recording EXPORTED of " + partition)
                    .hasMessageContaining("crash before recording the export of " + partition);
        } finally {
            execute(db.primary(), "drop trigger s3_crash_refuse on quadrangle.partition_archive");
        }
        assertThat(objects(store)).containsExactly(key);
        String firstSha = store.describe(key).orElseThrow().metadata().get("quadrangle-sha256");
        assertThat(manager.archives(spec)).extracting(ArchivedPartition::state).containsExactly("DETACHED");
        assertThat(count(db, "select count(*) from " + partition)).as("the detached table keeps every row").isEqualTo(ROWS);

        // the next run writes the same key again: S3 keeps the object that is there, which the read-back verifies
        RetentionResult next = manager.applyRetention(spec);
        assertThat(next.archived()).extracting(ArchivedPartition::state).containsExactly("DROPPED");
        ArchivedPartition archived = next.archived().get(0);
        assertThat(archived.location()).contains(key);
        assertThat(archived.rows()).isEqualTo(ROWS);
        assertThat(archived.sha256()).contains(firstSha);
        assertThat(objects(store)).containsExactly(key);
        assertThat(count(db, "select count(*) from pg_class where relname = '" + partition + "'")).isZero();

        assertThat(manager.restore(spec, partition)).isEqualTo(ROWS);
        assertThat(january(db, table)).isEqualTo(before);
    }

    @Test
    void aRestoredYearOfAuditLogsHasEveryRowBack(TestDatabase db, S3Server s3) throws Exception {
        DataSource dataSource = db.primary();
        S3Client s3Client = client;
        String bucket = s3.bucket();
        MutableClock clock = new MutableClock(Instant.parse("2025-03-01T00:00:00Z"));
        String archivePrefix = prefix + "/audit";

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
        manager.ensure(auditLogs);
        execute(dataSource, "insert into audit_log select g, 'login ' || g, timestamptz '2025-01-01 00:00:00+00'"
                + " + g * interval '1 hour' from generate_series(1, 8000) g");
        String query = "select md5(string_agg(t::text, '|' order by id)), count(*) from audit_log t"
                + " where logged_at < '2026-01-01'";
        String before = checksum(db, query);
        clock.set(Instant.parse("2027-01-10T00:00:00Z"));

        // detach the expired year, export it, read it back and verify it (SHA-256 and rows), then drop it
        RetentionResult expired = manager.applyRetention(auditLogs);
        ArchivedPartition year = expired.archived().get(0);          // audit_log_p2025, DROPPED, at s3://.../...copy.gz
        // later: copy the rows back from S3 (checked against the recorded SHA-256) and attach the year again
        long restored = manager.restore(auditLogs, year.partition());

        assertThat(expired.archived()).extracting(ArchivedPartition::partition, ArchivedPartition::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("audit_log_p2025", "DROPPED"));
        assertThat(year.location()).contains(archivePrefix + "/public/audit_log/audit_log_p2025.copy.gz");
        assertThat(archives.describe(year.location().get()).orElseThrow().metadata())
                .containsEntry("quadrangle-sha256", year.sha256().get());
        assertThat(restored).isEqualTo(8000);
        assertThat(checksum(db, query)).isEqualTo(before).endsWith("/8000");
        assertThat(manager.archives(auditLogs)).extracting(ArchivedPartition::state).containsExactly("RESTORED");
    }

    private static String checksum(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1) + "/" + rs.getLong(2);
        }
    }
}
