package dev.quadrangle.samples.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quadrangle.samples.data.CampusScale;
import dev.quadrangle.samples.data.GeneratedCampus;
import dev.quadrangle.samples.ops.AnswerReceipt;
import dev.quadrangle.samples.ops.AnswerSubmission;
import dev.quadrangle.samples.ops.AuditEntry;
import dev.quadrangle.samples.ops.CampusOperations;
import dev.quadrangle.samples.ops.Difficulty;
import dev.quadrangle.samples.ops.GradeBookCursor;
import dev.quadrangle.samples.ops.GradeBookPage;
import dev.quadrangle.samples.ops.GradeRow;
import dev.quadrangle.samples.ops.Interaction;
import dev.quadrangle.samples.ops.LeaderboardEntry;
import dev.quadrangle.samples.ops.PendingActivity;
import dev.quadrangle.samples.ops.Question;
import dev.quadrangle.samples.schema.CampusCalendar;
import dev.quadrangle.samples.schema.CampusPartitions;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@RealServices
class CampusOperationsIT {
    private static GeneratedCampus campus;
    private static JdbcCampusBackend backend;
    private static CampusOperations ops;

    @BeforeAll
    static void load(TestDatabase db) throws SQLException {
        campus = CampusFixture.load(db, 1);
        backend = JdbcCampusBackend.open(CampusFixture.endpoints(db), 4);
        ops = backend.operations();
    }

