package dev.quadrangle.samples.modules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.samples.data.CampusScale;
import dev.quadrangle.samples.data.GeneratedCampus;
import dev.quadrangle.samples.jdbc.CampusFixture;
import dev.quadrangle.samples.jdbc.JdbcCampusBackend;
import dev.quadrangle.samples.ops.AnswerSubmission;
import dev.quadrangle.samples.ops.CampusBackend;
import dev.quadrangle.samples.ops.CampusOperations;
import dev.quadrangle.samples.ops.Difficulty;
import dev.quadrangle.samples.schema.CampusCalendar;
import dev.quadrangle.testkit.PostgresCluster;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.RedisNode;
import dev.quadrangle.testkit.S3Server;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@RealServices
class ModuleBackendIT {
    private static GeneratedCampus campus;
    private static ModuleCampusBackend backend;
    private static JdbcCampusBackend plain;
    private static CampusOperations ops;
    private static long bigActivity;
    private static String bigContent;
    private static int offloaded;

    @BeforeAll
    static void load(TestDatabase db, RedisNode redis, S3Server s3) throws SQLException {
        campus = CampusFixture.load(db, 1);
        try (Connection c = db.primary().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id, content::text FROM activities"
                        + " WHERE octet_length(content::text) >= ? ORDER BY id LIMIT 1")) {
            ps.setInt(1, ModuleCampusBackend.INLINE_THRESHOLD_BYTES);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                bigActivity = rs.getLong(1);
                bigContent = rs.getString(2);
            }
        }
        backend = ModuleCampusBackend.open(CampusFixture.endpoints(db), 6, redis, s3);
        offloaded = ContentOffloadPass.run(db.primary(), backend.offloader());
        db.cluster().awaitStandbyCaughtUp(Duration.ofSeconds(60));
        plain = JdbcCampusBackend.open(CampusFixture.endpoints(db), 2);
        ops = backend.operations();
    }

    @AfterAll
    static void close() {
        if (backend != null) {
            backend.close();
        }
        if (plain != null) {
            plain.close();
        }
    }

    @Test
    void largeContentIsOffloadedAndResolvedUnchanged(TestDatabase db) throws SQLException {
        long expected = CampusFixture.queryLong(db, "SELECT count(*) FROM activities WHERE content IS NULL"
                + " AND content_ref LIKE '%campus/campus/activities/%'");
        assertThat(offloaded).isPositive().isEqualTo((int) expected);
        assertThat(CampusFixture.queryLong(db, "SELECT count(*) FROM activities WHERE content IS NOT NULL"
                + " AND octet_length(content::text) >= " + ModuleCampusBackend.INLINE_THRESHOLD_BYTES)).isZero();
        assertThat(ops.activityContent(bigActivity)).contains(bigContent);
        assertThat(ops.activityContent(bigActivity)).contains(bigContent);
        assertThat(ops.activityContent(-1)).isEmpty();
        assertThat(stats("activity-content").hits()).isPositive();
    }

    @Test
    void cachedReadsAnswerAsThePlainJdbcOperations() {
        long student = campus.scale().studentUserId(7);
        long classId = CampusScale.classOfStudent(7);
        for (int round = 0; round < 2; round++) {
            assertThat(ops.pendingActivities(student, classId, CampusCalendar.CURRENT_TERM, 20))
                    .isEqualTo(plain.operations().pendingActivities(student, classId, CampusCalendar.CURRENT_TERM, 20));
            assertThat(ops.questionSet(1, 1, Difficulty.ofLevel(2), 10, 12_345L))
                    .isEqualTo(plain.operations().questionSet(1, 1, Difficulty.ofLevel(2), 10, 12_345L));
        }
        assertThat(stats("pending-activities").hits()).isPositive();
        assertThat(stats("question-pools").hits()).isPositive();
    }

    @Test
    void aStudentReadsOnThePrimaryRightAfterAnsweringWhileOthersReadTheLaggingStandby(TestDatabase db,
            PostgresCluster cluster) throws SQLException {
        long writer = campus.scale().studentUserId(3);
        long other = campus.scale().studentUserId(4);
        long answersBefore = CampusFixture.queryLong(db, "SELECT count(*) FROM answers");
        cluster.standby().setReplayDelay(Duration.ofSeconds(3));
        try {
            long questionId = CampusFixture.queryLong(db, "SELECT min(id) FROM questions");
            ops.submitAnswer(new AnswerSubmission(writer, questionId, 1, 1_500));
            CampusBackend.RouteCounters before = backend.routes();
            ops.recentAuditLog(writer, Instant.now(), 10);
            CampusBackend.RouteCounters afterOwn = backend.routes();
            ops.recentAuditLog(other, Instant.now(), 10);
            CampusBackend.RouteCounters afterOther = backend.routes();
            assertThat(afterOwn.primaryReads() - before.primaryReads()).isEqualTo(1);
            assertThat(afterOwn.replicaReads() - before.replicaReads()).isZero();
            assertThat(afterOther.replicaReads() - afterOwn.replicaReads()).isEqualTo(1);
        } finally {
            cluster.standby().setReplayDelay(Duration.ZERO);
        }
        assertThat(CampusFixture.queryLong(db, "SELECT count(*) FROM answers")).isEqualTo(answersBefore + 1);
    }

    @Test
    void auditLogThroughThePartitionedRepositoryMatchesThePlainQuery(TestDatabase db) throws SQLException {
        long user = CampusFixture.queryLong(db, "SELECT user_id FROM audit_logs WHERE logged_at > now() - interval '30 days'"
                + " GROUP BY user_id ORDER BY count(*) DESC, user_id LIMIT 1");
        Instant now = Instant.now();
        assertThat(ops.recentAuditLog(user, now, 100)).isNotEmpty()
                .isEqualTo(plain.operations().recentAuditLog(user, now, 100));
        assertThat(ops.recentAuditLog(user, now, 2)).isEqualTo(plain.operations().recentAuditLog(user, now, 2));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ops.recentAuditLog(user, now, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("limit must be between 1 and 100, was 0");
    }

    @Test
    void interactionsReachThePrimaryThroughTheBatchWriter(TestDatabase db) throws Exception {
        long user = campus.scale().studentUserId(9);
        String count = "SELECT count(*) FROM user_interactions WHERE user_id = " + user + " AND interaction_type = 'probe'";
        long before = CampusFixture.queryLong(db, count);
        for (int i = 0; i < 5; i++) {
            ops.recordInteraction(new dev.quadrangle.samples.ops.Interaction(user, "probe", null, (long) i, "{\"n\": " + i + "}"));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (CampusFixture.queryLong(db, count) < before + 5 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(CampusFixture.queryLong(db, count)).isEqualTo(before + 5);
        assertThat(backend.degradations()).anyMatch(l -> l.startsWith("core: ") && l.endsWith(", 0 in failed batches"));
    }

    @Test
    void connectionsStayWithinTheBudgetAndTheReportNamesEveryModule() {
        assertThat(backend.maxConnections()).isEqualTo(6);
        assertThat(backend.pools()).extracting(CampusBackend.PoolSnapshot::maxSize).containsExactly(4, 2);
        assertThat(backend.servicesUsed()).containsExactly("primary", "standby", "redis", "s3");
        List<String> lines = backend.degradations();
        assertThat(lines).anyMatch(l -> l.startsWith("routing: replica standby eligible="))
                .anyMatch(l -> l.startsWith("cache: Redis breaker opened"))
                .anyMatch(l -> l.startsWith("storage: "));
    }

    private static CampusBackend.CacheRegionStats stats(String region) {
        return backend.caches().stream().filter(s -> s.region().equals(region)).findFirst()
                .orElseThrow(() -> new AssertionError("no stats for region " + region));
    }
}
