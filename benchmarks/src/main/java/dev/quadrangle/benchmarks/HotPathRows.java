package dev.quadrangle.benchmarks;

import java.util.List;

/**
 * The rows {@link HotPathBenchmark}'s paths return; each pair returns the same rows before and after, which
 * {@link HotPathCampus} checks once per trial.
 */
final class HotPathRows {
    private HotPathRows() {
    }

    /**
     * A question of the bank.
     *
     * @param id the id
     * @param systemId the system
     * @param topicId the topic
     * @param difficulty 1 to 3
     * @param stem the question text
     * @param explanation the explanation
     * @param successRate the share of right answers
     */
    public record QuestionRow(long id, int systemId, int topicId, int difficulty, String stem, String explanation,
            float successRate) {
    }

    /**
     * One line of a school's grade book.
     *
     * @param classId the class
     * @param studentId the student
     * @param student the student's display name
     * @param activityId the activity
     * @param status SUBMITTED or GRADED
     * @param score the score, {@code null} until graded
     */
    public record GradeLine(long classId, long studentId, String student, long activityId, String status, Double score) {
    }

    /**
     * One of a student's latest grades.
     *
     * @param activityId the activity
     * @param score the score, {@code null} until graded
     * @param status SUBMITTED or GRADED
     */
    public record GradeBrief(long activityId, Double score, String status) {
    }

    /**
     * A student of a teacher's class list with the latest grades.
     *
     * @param studentId the student
     * @param name the display name
     * @param latest the latest grades of the current term, newest first
     */
    public record StudentGrades(long studentId, String name, List<GradeBrief> latest) {
    }

    /**
     * An audit log entry.
     *
     * @param id the id
     * @param userId the user
     * @param action the action
     * @param entityType the entity's type
     * @param entityId the entity, may be {@code null}
     * @param loggedAtMillis when, epoch milliseconds
     * @param details the JSON details as text
     */
    public record AuditRow(long id, long userId, String action, String entityType, Long entityId, long loggedAtMillis,
            String details) {
    }

    /**
     * A pending activity on a student's dashboard.
     *
     * @param activityId the activity
     * @param title the title
     * @param purpose LEARNING or ASSESSMENT
     * @param subject the subject's name
     * @param dueAtMillis the due date, epoch milliseconds
     */
    public record PendingRow(long activityId, String title, String purpose, String subject, long dueAtMillis) {
    }
}
