package dev.quadrangle.samples.spring;

import java.time.Instant;
import java.util.List;

/** The JSON bodies of the campus endpoints (cached values are these records, as JSON in Redis). */
public final class CampusViews {

    private CampusViews() {
    }

    /**
     * An activity a student has not been graded on yet.
     *
     * @param id the activity
     * @param title its title
     * @param purpose LEARNING or ASSESSMENT
     * @param subject the subject's name
     * @param dueAt when it is due
     */
    public record PendingActivity(long id, String title, String purpose, String subject, Instant dueAt) {
    }

    /**
     * One grade book row.
     *
     * @param studentId the student
     * @param student the student's name
     * @param activityId the activity
     * @param status the grade's status
     * @param score the score, {@code null} when not scored
     */
    public record GradeRow(long studentId, String student, long activityId, String status, Double score) {
    }

    /**
     * One page of a grade book, in (student, activity) order.
     *
     * @param rows the rows
     * @param next the query string of the next page, {@code null} on the last page
     */
    public record GradeBookPage(List<GradeRow> rows, String next) {
    }

    /**
     * An answer to submit.
     *
     * @param studentId the student
     * @param questionId the question
     * @param option the chosen option's position
     * @param timeTakenMs how long the student took
     */
    public record AnswerSubmission(long studentId, long questionId, int option, int timeTakenMs) {
    }

    /**
     * A stored answer.
     *
     * @param answerId its id
     * @param correct whether it was right
     * @param totalAnswered the student's answers so far, this one included
     */
    public record AnswerReceipt(long answerId, boolean correct, int totalAnswered) {
    }

    /**
     * A student's performance summary.
     *
     * @param studentId the student
     * @param totalAnswered answers so far
     * @param totalCorrect right answers so far
     * @param points points so far
     */
    public record Summary(long studentId, int totalAnswered, int totalCorrect, int points) {
    }
}
