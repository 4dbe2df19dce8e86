package dev.quadrangle.samples.jdbc;

/** The plain-JDBC operations' SQL, with bind values for everything the caller gives. */
final class CampusSql {
    static final String PENDING_ACTIVITIES = "SELECT a.id, a.title, a.purpose, s.name, a.due_at"
            + " FROM activities a JOIN subjects s ON s.id = a.subject_id"
            + " WHERE a.class_id = ? AND a.term_id = ? AND a.status = 'ACTIVE' AND a.due_at >= now()"
            + " AND NOT EXISTS (SELECT 1 FROM activity_grades g WHERE g.term_id = ? AND g.class_id = ?"
            + " AND g.student_id = ? AND g.activity_id = a.id)"
            + " ORDER BY a.due_at, a.id LIMIT ?";

    /**
     * Keyset on the primary key (class, student, activity): the term's dates bound created_at (the
     * partition key; pruned at run time from the sub-selects) and the class picks the hash leaf; no OFFSET.
     */
    static final String GRADE_BOOK = "SELECT g.student_id, u.display_name, g.activity_id, g.status, g.score"
            + " FROM activity_grades g JOIN users u ON u.id = g.student_id"
            + " WHERE g.created_at >= (SELECT t.starts_on::timestamp AT TIME ZONE 'UTC' FROM terms t WHERE t.id = ?)"
            + " AND g.created_at < (SELECT t.ends_on::timestamp AT TIME ZONE 'UTC' FROM terms t WHERE t.id = ?)"
            + " AND g.term_id = ? AND g.class_id = ? AND (g.student_id, g.activity_id) > (?, ?)"
            + " ORDER BY g.student_id, g.activity_id LIMIT ?";

    static final String QUESTION_POOL = "SELECT question_ids FROM question_pools"
            + " WHERE system_id = ? AND topic_id = ? AND difficulty = ?";

    static final String QUESTIONS_WITH_OPTIONS = "SELECT q.id, q.system_id, q.topic_id, q.difficulty, q.stem,"
            + " o.position, o.body FROM questions q JOIN question_options o ON o.question_id = q.id"
            + " WHERE q.id = ANY (?) ORDER BY q.id, o.position";

    /**
     * One statement: the answer is checked against its option, stored, and added to the summary. Run in a
     * transaction so that a missing summary rolls the answer back too.
     */
    static final String SUBMIT_ANSWER = "WITH opt AS ("
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

    static final String LEADERBOARD = "SELECT ps.student_id, u.display_name, ps.points, ps.total_correct"
            + " FROM performance_summaries ps JOIN users u ON u.id = ps.student_id"
            + " WHERE ps.school_id = ? ORDER BY ps.points DESC, ps.student_id LIMIT ?";

    /** Bounded on both sides so that only the yearly partitions of the window are scanned. */
    static final String RECENT_AUDIT_LOG = "SELECT id, action, entity_type, entity_id, logged_at FROM audit_logs"
            + " WHERE user_id = ? AND logged_at > ? AND logged_at <= ? ORDER BY logged_at DESC, id DESC LIMIT ?";

    static final String ACTIVITY_CONTENT = "SELECT content::text FROM activities WHERE id = ?";

    static final String CONTENT_COLUMNS = "SELECT content::text, content_ref FROM activities WHERE id = ?";

    static final String RECORD_INTERACTION = "INSERT INTO user_interactions (user_id, interaction_type,"
            + " activity_id, question_id, created_at, metadata) VALUES (?, ?, ?, ?, now(), ?::jsonb)";

    private CampusSql() {
    }
}
