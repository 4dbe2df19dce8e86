package dev.quadrangle.samples.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.samples.chaos.AnswerAudit;
import dev.quadrangle.samples.data.GeneratedCampus;
import dev.quadrangle.samples.jdbc.CampusFixture;
import dev.quadrangle.samples.jdbc.JdbcEndpoints;
import dev.quadrangle.samples.modules.ModuleCampusBackend;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.RedisNode;
import dev.quadrangle.testkit.S3Server;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@RealServices
class CampusLoadIT {

    @Test
    void aShortLoadOnTheModuleBackendHasNoErrorsStaysWithinItsConnectionsAndLosesNoAnswer(TestDatabase db,
            RedisNode redis, S3Server s3) throws Exception {
        GeneratedCampus campus = CampusFixture.load(db, 1);
        LoadResult result;
        long serverConnections;
        try (ModuleCampusBackend backend = ModuleCampusBackend.open(CampusFixture.endpoints(db), 6, redis, s3)) {
            LoadSettings settings = new LoadSettings(40, Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofMillis(50), 12, 1);
            result = new LoadDriver(backend, campus.scale(), settings).run(List.of(), p -> { });
            serverConnections = countConnections(db);
        }
        assertThat(result.totalErrors()).as("errors: %s", result.operations()).isZero();
        assertThat(result.warmupErrors()).isZero();
        assertThat(result.warmupCalls()).isPositive();
        assertThat(result.events()).extracting(RunEvent::name).containsExactly("warm-up ends");
        assertThat(result.operations()).allSatisfy(o -> assertThat(o.count()).as(o.name()).isPositive());
        assertThat(result.answersAcknowledged()).isPositive();
        assertThat(result.answersFailed()).isZero();
        assertThat(result.peakConnections()).isLessThanOrEqualTo(6);
        assertThat(result.maxConnections()).isEqualTo(6);
        assertThat(serverConnections).isBetween(1L, 6L);
        assertThat(result.timeline()).hasSizeBetween(3, 6);
        assertThat(result.routes().replicaReads()).isPositive();
        assertThat(result.routes().replicaFallbacks()).isZero();

        AnswerAudit.Verdict verdict = new AnswerAudit(db.primary()).check(campus.lastGeneratedAnswerId(),
                campus.rows("answers"), result.answersAcknowledged(), result.answersFailed());
        assertThat(verdict.stored()).isEqualTo(result.answersAcknowledged());
        assertThat(verdict.summaryGrowth()).isEqualTo(verdict.stored());
        assertThat(verdict.nothingLost()).isTrue();
    }

    private static long countConnections(TestDatabase db) throws SQLException {
        return CampusFixture.queryLong(db, "SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
                + JdbcEndpoints.APPLICATION_NAME + "' AND datname = current_database()");
    }
}
