package dev.quadrangle.samples.spring;

import dev.quadrangle.samples.schema.CampusCalendar;
import dev.quadrangle.samples.spring.CampusViews.AnswerReceipt;
import dev.quadrangle.samples.spring.CampusViews.AnswerSubmission;
import dev.quadrangle.samples.spring.CampusViews.GradeBookPage;
import dev.quadrangle.samples.spring.CampusViews.GradeRow;
import dev.quadrangle.samples.spring.CampusViews.PendingActivity;
import dev.quadrangle.samples.spring.CampusViews.Summary;
import dev.quadrangle.storage.ContentOffloader;
import dev.quadrangle.storage.StoredContent;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The campus operations over the routing data source: read-only transactions read on the standby (waiting
 * for the request's consistency token when it has one), the rest on the primary.
 */
@Service
public class CampusService {
    /** The tenant of the offloaded activity content (as the samples' offload pass writes it). */
    public static final String CONTENT_TENANT = "campus";
    /** Largest grade book page. */
    public static final int MAX_PAGE = 500;

    private static final String STUDENT_CLASS = "SELECT class_id FROM students WHERE user_id = ?";

    private static final String PENDING = "SELECT a.id, a.title, a.purpose, s.name, a.due_at"
            + " FROM activities a JOIN subjects s ON s.id = a.subject_id"
            + " WHERE a.class_id = ? AND a.term_id = ? AND a.status = 'ACTIVE' AND a.due_at >= now()"
            + " AND NOT EXISTS (SELECT 1 FROM activity_grades g WHERE g.term_id = ? AND g.class_id = ?"
            + " AND g.student_id = ? AND g.activity_id = a.id)"
            + " ORDER BY a.due_at, a.id LIMIT 20";

    /** Keyset on (student, activity) within one class and term: one partition leaf, no OFFSET. */
    private static final String GRADE_BOOK = "SELECT g.student_id, u.display_name, g.activity_id, g.status, g.score"
            + " FROM activity_grades g JOIN users u ON u.id = g.student_id"
            + " WHERE g.created_at >= (SELECT t.starts_on::timestamp AT TIME ZONE 'UTC' FROM terms t WHERE t.id = ?)"
            + " AND g.created_at < (SELECT t.ends_on::timestamp AT TIME ZONE 'UTC' FROM terms t WHERE t.id = ?)"
            + " AND g.term_id = ? AND g.class_id = ? AND (g.student_id, g.activity_id) > (?, ?)"
            + " ORDER BY g.student_id, g.activity_id LIMIT ?";

    /** The answer is checked against its option, stored, and added to the summary, in one statement. */
    private static final String SUBMIT_ANSWER = "WITH opt AS ("
            + "SELECT o.is_correct, q.difficulty FROM question_options o JOIN questions q ON q.id = o.question_id"
            + " WHERE o.question_id = ? AND o.position = ?),"
            + " ins AS (INSERT INTO answers (student_id, question_id, selected_option, is_correct, time_taken_ms,"
            + " answered_at) SELECT ?, ?, ?, opt.is_correct, ?, now() FROM opt RETURNING id, is_correct),"
            + " upd AS (UPDATE performance_summaries ps SET total_answered = ps.total_answered + 1,"
            + " total_correct = ps.total_correct + CASE WHEN opt.is_correct THEN 1 ELSE 0 END,"
            + " points = ps.points + CASE WHEN opt.is_correct THEN opt.difficulty * 10 ELSE 0 END,"
            + " last_answered_at = now(), updated_at = now() FROM opt WHERE ps.student_id = ?"
            + " RETURNING ps.total_answered)"
            + " SELECT ins.id, ins.is_correct, upd.total_answered FROM ins, upd";

    private static final String SUMMARY = "SELECT student_id, total_answered, total_correct, points"
            + " FROM performance_summaries WHERE student_id = ?";

    private static final String CONTENT = "SELECT content::text, content_ref FROM activities WHERE id = ?";

    private final JdbcTemplate jdbc;
    private final ContentOffloader offloader;

    CampusService(JdbcTemplate jdbc, ContentOffloader offloader) {
        this.jdbc = jdbc;
        this.offloader = offloader;
    }

    /**
     * The current term's activities a student has not been graded on, cached per student in the
     * {@code pending-activities} region (L1 + Redis, invalidated on every node).
     *
     * @param studentId the student
     * @return up to 20 activities, soonest due first; empty for an unknown student
     */
    // @start region="cacheable"
    @Cacheable(cacheNames = "pendingActivities", key = "#studentId")
    @Transactional(readOnly = true)
    public List<PendingActivity> pendingActivities(long studentId) {
        Optional<Long> classId = classOf(studentId);
        if (classId.isEmpty()) {
            return List.of();
        }
        int term = CampusCalendar.CURRENT_TERM;
        return jdbc.query(PENDING, (rs, n) -> new PendingActivity(rs.getLong(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getTimestamp(5).toInstant()), classId.get(), term, term, classId.get(), studentId);
    }
    // @end

    private Optional<Long> classOf(long studentId) {
        try {
            return Optional.ofNullable(jdbc.queryForObject(STUDENT_CLASS, Long.class, studentId));
        } catch (EmptyResultDataAccessException e) {
            return Optional.empty();
        }
    }

    /**
     * One grade book page of a class and term, after a (student, activity) position, on a replica.
     *
     * @param classId the class
     * @param termId the term
     * @param afterStudent the last page's last student, 0 for the first page
     * @param afterActivity the last page's last activity, 0 for the first page
     * @param size rows per page, 1 to {@value #MAX_PAGE}
     * @return the page
     */
    @Transactional(readOnly = true)
    public GradeBookPage gradeBook(long classId, int termId, long afterStudent, long afterActivity, int size) {
        if (size < 1 || size > MAX_PAGE) {
            throw new IllegalArgumentException("size must be between 1 and " + MAX_PAGE + ", was " + size);
        }
        List<GradeRow> rows = jdbc.query(GRADE_BOOK, CampusService::gradeRow, termId, termId, termId, classId,
                afterStudent, afterActivity, size);
        String next = null;
        if (rows.size() == size) {
            GradeRow last = rows.get(rows.size() - 1);
            next = "term=" + termId + "&afterStudent=" + last.studentId() + "&afterActivity=" + last.activityId()
                    + "&size=" + size;
        }
        return new GradeBookPage(rows, next);
    }

    private static GradeRow gradeRow(ResultSet rs, int n) throws SQLException {
        double score = rs.getDouble(5);
        return new GradeRow(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.wasNull() ? null : score);
    }

    /**
     * Stores an answer and adds it to the student's summary, on the primary; the consistency filter sends
     * the commit's token back in the response.
     *
     * @param answer the answer
     * @return the receipt, or empty when the question, the option or the student is unknown
     */
    @Transactional
    public Optional<AnswerReceipt> submitAnswer(AnswerSubmission answer) {
        List<AnswerReceipt> stored = jdbc.query(SUBMIT_ANSWER,
                (rs, n) -> new AnswerReceipt(rs.getLong(1), rs.getBoolean(2), rs.getInt(3)),
                answer.questionId(), answer.option(), answer.studentId(), answer.questionId(), answer.option(),
                answer.timeTakenMs(), answer.studentId());
        return stored.stream().findFirst();
    }

    /**
     * A student's summary, on a replica that has the request's token (read-your-writes).
     *
     * @param studentId the student
     * @return the summary, or empty for an unknown student
     */
    @Transactional(readOnly = true)
    public Optional<Summary> summary(long studentId) {
        return jdbc.query(SUMMARY, (rs, n) -> new Summary(rs.getLong(1), rs.getInt(2), rs.getInt(3), rs.getInt(4)),
                studentId).stream().findFirst();
    }

    /**
     * An activity's JSON content: inline from the row, or from S3 (verified) when it was offloaded; cached
     * per activity in the {@code activity-content} region, as the non-Spring sample caches it.
     *
     * @param activityId the activity
     * @return the content, or empty for an unknown activity
     */
    @Cacheable(cacheNames = "activityContent", key = "#activityId")
    @Transactional(readOnly = true)
    public Optional<String> activityContent(long activityId) {
        List<StoredContent> rows = jdbc.query(CONTENT, (rs, n) -> StoredContent.fromColumns(rs.getString(1),
                rs.getString(2)), activityId);
        return rows.stream().findFirst().map(content -> content.isOffloaded()
                ? new String(offloader.read(CONTENT_TENANT, content), StandardCharsets.UTF_8)
                : content.inlineJson().orElse("null"));
    }
}
