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
import dev.quadrangle.testkit.RedisNode;
import dev.quadrangle.testkit.S3Server;
import dev.quadrangle.testkit.TestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@RealServices
class ChaosRunIT {

    @Test
    void withTheStandbyStoppedReadsFallBackAndNoAcknowledgedAnswerIsLost(TestDatabase db, PostgresCluster cluster,
            RedisNode redis, S3Server s3) throws Exception {
        assumeTrue(cluster.standby().controllable() && redis.controllable() && s3.controllable(),
                "the services are external endpoints");
        GeneratedCampus campus = CampusFixture.load(db, 1);
        Duration duration = Duration.ofSeconds(8);
        LoadResult result;
        try (JdbcCampusBackend backend = JdbcCampusBackend.open(CampusFixture.endpoints(db), 6)) {
            LoadSettings settings = new LoadSettings(40, Duration.ZERO, duration, Duration.ofMillis(50), 12, 2);
            result = new LoadDriver(backend, campus.scale(), settings)
                    .run(new ChaosPlan(cluster, redis, s3).actions(duration), p -> { });
        }
        assertThat(result.events()).extracting(RunEvent::name).containsExactly(ChaosPlan.STOP_STANDBY,
                ChaosPlan.RESTART_REDIS, ChaosPlan.START_STANDBY, ChaosPlan.STOP_S3, ChaosPlan.START_S3);
        assertThat(result.events()).allSatisfy(e -> assertThat(e.ok()).as(e.note()).isTrue());
        assertThat(cluster.standby().isRunning()).isTrue();
        assertThat(s3.isRunning()).isTrue();
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
