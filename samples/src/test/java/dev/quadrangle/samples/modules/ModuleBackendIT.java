package dev.quadrangle.samples.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quadrangle.samples.data.CampusScale;
import dev.quadrangle.samples.data.GeneratedCampus;
import dev.quadrangle.samples.jdbc.CampusFixture;
import dev.quadrangle.samples.jdbc.JdbcCampusBackend;
import dev.quadrangle.samples.ops.AnswerReceipt;
import dev.quadrangle.samples.ops.AnswerSubmission;
import dev.quadrangle.samples.ops.GradeBookCursor;
import dev.quadrangle.samples.ops.GradeBookPage;
import dev.quadrangle.samples.ops.GradeRow;
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
        // routing estimates a standby's time lag from its last replayed commit: after a quiet spell longer than
        // maxReplicaLag (5 s) the delayed answer would make the standby look 5 s+ behind and eject it, so the
        // standby replays a fresh commit before the delay starts
        CampusFixture.queryLong(db, "SELECT txid_current()");
        cluster.awaitStandbyCaughtUp(Duration.ofSeconds(30));
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

    @Test
    void gradeBookPagesThroughThePartitionedRepositoryMatchThePlainQueryPageByPage() {
        long classId = 2;
        GradeBookCursor cursor = GradeBookCursor.START;
        GradeBookCursor plainCursor = GradeBookCursor.START;
        int pages = 0;
        int rows = 0;
        do {
            GradeBookPage page = ops.gradeBook(classId, CampusCalendar.CURRENT_TERM, cursor, 40);
            GradeBookPage plainPage = plain.operations().gradeBook(classId, CampusCalendar.CURRENT_TERM, plainCursor, 40);
            assertThat(page).isEqualTo(plainPage);
            assertThat(page.rows()).allSatisfy(r -> assertThat(r.studentName()).isNotBlank());
            if (page.next() != null) {
                GradeRow last = page.rows().get(page.rows().size() - 1);
                assertThat(page.next()).isEqualTo(new GradeBookCursor(last.studentId(), last.activityId()));
            }
            rows += page.rows().size();
            cursor = page.next();
            plainCursor = plainPage.next();
            pages++;
        } while (cursor != null && pages < 1_000);
        assertThat(pages).isGreaterThan(1);
        assertThat(rows).isPositive();
        assertThatThrownBy(() -> ops.gradeBook(classId, 9, GradeBookCursor.START, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no term 9; terms: [1, 2, 3]");
    }

    @Test
    void batchedAnswersAreAcknowledgedOnlyWhenStoredAndTheCountersMatchARecompute(TestDatabase db) throws Exception {
        long before = CampusFixture.queryLong(db, "SELECT count(*) FROM answers");
        long firstQuestion = CampusFixture.queryLong(db, "SELECT min(id) FROM questions");
        int threads = 6;
        int perThread = 15;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        List<java.util.concurrent.Future<List<AnswerReceipt>>> futures = new java.util.ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                long student = campus.scale().studentUserId(20 + t);
                futures.add(pool.submit(() -> {
                    List<AnswerReceipt> receipts = new java.util.ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        receipts.add(ops.submitAnswer(new AnswerSubmission(student, firstQuestion + i, 1 + i % 4, 900)));
                    }
                    return receipts;
                }));
            }
            java.util.Set<Long> ids = new java.util.HashSet<>();
            for (java.util.concurrent.Future<List<AnswerReceipt>> f : futures) {
                for (AnswerReceipt r : f.get(60, java.util.concurrent.TimeUnit.SECONDS)) {
                    assertThat(ids.add(r.answerId())).isTrue();
                    assertThat(r.answerId()).isGreaterThan(campus.lastGeneratedAnswerId());
                    // acknowledged means committed: the row is on the primary the moment the call returns
                    assertThat(CampusFixture.queryLong(db, "SELECT count(*) FROM answers WHERE id = " + r.answerId()
                            + " AND is_correct = " + r.correct())).isEqualTo(1);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(CampusFixture.queryLong(db, "SELECT count(*) FROM answers")).isEqualTo(before + threads * perThread);
        // every summary equals a recompute from the answers (the generated ones and the batched ones)
        assertThat(CampusFixture.queryLong(db, "SELECT count(*) FROM performance_summaries ps LEFT JOIN ("
                + "SELECT a.student_id, count(*) n, count(*) FILTER (WHERE a.is_correct) c,"
                + " coalesce(sum(q.difficulty * 10) FILTER (WHERE a.is_correct), 0) p"
                + " FROM answers a JOIN questions q ON q.id = a.question_id GROUP BY a.student_id) r"
                + " ON r.student_id = ps.student_id WHERE ps.total_answered <> coalesce(r.n, 0)"
                + " OR ps.total_correct <> coalesce(r.c, 0) OR ps.points <> coalesce(r.p, 0)")).isZero();
        long student = campus.scale().studentUserId(20);
        AnswerReceipt next = ops.submitAnswer(new AnswerSubmission(student, firstQuestion, 1, 500));
        assertThat(next.totalAnswered()).isEqualTo(CampusFixture.queryLong(db,
                "SELECT total_answered FROM performance_summaries WHERE student_id = " + student));
        assertThat(backend.degradations()).anyMatch(l -> l.startsWith("core: ") && l.contains("answers acknowledged")
                && l.contains(", 0 rows in failed batches"));
        assertThatThrownBy(() -> ops.submitAnswer(new AnswerSubmission(student, -5, 1, 500)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no question -5; nothing was stored");
        assertThatThrownBy(() -> ops.submitAnswer(new AnswerSubmission(-7, firstQuestion, 1, 500)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no student -7; nothing was stored");
    }

    @Test
    void primedContentRegionServesTheTermsActivitiesWithoutAMiss() throws Exception {
        String line = backend.primeCaches(CampusCalendar.CURRENT_TERM);
        int activities = campus.scale().classes() * CampusScale.ACTIVITIES_PER_CLASS_PER_TERM;
        assertThat(line).contains(String.format("the content of %,d active activities of term 2", activities));
        CampusBackend.CacheRegionStats before = stats("activity-content");
        for (long classId = 1; classId <= campus.scale().classes(); classId++) {
            for (int k = 0; k < CampusScale.ACTIVITIES_PER_CLASS_PER_TERM; k++) {
                assertThat(ops.activityContent(CampusScale.activityId(classId, 1, k))).isPresent();
            }
        }
        CampusBackend.CacheRegionStats after = stats("activity-content");
        assertThat(after.misses() - before.misses()).isZero();
        assertThat(after.hits() - before.hits()).isEqualTo(activities);
    }

    private static CampusBackend.CacheRegionStats stats(String region) {
        return backend.caches().stream().filter(s -> s.region().equals(region)).findFirst()
                .orElseThrow(() -> new AssertionError("no stats for region " + region));
    }
}
