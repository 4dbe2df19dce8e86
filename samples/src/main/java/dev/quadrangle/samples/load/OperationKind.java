package dev.quadrangle.samples.load;

/** The operations a virtual user performs, with the route each one takes. */
public enum OperationKind {
    /** {@code pendingActivities}: a student's to-do list. */
    PENDING_ACTIVITIES("pendingActivities", false),
    /** {@code gradeBook}: a teacher pages through a class's grades. */
    GRADE_BOOK("gradeBook", false),
    /** {@code questionSet}: a random question set from a pool. */
    QUESTION_SET("questionSet", false),
    /** {@code submitAnswer}: an answer plus the summary update. */
    SUBMIT_ANSWER("submitAnswer", true),
    /** {@code leaderboard}: a school's top students. */
    LEADERBOARD("leaderboard", false),
    /** {@code recentAuditLog}: a user's last 30 days of audit log. */
    AUDIT_LOG("recentAuditLog", false),
    /** {@code activityContent}: an activity's large JSON content. */
    ACTIVITY_CONTENT("activityContent", false),
    /** {@code recordInteraction}: an analytics event. */
    RECORD_INTERACTION("recordInteraction", true);

    private final String label;
    private final boolean write;

    OperationKind(String label, boolean write) {
        this.label = label;
        this.write = write;
    }

    /** The operation's name in reports (the {@code CampusOperations} method). */
    public String label() {
        return label;
    }

    /** Whether it writes (and so always runs on the primary). */
    public boolean isWrite() {
        return write;
    }
}
