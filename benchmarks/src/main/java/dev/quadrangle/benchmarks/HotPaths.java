package dev.quadrangle.benchmarks;

import dev.quadrangle.benchmarks.HotPathRows.AuditRow;
import dev.quadrangle.benchmarks.HotPathRows.GradeBrief;
import dev.quadrangle.benchmarks.HotPathRows.GradeLine;
import dev.quadrangle.benchmarks.HotPathRows.PendingRow;
import dev.quadrangle.benchmarks.HotPathRows.QuestionRow;
import dev.quadrangle.benchmarks.HotPathRows.StudentGrades;
import dev.quadrangle.core.repository.KeysetPage;
import dev.quadrangle.core.repository.PageRequest;
import dev.quadrangle.core.repository.PartitionScope;
import dev.quadrangle.core.repository.PartitionedRepository;
import dev.quadrangle.samples.schema.CampusCalendar;
import dev.quadrangle.samples.schema.CampusPartitions;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The hot paths, each the seeds' way ("before") and Quadrangle's way, over one pool on the data set. The
 * "before" queries are the seeds' own shapes, on the same indexes as the "after" (never made slower than
 * the seed shows); see {@link HotPathBenchmark} for each pair.
 *
 * <p>Thread-safe.
 */
final class HotPaths {
    /** Rows on a question set (seed 002: {@code LIMIT 50}). */
    static final int QUESTIONS = 50;
    /** Rows on a grade book page. */
    static final int PAGE = 50;
    /** Latest grades per student on a class list. */
    static final int LATEST_GRADES = 3;
    /** Audit log entries on a page (seed 004: {@code [:100]}). */
    static final int AUDIT_PAGE = 100;
    /** The audit log window (seed 004: last 30 days). */
    static final Duration AUDIT_WINDOW = Duration.ofDays(30);
    /** Pending activities on a dashboard. */
    static final int PENDING = 20;

