package dev.quadrangle.samples.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.core.partition.ArchivedPartition;
import dev.quadrangle.core.partition.Retention;
import dev.quadrangle.core.partition.RetentionResult;
import dev.quadrangle.samples.data.CampusGenerator;
import dev.quadrangle.samples.data.CampusLoader;
import dev.quadrangle.samples.data.CampusScale;
import dev.quadrangle.samples.jdbc.CampusFixture;
import dev.quadrangle.storage.S3ContentStore;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.S3Server;
import dev.quadrangle.testkit.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.Year;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** The campus's audit log retention with an S3 archive: the oldest year is exported, verified, dropped and restored. */
@RealServices
class AuditArchiveOnS3IT {

    @Test
    void theOldestAuditYearGoesToS3AndComesBackWithEveryRow(TestDatabase db, S3Server s3) throws SQLException {
        String year = "audit_logs_p" + (Year.now().getValue() - 2);
        CampusCalendar calendar = CampusCalendar.anchoredAt(Instant.now());
        try (S3Client client = s3.newClient()) {
            S3ContentStore archive = S3ContentStore.builder().client(client).bucket(s3.bucket()).build();
            CampusPartitions partitions = new CampusPartitions(calendar, archive);
            assertThat(partitions.auditLogs().retention().orElseThrow().action()).isEqualTo(Retention.Action.EXPORT);
            CampusLoader loader = new CampusLoader(db.primary(),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false);
            loader.load(new CampusGenerator(CampusFixture.SEED, CampusScale.ofSchools(1), calendar), partitions);

            RetentionResult audit = loader.maintenance().retention().stream().filter(r -> r.table().equals("audit_logs"))
                    .findFirst().orElseThrow();
            ArchivedPartition exported = audit.archived().stream().filter(a -> a.partition().equals(year)).findFirst()
                    .orElseThrow();
            assertThat(exported.state()).isEqualTo("DROPPED");
            String key = CampusPartitions.AUDIT_ARCHIVE_PREFIX + "/public/audit_logs/" + year + ".copy.gz";
            assertThat(exported.location()).contains(key);
            assertThat(archive.describe(key).orElseThrow().metadata()).containsEntry("quadrangle-sha256",
                    exported.sha256().orElseThrow());
            String before = loader.maintenance().expiredAuditChecksums().get(year);
            assertThat(before).endsWith("/" + exported.rows());
            assertThat(exported.rows()).isPositive();
            assertThat(partitions.auditChecksum(db.primary(), year)).isEqualTo("null/0");
            assertThat(CampusFixture.queryLong(db, "SELECT count(*) FROM pg_class WHERE relname = '" + year + "'")).isZero();

            assertThat(partitions.restoreAuditLogs(db.primary(), year)).isEqualTo(exported.rows());
            assertThat(partitions.auditChecksum(db.primary(), year)).isEqualTo(before);
            assertThat(partitions.partitions(db.primary(), partitions.auditLogs())).contains(year);
        }
    }
}
