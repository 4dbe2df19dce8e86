package dev.quadrangle.samples.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.routing.NodeStatus;
import dev.quadrangle.samples.data.GeneratedCampus;
import dev.quadrangle.samples.jdbc.CampusFixture;
import dev.quadrangle.samples.load.LoadDriver;
import dev.quadrangle.samples.load.LoadResult;
import dev.quadrangle.samples.load.LoadSettings;
import dev.quadrangle.samples.load.RunEvent;
import dev.quadrangle.samples.modules.ContentOffloadPass;
import dev.quadrangle.samples.modules.ModuleCampusBackend;
import dev.quadrangle.samples.schema.CampusCalendar;
import dev.quadrangle.testkit.PostgresNode;
import dev.quadrangle.testkit.PostgresTopology;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.RedisNode;
import dev.quadrangle.testkit.ReplicationMode;
import dev.quadrangle.testkit.S3Server;
import dev.quadrangle.testkit.TestDatabase;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@RealServices(standbys = 1, replication = ReplicationMode.SYNC)
class FailoverChaosRunIT {

    @Test
    void everyAnswerAcknowledgedAcrossAPrimaryFailoverIsStoredOnTheNewPrimary(PostgresTopology topology,
            RedisNode redis, S3Server s3) throws Exception {
        PostgresNode first = topology.primary();
        PostgresNode standby = topology.standbys().get(0);
        FailoverWatch watch = new FailoverWatch();
        LoadResult result;
        String notes;
        List<NodeStatus> nodesAfter;
        try (TestDatabase db = topology.createDatabase("failover")) {
            GeneratedCampus campus = CampusFixture.load(db, 1);
            Map<String, String> nodes = new LinkedHashMap<>();
            for (PostgresNode node : topology.nodes()) {
                nodes.put(node.name(), node.jdbcUrl(db.name()));
            }
            Duration duration = Duration.ofSeconds(12);
            try (ModuleCampusBackend backend = ModuleCampusBackend.openOnNodes(nodes, CampusFixture.endpoints(db), 6,
                    redis, s3, watch)) {
                ContentOffloadPass.run(db.primary(), backend.offloader());
                backend.primeCaches(CampusCalendar.CURRENT_TERM);
                LoadSettings settings = new LoadSettings(40, Duration.ZERO, duration, Duration.ofMillis(50), 12, 3);
                result = new LoadDriver(backend, campus.scale(), settings)
                        .run(ChaosPlan.failover(topology, redis, s3, watch).actions(duration), p -> { });
                notes = String.join("\n", backend.degradations());
                nodesAfter = backend.routing().nodeStatuses();
            }
            FailoverWatch.Summary failover = watch.summary();
            notes = notes + "\n" + failover + "\nevents " + result.events();
            assertThat(result.events()).extracting(RunEvent::name).contains(ChaosPlan.STOP_PRIMARY,
                    ChaosPlan.PROMOTE_STANDBY, ChaosPlan.REJOIN_OLD_PRIMARY);
            assertThat(result.events()).allSatisfy(e -> assertThat(e.ok()).as(e.note()).isTrue());
            assertThat(topology.primary()).isSameAs(standby);
            assertThat(nodesAfter).filteredOn(NodeStatus::writer).extracting(NodeStatus::name)
                    .as(notes).containsExactly(standby.name());
            assertThat(first.isInRecovery()).isTrue();

            // the promoted standby acknowledged answers of its own: the old primary was down or a standby by then
            assertThat(failover.promotionToFirstAckMs()).as(notes).isNotNegative();
            assertThat(failover.acknowledgedAfterPromotion()).as(notes).isPositive();
            // a submission that failed was an error its submitter saw, counted as failed, never as acknowledged
            assertThat(result.answersFailed()).as(notes).isGreaterThanOrEqualTo(failover.failedAfterStop());

            AnswerAudit.Verdict verdict = new AnswerAudit(db.primary()).check(campus.lastGeneratedAnswerId(),
                    campus.rows("answers"), result.answersAcknowledged(), result.answersFailed());
            assertThat(result.answersAcknowledged()).isPositive();
            assertThat(verdict.lost()).as(notes).isZero();
            // only a commit whose outcome the writer could not know may be stored without an acknowledgement
            assertThat(verdict.stored()).as(notes).isBetween(result.answersAcknowledged(),
                    result.answersAcknowledged() + failover.inDoubtAfterStop());
            assertThat(verdict.summaryGrowth()).isEqualTo(verdict.stored());
            assertThat(verdict.nothingLost()).isTrue();
            System.out.printf("failover run: %,d answers acknowledged, %,d stored on %s, %,d failed; %s%n",
                    verdict.acknowledged(), verdict.stored(), topology.primary().name(), verdict.failed(), failover);
        }
    }
}