    static final String ORDER_BY_RANDOM = "SELECT id, system_id, topic_id, difficulty, stem, explanation, success_rate"
            + " FROM questions WHERE system_id = ? AND topic_id = ? AND difficulty = ? ORDER BY random() LIMIT " + QUESTIONS;
    static final String POOL_IDS = "SELECT question_ids FROM question_pools WHERE system_id = ? AND topic_id = ?"
            + " AND difficulty = ?";
    static final String QUESTIONS_BY_ID = "SELECT id, system_id, topic_id, difficulty, stem, explanation, success_rate"
            + " FROM questions WHERE id = ANY (?)";
    private static final String GRADE_PAGE_COLUMNS = "SELECT g.class_id, g.student_id, g.activity_id, g.status, g.score"
            + " FROM activity_grades g WHERE g.term_id = ? AND g.created_at >= ? AND g.created_at < ?"
            + " AND g.class_id BETWEEN ? AND ?";
    private static final String GRADE_PAGE_ORDER = " ORDER BY g.class_id, g.student_id, g.activity_id LIMIT ?";
    /** The page alone is paged (then joined), so OFFSET costs only the grade rows it skips. */
    static final String GRADES_OFFSET = "SELECT p.class_id, p.student_id, u.display_name, p.activity_id, p.status, p.score"
            + " FROM (" + GRADE_PAGE_COLUMNS + GRADE_PAGE_ORDER + " OFFSET ?) p JOIN users u ON u.id = p.student_id"
            + " ORDER BY p.class_id, p.student_id, p.activity_id";
    static final String GRADES_KEYSET = "SELECT p.class_id, p.student_id, u.display_name, p.activity_id, p.status, p.score"
            + " FROM (" + GRADE_PAGE_COLUMNS + " AND (g.class_id, g.student_id, g.activity_id) > (?, ?, ?)"
            + GRADE_PAGE_ORDER + ") p JOIN users u ON u.id = p.student_id ORDER BY p.class_id, p.student_id, p.activity_id";
    static final String CLASS_STUDENTS = "SELECT s.user_id, u.display_name FROM students s"
            + " JOIN users u ON u.id = s.user_id WHERE s.class_id = ? ORDER BY s.user_id";
    static final String STUDENT_LATEST_GRADES = "SELECT activity_id, score, status FROM activity_grades"
            + " WHERE term_id = ? AND created_at >= ? AND created_at < ? AND class_id = ? AND student_id = ?"
            + " ORDER BY submitted_at DESC, activity_id DESC LIMIT "
            + LATEST_GRADES;
    static final String AUDIT_FLAT = "SELECT id, user_id, action, entity_type, entity_id, logged_at, details::text"
            + " FROM audit_logs_flat WHERE user_id = ? AND logged_at >= ? AND logged_at < ?"
            + " ORDER BY logged_at DESC, id DESC LIMIT " + AUDIT_PAGE;
    /** The same on seed 004's table as it is before the seed's change: no partitions, no (user_id, timestamp) index. */
    static final String AUDIT_SEED_TABLE = "SELECT id, user_id, action, entity_type, entity_id, logged_at, details::text"
            + " FROM audit_logs_unindexed WHERE user_id = ? AND logged_at >= ? AND logged_at < ?"
            + " ORDER BY logged_at DESC, id DESC LIMIT " + AUDIT_PAGE;
    static final String PENDING_ACTIVITIES = "SELECT a.id, a.title, a.purpose, s.name, a.due_at"
            + " FROM activities a JOIN subjects s ON s.id = a.subject_id"
            + " WHERE a.class_id = ? AND a.term_id = ? AND a.status = 'ACTIVE' AND a.due_at >= ?"
            + " AND NOT EXISTS (SELECT 1 FROM activity_grades g WHERE g.term_id = ? AND g.created_at >= ?"
            + " AND g.created_at < ? AND g.class_id = ?"
            + " AND g.student_id = ? AND g.activity_id = a.id)"
            + " ORDER BY a.due_at, a.id LIMIT " + PENDING;
    static final String INSERT_ANSWER = "INSERT INTO answers_ingest (student_id, question_id, selected_option, is_correct,"
            + " time_taken_ms, answered_at) VALUES (?, ?, ?, ?, ?, ?)";
    /** Recalculates the summary from all the student's answers (what seed 002 says not to do). */
    static final String SUMMARY_RECOMPUTE = "UPDATE performance_summaries ps SET total_answered = a.n, total_correct = a.c,"
            + " points = a.p, last_answered_at = a.last, updated_at = ? FROM (SELECT count(*)::int AS n,"
            + " (count(*) FILTER (WHERE an.is_correct))::int AS c,"
            + " coalesce(sum(CASE WHEN an.is_correct THEN q.difficulty * 10 ELSE 0 END), 0)::int AS p,"
            + " max(an.answered_at) AS last FROM answers an JOIN questions q ON q.id = an.question_id"
            + " WHERE an.student_id = ?) a WHERE ps.student_id = ?";
    /** Seed 002's incremental update. */
    static final String SUMMARY_INCREMENT = "UPDATE performance_summaries SET total_answered = total_answered + 1,"
            + " total_correct = total_correct + ?, points = points + ?, last_answered_at = ?, updated_at = ?"
            + " WHERE student_id = ?";

    private static final Table<?> STUDENTS = DSL.table(DSL.name("students")).as("s");
    private static final Table<?> USERS = DSL.table(DSL.name("users")).as("u");
    private static final Table<?> GRADES = DSL.table(DSL.name("activity_grades")).as("g");
    private static final Field<Long> S_USER = DSL.field(DSL.name("s", "user_id"), SQLDataType.BIGINT);
    private static final Field<Long> S_CLASS = DSL.field(DSL.name("s", "class_id"), SQLDataType.BIGINT);
    private static final Field<Long> U_ID = DSL.field(DSL.name("u", "id"), SQLDataType.BIGINT);
    private static final Field<String> U_NAME = DSL.field(DSL.name("u", "display_name"), SQLDataType.CLOB);
    private static final Field<Integer> G_TERM = DSL.field(DSL.name("g", "term_id"), SQLDataType.INTEGER);
    private static final Field<OffsetDateTime> G_CREATED = DSL.field(DSL.name("g", "created_at"),
            SQLDataType.TIMESTAMPWITHTIMEZONE);
    private static final Field<Long> G_CLASS = DSL.field(DSL.name("g", "class_id"), SQLDataType.BIGINT);
    private static final Field<Long> G_STUDENT = DSL.field(DSL.name("g", "student_id"), SQLDataType.BIGINT);
    private static final Field<Long> G_ACTIVITY = DSL.field(DSL.name("g", "activity_id"), SQLDataType.BIGINT);
    private static final Field<Double> G_SCORE = DSL.field(DSL.name("g", "score"), SQLDataType.DOUBLE);
    private static final Field<String> G_STATUS = DSL.field(DSL.name("g", "status"), SQLDataType.CLOB);
    private static final Field<OffsetDateTime> G_SUBMITTED = DSL.field(DSL.name("g", "submitted_at"),
            SQLDataType.TIMESTAMPWITHTIMEZONE);

