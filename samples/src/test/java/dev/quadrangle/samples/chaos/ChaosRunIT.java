package dev.quadrangle.samples.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quadrangle.samples.data.GeneratedCampus;
import dev.quadrangle.samples.jdbc.CampusFixture;
import dev.quadrangle.samples.jdbc.JdbcCampusBackend;
import dev.quadrangle.samples.load.LoadDriver;
import dev.quadrangle.samples.load.LoadResult;
import dev.quadrangle.samples.load.LoadSettings;
import dev.quadrangle.samples.load.RunEvent;
import dev.quadrangle.testkit.PostgresCluster;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.TestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The plain JDBC backend uses PostgreSQL only, so its chaos is the standby's: stopped under load, then
 * started. What may be lost: nothing; every read falls back to the primary, every acknowledged answer is
 * stored. (The module backend meets the Redis and S3 faults in {@link ModuleChaosRunIT}.)
 */
@RealServices
class ChaosRunIT {

    @Test
    void withTheStandbyStoppedReadsFallBackAndNoAcknowledgedAnswerIsLost(TestDatabase db, PostgresCluster cluster)
            throws Exception {
        assumeTrue(cluster.standby().controllable(), "the standby is an external endpoint");
        GeneratedCampus campus = CampusFixture.load(db, 1);
        Duration duration = Duration.ofSeconds(8);
        LoadResult result;
        try (JdbcCampusBackend backend = JdbcCampusBackend.open(CampusFixture.endpoints(db), 6)) {
            LoadSettings settings = new LoadSettings(40, Duration.ZERO, duration, Duration.ofMillis(50), 12, 2);
            result = new LoadDriver(backend, campus.scale(), settings)
                    .run(new ChaosPlan(cluster).actions(duration), p -> { });
        }
        assertThat(result.events()).extracting(RunEvent::name).containsExactly(ChaosPlan.STOP_STANDBY,
                ChaosPlan.START_STANDBY);
        assertThat(result.events()).allSatisfy(e -> assertThat(e.ok()).as(e.note()).isTrue());
        assertThat(cluster.standby().isRunning()).isTrue();
        assertThat(result.routes().replicaFallbacks()).isPositive();
        assertThat(result.routes().primaryReads()).isGreaterThanOrEqualTo(result.routes().replicaFallbacks());
        assertThat(result.totalErrors()).as("errors: %s", result.operations()).isZero();
        assertThat(result.warmupCalls()).isZero();

        AnswerAudit.Verdict verdict = new AnswerAudit(db.primary()).check(campus.lastGeneratedAnswerId(),
                campus.rows("answers"), result.answersAcknowledged(), result.answersFailed());
        assertThat(result.answersAcknowledged()).isPositive();
        assertThat(verdict.stored()).isEqualTo(result.answersAcknowledged());
        assertThat(verdict.nothingLost()).isTrue();
    }
}
