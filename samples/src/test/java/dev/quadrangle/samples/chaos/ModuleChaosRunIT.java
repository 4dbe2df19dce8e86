package dev.quadrangle.samples.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quadrangle.samples.data.GeneratedCampus;
import dev.quadrangle.samples.jdbc.CampusFixture;
import dev.quadrangle.samples.load.LoadDriver;
import dev.quadrangle.samples.load.LoadResult;
import dev.quadrangle.samples.load.LoadSettings;
import dev.quadrangle.samples.modules.ContentOffloadPass;
import dev.quadrangle.samples.modules.ModuleCampusBackend;
import dev.quadrangle.samples.schema.CampusCalendar;
import dev.quadrangle.testkit.PostgresCluster;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.RedisNode;
import dev.quadrangle.testkit.S3Server;
import dev.quadrangle.testkit.TestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@RealServices
class ModuleChaosRunIT {

    @Test
    void batchedAnswersLoseNothingWhileTheStandbyRedisAndS3Fail(TestDatabase db, PostgresCluster cluster,
            RedisNode redis, S3Server s3) throws Exception {
        assumeTrue(cluster.standby().controllable() && redis.controllable() && s3.controllable(),
                "the services are external endpoints");
        GeneratedCampus campus = CampusFixture.load(db, 1);
        Duration duration = Duration.ofSeconds(8);
        LoadResult result;
        String notes;
        try (ModuleCampusBackend backend = ModuleCampusBackend.open(CampusFixture.endpoints(db), 6, redis, s3)) {
            ContentOffloadPass.run(db.primary(), backend.offloader());
            backend.primeCaches(CampusCalendar.CURRENT_TERM);
            LoadSettings settings = new LoadSettings(40, Duration.ZERO, duration, Duration.ofMillis(50), 12, 3);
            result = new LoadDriver(backend, campus.scale(), settings)
                    .run(new ChaosPlan(cluster, redis, s3).actions(duration), p -> { });
            notes = String.join("\n", backend.degradations());
        }
        assertThat(result.events()).allSatisfy(e -> assertThat(e.ok()).as(e.note()).isTrue());
        assertThat(result.routes().replicaFallbacks()).isPositive();
        // no exemption: Redis restarts empty (every region is flushed) before S3 stops, and the offloaded content
        // is still read from the offloader's own cache of verified bytes
        assertThat(result.operations()).isNotEmpty()
                .allSatisfy(o -> assertThat(o.errors()).as(o.name() + "\n" + notes).isZero());
        assertThat(result.totalErrors()).as(notes).isZero();

        AnswerAudit.Verdict verdict = new AnswerAudit(db.primary()).check(campus.lastGeneratedAnswerId(),
                campus.rows("answers"), result.answersAcknowledged(), result.answersFailed());
        assertThat(result.answersAcknowledged()).isPositive();
        assertThat(result.answersFailed()).isZero();
        assertThat(verdict.stored()).as(notes).isEqualTo(result.answersAcknowledged());
        assertThat(verdict.summaryGrowth()).isEqualTo(verdict.stored());
        assertThat(verdict.nothingLost()).isTrue();
    }
}
