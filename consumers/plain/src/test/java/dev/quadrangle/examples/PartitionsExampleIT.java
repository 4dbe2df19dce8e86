package dev.quadrangle.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.core.partition.PartitionLevel;
import dev.quadrangle.core.partition.PartitionManager;
import dev.quadrangle.core.partition.PartitionSpec;
import dev.quadrangle.core.partition.Retention;
import dev.quadrangle.core.partition.RetentionResult;
import dev.quadrangle.core.partition.TimeInterval;
import dev.quadrangle.core.repository.KeysetPage;
import dev.quadrangle.core.repository.PageRequest;
import dev.quadrangle.core.repository.PartitionScope;
import dev.quadrangle.core.repository.PartitionedRepository;
import dev.quadrangle.storage.S3ContentStore;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.S3Server;
import dev.quadrangle.testkit.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** The partitions example of README.md and docs/partitions.md, run against a real PostgreSQL and S3. */
@RealServices
class PartitionsExampleIT {

    @Test
    void monthlyPartitionsHashedByUserWithRetentionAndAKeysetPage(TestDatabase db, S3Server s3) {
        DataSource dataSource = db.primary();
        try (S3Client s3Client = s3.newClient()) {
            example(dataSource, S3ContentStore.builder().client(s3Client).bucket(s3.bucket()).build());
        }
    }

    private static void example(DataSource dataSource, S3ContentStore contentStore) {
        Clock clock = Clock.fixed(Instant.parse("2026-11-22T09:00:00Z"), ZoneOffset.UTC);
        OffsetDateTime from = OffsetDateTime.of(2026, 11, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        OffsetDateTime to = from.plusMonths(1);

        // @start region="partitions"
        PartitionSpec answers = PartitionSpec.builder("answer")
                .column("id", SQLDataType.BIGINT.notNull())
                .column("user_id", SQLDataType.BIGINT.notNull())
                .column("correct", SQLDataType.BOOLEAN.notNull())
                .column("created_at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
                .primaryKey("id", "created_at", "user_id")        // must include the partition keys
                .partitionBy(PartitionLevel.range("created_at", TimeInterval.MONTH))
                .subpartitionBy(PartitionLevel.hash("user_id", 8))
                .premake(3)
                .retention(Retention.export(Period.ofMonths(12), "archive/answers"))
                .build();

        PartitionManager manager = PartitionManager.builder(dataSource)
                .contentStore(contentStore)                       // the storage module's S3 store
                .clock(clock)
                .build();
        manager.ensure(answers);                                  // table, this month + 3 ahead
        RetentionResult expired = manager.applyRetention(answers); // detach, export, verify, drop

        PartitionedRepository repository = PartitionedRepository.builder(answers, dataSource).build();
        repository.copyInsert(List.<Object[]>of(new Object[] {1L, 42L, true, from.plusDays(3)}));
        KeysetPage page = repository.page(
                PartitionScope.between("created_at", from, to).and("user_id", 42L),
                DSL.field(DSL.name("correct")).eq(true),
                PageRequest.orderBy("created_at", "id").descending().limit(50));
        // @end

        assertThat(expired.archived()).isEmpty();
        assertThat(manager.partitions(answers)).containsExactly("answer_p202611", "answer_p202612", "answer_p202701",
                "answer_p202702");
        assertThat(page.rows()).singleElement().satisfies(r -> assertThat(r.get("id", Long.class)).isEqualTo(1L));
        assertThat(page.nextAfter()).isEmpty();
    }
}