    @AfterAll
    static void close() {
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void pendingActivitiesAreTheCurrentTermsUnsubmittedFutureWorkSoonestFirst(TestDatabase db) throws SQLException {
        long student = campus.scale().studentUserId(5);
        long classId = CampusScale.classOfStudent(5);
        List<PendingActivity> pending = ops.pendingActivities(student, classId, CampusCalendar.CURRENT_TERM, 100);
        long expected = CampusFixture.queryLong(db, "SELECT count(*) FROM activities a WHERE a.class_id = " + classId
                + " AND a.term_id = 2 AND a.due_at >= now() AND NOT EXISTS (SELECT 1 FROM activity_grades g"
                + " WHERE g.activity_id = a.id AND g.student_id = " + student + ")");
        assertThat(pending).hasSize((int) expected).isNotEmpty();
        assertThat(pending).extracting(PendingActivity::dueAt).isSorted().allSatisfy(d -> assertThat(d).isAfter(Instant.now()));
        assertThat(ops.pendingActivities(student, classId, CampusCalendar.CURRENT_TERM, 1)).hasSize(1);
        assertThatThrownBy(() -> ops.pendingActivities(student, classId, 2, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("limit must be between 1 and 100, was 0");
    }

    @Test
    void gradeBookPagesCoverTheClassAndTermOnceInKeyOrder(TestDatabase db) throws SQLException {
        long classId = 3;
        List<GradeRow> all = new ArrayList<>();
        GradeBookCursor cursor = GradeBookCursor.START;
        int pages = 0;
        do {
            GradeBookPage page = ops.gradeBook(classId, CampusCalendar.CURRENT_TERM, cursor, 37);
            assertThat(page.rows().size()).isLessThanOrEqualTo(37);
            all.addAll(page.rows());
            cursor = page.next();
            pages++;
        } while (cursor != null && pages < 1_000);
        long expected = CampusFixture.queryLong(db, "SELECT count(*) FROM activity_grades WHERE term_id = 2 AND class_id = 3");
        assertThat(all).hasSize((int) expected);
        assertThat(pages).isEqualTo((int) ((expected + 36) / 37));
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < all.size(); i++) {
            GradeRow r = all.get(i);
            assertThat(keys.add(r.studentId() + "/" + r.activityId())).isTrue();
            assertThat(CampusScale.classOfStudent((int) (r.studentId() - campus.scale().studentUserId(0)))).isEqualTo(classId);
            if (i > 0) {
                GradeRow p = all.get(i - 1);
                assertThat(r.studentId() > p.studentId() || r.studentId() == p.studentId() && r.activityId() > p.activityId())
                        .isTrue();
            }
            assertThat(r.score() == null).isEqualTo(r.status().equals("SUBMITTED"));
        }
    }

    @Test
    void gradeBookQueryPrunesToOneLeafPartitionByTheManagersNames(TestDatabase db) throws SQLException {
        CampusCalendar.Term term = campus.calendar().term(CampusCalendar.CURRENT_TERM);
        String plan = explain(db, "EXPLAIN SELECT g.student_id FROM activity_grades g WHERE g.created_at >= '"
                + term.start() + "' AND g.created_at < '" + term.end() + "' AND g.class_id = 3"
                + " AND (g.student_id, g.activity_id) > (0, 0) ORDER BY g.student_id, g.activity_id LIMIT 51");
        java.util.regex.Matcher leaves = java.util.regex.Pattern.compile("activity_grades_t_term_\\d{8}_h\\d+").matcher(plan);
        Set<String> scanned = new HashSet<>();
        while (leaves.find()) {
            scanned.add(leaves.group());
        }
        assertThat(scanned).as(plan).hasSize(1).allSatisfy(leaf -> assertThat(leaf)
                .startsWith("activity_grades_t_" + CampusPartitions.termName(term) + "_h"));
        String audit = explain(db, "EXPLAIN SELECT id FROM audit_logs WHERE user_id = 5 AND logged_at > now() - interval '30 days'"
                + " AND logged_at <= now()");
        assertThat(audit).contains("audit_logs_p" + java.time.Year.now().getValue())
                .doesNotContain("audit_logs_p" + (java.time.Year.now().getValue() - 2));
    }

    @Test
    void partitionsAreTheManagersAndRetentionTookWhatExpired(TestDatabase db) throws SQLException {
        int year = java.time.Year.now().getValue();
        assertThat(CampusFixture.queryLong(db, "SELECT count(*) FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent"
                + " WHERE p.relname = 'activity_grades'")).isEqualTo(3);
        assertThat(CampusFixture.queryLong(db, "SELECT count(*) FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent"
                + " JOIN pg_class c ON c.oid = i.inhrelid WHERE p.relname = 'activity_grades_t_"
                + CampusPartitions.termName(campus.calendar().term(CampusCalendar.CURRENT_TERM)) + "'"))
                .isEqualTo(CampusPartitions.GRADE_CLASS_BUCKETS);
        // audit logs: two years of history, the oldest year archived (detached into the archive schema), never deleted
        assertThat(CampusFixture.queryLong(db, "SELECT count(*) FROM pg_tables WHERE schemaname = '"
                + CampusPartitions.ARCHIVE_SCHEMA + "' AND tablename = 'audit_logs_p" + (year - 2) + "'")).isEqualTo(1);
        assertThat(CampusFixture.queryLong(db, "SELECT count(*) FROM audit_logs WHERE logged_at < '" + (year - 1) + "-01-01'"))
                .isZero();
        assertThat(CampusFixture.queryLong(db, "SELECT count(*) FROM " + CampusPartitions.ARCHIVE_SCHEMA + ".audit_logs_p"
                + (year - 2))).isPositive();
        // raw interactions: nothing older than the month that holds the 90-day cutoff is left
        java.time.LocalDate cutoff = campus.calendar().today().minus(CampusPartitions.INTERACTION_KEEP);
        assertThat(CampusFixture.queryLong(db, "SELECT count(*) FROM user_interactions WHERE created_at < '"
                + cutoff.withDayOfMonth(1) + "'")).isZero();
        assertThat(CampusFixture.queryLong(db, "SELECT count(*) FROM user_interactions")).isPositive()
                .isLessThan(campus.rows("user_interactions"));
    }

    @Test
    void questionSetIsASliceOfThePreShuffledPoolWrappingAround() {
        int topic = CampusScale.topicId(2, 3);
        List<Question> set = ops.questionSet(2, topic, Difficulty.MEDIUM, 20, 50);
        assertThat(set).hasSize(20).extracting(Question::id).doesNotHaveDuplicates();
        assertThat(set).allSatisfy(q -> {
            assertThat(q.systemId()).isEqualTo(2);
            assertThat(q.topicId()).isEqualTo(topic);
            assertThat(q.difficulty()).isEqualTo(Difficulty.MEDIUM);
            assertThat(q.options()).extracting(o -> o.position()).containsExactly(1, 2, 3, 4);
        });
        long[] pool = new dev.quadrangle.samples.data.CampusGenerator(CampusFixture.SEED, campus.scale(),
                campus.calendar()).pool(2, 3, 2);
        assertThat(set.get(0).id()).isEqualTo(pool[50]);
        assertThat(set.get(10).id()).isEqualTo(pool[0]);
        assertThat(ops.questionSet(2, topic, Difficulty.MEDIUM, 5, -1).get(0).id()).isEqualTo(pool[59]);
        assertThat(ops.questionSet(2, CampusScale.topicId(3, 0), Difficulty.MEDIUM, 5, 0)).isEmpty();
    }

    @Test
    void submittedAnswerIsStoredAndCountedInTheSummary(TestDatabase db) throws SQLException {
        long student = campus.scale().studentUserId(17);
        long question = CampusScale.questionId(1, 0, 3, 7);
        int right = new dev.quadrangle.samples.data.CampusGenerator(CampusFixture.SEED, campus.scale(), campus.calendar())
                .correctOption(question);
        long before = CampusFixture.queryLong(db, "SELECT total_answered FROM performance_summaries WHERE student_id = " + student);
        long pointsBefore = CampusFixture.queryLong(db, "SELECT points FROM performance_summaries WHERE student_id = " + student);
        AnswerReceipt receipt = ops.submitAnswer(new AnswerSubmission(student, question, right, 1_000));
        assertThat(receipt.correct()).isTrue();
        assertThat(receipt.totalAnswered()).isEqualTo(before + 1);
        assertThat(receipt.answerId()).isGreaterThan(campus.lastGeneratedAnswerId());
        assertThat(CampusFixture.queryLong(db, "SELECT points FROM performance_summaries WHERE student_id = " + student))
                .isEqualTo(pointsBefore + 30);
        AnswerReceipt wrong = ops.submitAnswer(new AnswerSubmission(student, question, right % 4 + 1, 1_000));
        assertThat(wrong.correct()).isFalse();
        assertThat(CampusFixture.queryLong(db, "SELECT count(*) FROM answers WHERE student_id = " + student + " AND id > "
                + campus.lastGeneratedAnswerId())).isEqualTo(2);
    }

    @Test
    void anAnswerToAMissingQuestionStoresNothing(TestDatabase db) throws SQLException {
        long count = CampusFixture.queryLong(db, "SELECT count(*) FROM answers");
        long student = campus.scale().studentUserId(18);
        assertThatThrownBy(() -> ops.submitAnswer(new AnswerSubmission(student, 999_999, 1, 10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no option 1 of question 999999, or no performance summary for student " + student
                        + "; nothing was stored");
        assertThatThrownBy(() -> ops.submitAnswer(new AnswerSubmission(999_999_999L, 1, 1, 10)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(CampusFixture.queryLong(db, "SELECT count(*) FROM answers")).isEqualTo(count);
    }

    @Test
    void leaderboardRanksASchoolByPoints() {
        List<LeaderboardEntry> board = ops.leaderboard(1, 10);
        assertThat(board).hasSize(10).extracting(LeaderboardEntry::rank).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        for (int i = 1; i < board.size(); i++) {
            assertThat(board.get(i).points()).isLessThanOrEqualTo(board.get(i - 1).points());
        }
        assertThat(ops.leaderboard(2, 10)).isEmpty();
    }

    @Test
    void auditLogShowsOnlyTheLastThirtyDaysNewestFirst(TestDatabase db) throws SQLException {
        long user = campus.scale().studentUserId(40);
        Instant now = Instant.now();
        List<AuditEntry> entries = ops.recentAuditLog(user, now, 100);
        long expected = CampusFixture.queryLong(db, "SELECT count(*) FROM audit_logs WHERE user_id = " + user
                + " AND logged_at > now() - interval '30 days'");
        assertThat(entries).hasSize((int) expected);
        assertThat(entries).extracting(AuditEntry::loggedAt).isSortedAccordingTo(java.util.Comparator.reverseOrder())
                .allSatisfy(t -> assertThat(t).isAfter(now.minus(Duration.ofDays(30))));
        long total = CampusFixture.queryLong(db, "SELECT count(*) FROM audit_logs WHERE user_id = " + user);
        assertThat(total).isEqualTo(CampusScale.AUDIT_LOGS_PER_USER).isGreaterThan(entries.size());
    }

    @Test
    void activityContentIsTheLargeJsonOrEmpty() {
        String content = ops.activityContent(CampusScale.activityId(2, 1, 4)).orElseThrow();
        assertThat(content).startsWith("{").contains("\"activityId\": " + CampusScale.activityId(2, 1, 4));
        assertThat(content.length()).isGreaterThan(2_000);
        assertThat(ops.activityContent(-1)).isEmpty();
    }

    @Test
    void interactionsAreStoredAndReadsWentToTheReplica(TestDatabase db) throws SQLException {
        long before = CampusFixture.queryLong(db, "SELECT count(*) FROM user_interactions");
        ops.recordInteraction(new Interaction(campus.scale().studentUserId(3), "VIEW_QUESTION", null, 12L, "{\"a\":1}"));
        assertThat(CampusFixture.queryLong(db, "SELECT count(*) FROM user_interactions")).isEqualTo(before + 1);
        ops.leaderboard(1, 1);
        assertThat(backend.routes().replicaReads()).isPositive();
        assertThat(backend.maxConnections()).isEqualTo(4);
        assertThat(backend.pools()).extracting(p -> p.maxSize()).containsExactly(3, 1);
    }

    private static String explain(TestDatabase db, String sql) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }
}