    private final DataSource pool;
    private final DSLContext jooq;
    private final PartitionedRepository auditLogs;
    private final Map<Integer, CampusCalendar.Term> terms = new HashMap<>();

    /**
     * The paths over one campus database.
     *
     * @param pool the database
     * @param calendar the campus calendar: grades are partitioned by the {@code created_at} range of their
     *     term, so every grade query carries its term's range besides its id
     */
    HotPaths(DataSource pool, CampusCalendar calendar) {
        this.pool = pool;
        calendar.terms().forEach(t -> terms.put(t.id(), t));
        // OffsetDateTime bound as timestamptz: jOOQ's default binds a string under a cast, which PostgreSQL
        // cannot evaluate at plan time, so the term's partition would be pruned only at run time
        this.jooq = DSL.using(pool, SQLDialect.POSTGRES, new Settings().withBindOffsetDateTimeType(true));
        this.auditLogs = PartitionedRepository.builder(CampusPartitions.AUDIT_LOGS, pool).build();
    }

    // question selection (seed 002)

    List<QuestionRow> questionsOrderByRandom(int system, int topic, int difficulty) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(ORDER_BY_RANDOM)) {
            ps.setInt(1, system);
            ps.setInt(2, topic);
            ps.setInt(3, difficulty);
            List<QuestionRow> result = new ArrayList<>(QUESTIONS);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(question(rs));
                }
            }
            return result;
        }
    }

    /** A whole pre-shuffled pool in pool order: what the cache keeps. */
    List<QuestionRow> questionPool(int system, int topic, int difficulty) throws SQLException {
        try (Connection c = pool.getConnection()) {
            Long[] ids;
            try (PreparedStatement ps = c.prepareStatement(POOL_IDS)) {
                ps.setInt(1, system);
                ps.setInt(2, topic);
                ps.setInt(3, difficulty);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return List.of();
                    }
                    Array array = rs.getArray(1);
                    ids = (Long[]) array.getArray();
                    array.free();
                }
            }
            Map<Long, QuestionRow> byId = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(QUESTIONS_BY_ID)) {
                Array array = c.createArrayOf("bigint", ids);
                ps.setArray(1, array);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        QuestionRow q = question(rs);
                        byId.put(q.id(), q);
                    }
                }
                array.free();
            }
            List<QuestionRow> result = new ArrayList<>(ids.length);
            for (Long id : ids) {
                result.add(byId.get(id));
            }
            return List.copyOf(result);
        }
    }

    /**
     * A question set: {@value #QUESTIONS} consecutive questions of a pre-shuffled pool from a start, wrapping.
     *
     * @param pool the pool, in pool order
     * @param start where the set starts
     * @return the set
     */
    static List<QuestionRow> slice(List<QuestionRow> pool, int start) {
        int n = Math.min(QUESTIONS, pool.size());
        List<QuestionRow> result = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            result.add(pool.get((start + i) % pool.size()));
        }
        return result;
    }

    private static QuestionRow question(ResultSet rs) throws SQLException {
        return new QuestionRow(rs.getLong(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getString(5), rs.getString(6),
                rs.getFloat(7));
    }

    // a school's grade book, a page deep in the list (seed 000's skip/take)

    List<GradeLine> gradesOffsetPage(int term, long firstClass, long lastClass, int offset) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(GRADES_OFFSET)) {
            int i = bindTerm(ps, 1, term);
            ps.setLong(i, firstClass);
            ps.setLong(i + 1, lastClass);
            ps.setInt(i + 2, PAGE);
            ps.setInt(i + 3, offset);
            return gradeLines(ps);
        }
    }

    List<GradeLine> gradesKeysetPage(int term, long firstClass, long lastClass, long[] after) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(GRADES_KEYSET)) {
            int i = bindTerm(ps, 1, term);
            ps.setLong(i, firstClass);
            ps.setLong(i + 1, lastClass);
            ps.setLong(i + 2, after[0]);
            ps.setLong(i + 3, after[1]);
            ps.setLong(i + 4, after[2]);
            ps.setInt(i + 5, PAGE);
            return gradeLines(ps);
        }
    }

    /** Binds the term's id and its {@code created_at} range, the grade partitions' key, from {@code index} on. */
    private int bindTerm(PreparedStatement ps, int index, int term) throws SQLException {
        CampusCalendar.Term t = term(term);
        ps.setInt(index, term);
        ps.setTimestamp(index + 1, Timestamp.from(t.start()));
        ps.setTimestamp(index + 2, Timestamp.from(t.end()));
        return index + 3;
    }

    private CampusCalendar.Term term(int term) {
        CampusCalendar.Term t = terms.get(term);
        if (t == null) {
            throw new IllegalArgumentException("no term " + term + " in the campus calendar");
        }
        return t;
    }

    private static List<GradeLine> gradeLines(PreparedStatement ps) throws SQLException {
        List<GradeLine> result = new ArrayList<>(PAGE);
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                double score = rs.getDouble(6);
                Double graded = rs.wasNull() ? null : score;
                result.add(new GradeLine(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                        graded));
            }
        }
        return result;
    }

    // a teacher's class list with each student's latest grades (seed 004's N+1)

    List<StudentGrades> classListNPlusOne(long classId, int term) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement students = c.prepareStatement(CLASS_STUDENTS);
                PreparedStatement grades = c.prepareStatement(STUDENT_LATEST_GRADES)) {
            students.setLong(1, classId);
            List<Long> ids = new ArrayList<>();
            List<String> names = new ArrayList<>();
            try (ResultSet rs = students.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                    names.add(rs.getString(2));
                }
            }
            List<StudentGrades> result = new ArrayList<>(ids.size());
            for (int k = 0; k < ids.size(); k++) {
                int i = bindTerm(grades, 1, term);
                grades.setLong(i, classId);
                grades.setLong(i + 1, ids.get(k));
                List<GradeBrief> latest = new ArrayList<>(LATEST_GRADES);
                try (ResultSet rs = grades.executeQuery()) {
                    while (rs.next()) {
                        double score = rs.getDouble(2);
                        Double graded = rs.wasNull() ? null : score;
                        latest.add(new GradeBrief(rs.getLong(1), graded, rs.getString(3)));
                    }
                }
                result.add(new StudentGrades(ids.get(k), names.get(k), latest));
            }
            return result;
        }
    }

    /**
     * One statement: the class's students, each joined {@code LATERAL} to its latest grades, nested into
     * lists as the rows arrive (in student order). The nested select names the class and the term's
     * {@code created_at} range as values, not as columns of the outer query, so PostgreSQL prunes to the one
     * leaf partition when it plans. (jOOQ's {@code MULTISET} gives the same result from the same plan; its
     * JSON round trip cost about 0.5 ms more per call for 100 students here.)
     */
    List<StudentGrades> classListSingleQuery(long classId, int term) {
        CampusCalendar.Term t = term(term);
        Table<?> latest = DSL.lateral(DSL.select(G_ACTIVITY, G_SCORE, G_STATUS, G_SUBMITTED).from(GRADES)
                .where(G_TERM.eq(term))
                .and(G_CREATED.ge(t.start().atOffset(ZoneOffset.UTC)))
                .and(G_CREATED.lt(t.end().atOffset(ZoneOffset.UTC)))
                .and(G_CLASS.eq(classId)).and(G_STUDENT.eq(S_USER))
                .orderBy(G_SUBMITTED.desc(), G_ACTIVITY.desc()).limit(LATEST_GRADES)).as("l");
        Field<Long> activity = latest.field(G_ACTIVITY);
        Field<Double> score = latest.field(G_SCORE);
        Field<String> status = latest.field(G_STATUS);
        Map<Long, StudentGrades> students = new LinkedHashMap<>();
        jooq.select(S_USER, U_NAME, activity, score, status)
                .from(STUDENTS).join(USERS).on(U_ID.eq(S_USER)).leftJoin(latest).on(DSL.trueCondition())
                .where(S_CLASS.eq(classId))
                .orderBy(S_USER, latest.field(G_SUBMITTED).desc(), activity.desc())
                .forEach(r -> {
                    StudentGrades student = students.computeIfAbsent(r.value1(),
                            id -> new StudentGrades(id, r.value2(), new ArrayList<>(LATEST_GRADES)));
                    if (r.value3() != null) {
                        student.latest().add(new GradeBrief(r.value3(), r.value4(), r.value5()));
                    }
                });
        return List.copyOf(students.values());
    }

    // a user's audit log, last 30 days (seed 004)

    /** The seed's way: the last 30 days from the seed's own table (unpartitioned, without the index). */
    List<AuditRow> auditLogUnpartitioned(long userId, Instant now) throws SQLException {
        return auditWindow(AUDIT_SEED_TABLE, userId, now);
    }

    /** The last 30 days from an unpartitioned copy with the partitions' {@code (user_id, logged_at)} index. */
    List<AuditRow> auditLogUnpartitionedIndexed(long userId, Instant now) throws SQLException {
        return auditWindow(AUDIT_FLAT, userId, now);
    }

    private List<AuditRow> auditWindow(String sql, long userId, Instant now) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, userId);
            ps.setTimestamp(2, Timestamp.from(now.minus(AUDIT_WINDOW)));
            ps.setTimestamp(3, Timestamp.from(now));
            return auditRows(ps);
        }
    }

    private static List<AuditRow> auditRows(PreparedStatement ps) throws SQLException {
        List<AuditRow> result = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long entity = rs.getLong(5);
                Long entityId = rs.wasNull() ? null : entity;
                result.add(new AuditRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), entityId,
                        rs.getTimestamp(6).getTime(), rs.getString(7)));
            }
        }
        return result;
    }

    List<AuditRow> auditLogPartitioned(long userId, Instant now) {
        OffsetDateTime to = now.atOffset(ZoneOffset.UTC);
        KeysetPage page = auditLogs.page(PartitionScope.between("logged_at", to.minus(AUDIT_WINDOW), to),
                DSL.field(DSL.name("user_id"), Long.class).eq(userId),
                PageRequest.orderBy("logged_at", "id").descending().limit(AUDIT_PAGE));
        List<AuditRow> result = new ArrayList<>(page.rows().size());
        for (Record r : page.rows()) {
            JSONB details = r.get("details", JSONB.class);
            result.add(new AuditRow(r.get("id", Long.class), r.get("user_id", Long.class), r.get("action", String.class),
                    r.get("entity_type", String.class), r.get("entity_id", Long.class),
                    r.get("logged_at", OffsetDateTime.class).toInstant().toEpochMilli(),
                    details == null ? null : details.data()));
        }
        return result;
    }

    // a student's dashboard: pending activities (seed 000's cached fetch, seed 004's dashboard)

    List<PendingRow> pendingActivities(long studentId, long classId, int term, Instant now) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(PENDING_ACTIVITIES)) {
            ps.setLong(1, classId);
            ps.setInt(2, term);
            ps.setTimestamp(3, Timestamp.from(now));
            int i = bindTerm(ps, 4, term);
            ps.setLong(i, classId);
            ps.setLong(i + 1, studentId);
            List<PendingRow> result = new ArrayList<>(PENDING);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(new PendingRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getTimestamp(5).getTime()));
                }
            }
            return result;
        }
    }

    // answer ingest (seed 002: 250k answer writes a day)

    /** One INSERT per answer, each committed, on one connection. */
    int answersOneByOne(List<Object[]> answers) throws SQLException {
        int stored = 0;
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT_ANSWER)) {
            for (Object[] a : answers) {
                ps.setLong(1, (Long) a[0]);
                ps.setLong(2, (Long) a[1]);
                ps.setShort(3, (Short) a[2]);
                ps.setBoolean(4, (Boolean) a[3]);
                ps.setInt(5, (Integer) a[4]);
                ps.setObject(6, a[5]);
                stored += ps.executeUpdate();
            }
        }
        return stored;
    }

    // the performance summary after an answer (seed 002)

    int summaryRecompute(long studentId, Instant now) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(SUMMARY_RECOMPUTE)) {
                ps.setTimestamp(1, Timestamp.from(now));
                ps.setLong(2, studentId);
                ps.setLong(3, studentId);
                return ps.executeUpdate();
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }

    int summaryIncrement(long studentId, boolean correct, int difficulty, Instant now) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(SUMMARY_INCREMENT)) {
                ps.setInt(1, correct ? 1 : 0);
                ps.setInt(2, correct ? difficulty * 10 : 0);
                ps.setTimestamp(3, Timestamp.from(now));
                ps.setTimestamp(4, Timestamp.from(now));
                ps.setLong(5, studentId);
                return ps.executeUpdate();
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }
}
