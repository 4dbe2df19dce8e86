package dev.quadrangle.samples.ops;

/**
 * One grade book cell: a student's result on an activity.
 *
 * @param studentId the student
 * @param studentName the student's display name
 * @param activityId the activity
 * @param status {@code SUBMITTED} or {@code GRADED}
 * @param score the score, or {@code null} while not graded
 */
public record GradeRow(long studentId, String studentName, long activityId, String status, Double score) {
}
