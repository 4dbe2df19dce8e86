package dev.quadrangle.spring.boot.autoconfigure.it.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quadrangle.core.batch.BatchWriter;
import dev.quadrangle.core.batch.CounterTable;
import dev.quadrangle.core.partition.PartitionManager;
import dev.quadrangle.spring.boot.autoconfigure.it.TestServices;
import dev.quadrangle.spring.boot.autoconfigure.partition.PartitionMaintenance;
import dev.quadrangle.testkit.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Partition maintenance from PartitionSpec beans, and repositories, counter tables and batch writers in
 * Spring-managed transactions, on the real server: a submission that throws after its writes leaves
 * nothing behind; one that returns keeps everything.
 */
class TransactionalRepositoryIT {
    private static TestDatabase db;
    private static ConfigurableApplicationContext context;

    @BeforeAll
    static void start() {
        db = TestServices.database("repo");
        context = new SpringApplicationBuilder(RepoApplication.class).web(WebApplicationType.NONE)
                .properties(TestServices.args(TestServices.routing(db)))
                .properties("quadrangle.partitions.maintenance.interval=1h")
                .run();
        context.getBean(CounterTable.class).createIfMissing(context.getBean(javax.sql.DataSource.class));
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
        if (db != null) {
            db.close();
        }
    }

    long count(String sql) {
        return context.getBean(JdbcTemplate.class).queryForObject(sql, Long.class);
    }

    @Test
    void maintenanceRanAtStartupAndCreatedThePartitions() {
        assertThat(context.getBean(PartitionManager.class)).isNotNull();
        PartitionMaintenance maintenance = context.getBean(PartitionMaintenance.class);
        assertThat(maintenance.runs()).isGreaterThanOrEqualTo(1);
        assertThat(maintenance.failures()).isZero();
        assertThat(count("SELECT count(*) FROM pg_inherits WHERE inhparent = 'answer'::regclass")).isGreaterThanOrEqualTo(2);
        assertThat(maintenance.runOnce()).isZero();
        assertThat(context.getBean(MeterRegistry.class).find("quadrangle.partition.ahead").gauges()).isNotEmpty();
    }

    @Test
    void aTransactionThatThrowsAfterItsWritesLeavesNothingBehind() {
        RepoApplication.Answers answers = context.getBean(RepoApplication.Answers.class);
        long user = System.nanoTime();
        assertThatThrownBy(() -> answers.submit(10, user, true)).hasMessageContaining("fails after its writes");
        context.getBean(BatchWriter.class).flush(Duration.ofSeconds(10));
        assertThat(count("SELECT count(*) FROM answer WHERE user_id = " + user)).as("repository and batch rows").isZero();
        assertThat(count("SELECT count(*) FROM score WHERE user_id = " + user)).as("counter").isZero();

        answers.submit(20, user, false);
        context.getBean(BatchWriter.class).flush(Duration.ofSeconds(10));
        assertThat(count("SELECT count(*) FROM answer WHERE user_id = " + user)).isEqualTo(2);
        assertThat(count("SELECT answers FROM score WHERE user_id = " + user)).isEqualTo(1);
    }
}
