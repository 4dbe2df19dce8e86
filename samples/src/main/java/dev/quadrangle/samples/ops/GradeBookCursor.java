package dev.quadrangle.samples.ops;

/**
 * A keyset position in a grade book: the (student, activity) of the last row seen.
 *
 * @param studentId the last row's student
 * @param activityId the last row's activity
 */
public record GradeBookCursor(long studentId, long activityId) {
    /** Before the first row. */
    public static final GradeBookCursor START = new GradeBookCursor(0, 0);
}
