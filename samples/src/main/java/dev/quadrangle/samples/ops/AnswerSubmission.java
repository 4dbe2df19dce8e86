package dev.quadrangle.samples.ops;

/**
 * An answer a student submits.
 *
 * @param studentId the student
 * @param questionId the question
 * @param selectedOption the chosen option's position, 1 to 4
 * @param timeTakenMillis how long the student took, 0 or more
 */
public record AnswerSubmission(long studentId, long questionId, int selectedOption, int timeTakenMillis) {
    /**
     * Validates the answer.
     *
     * @throws IllegalArgumentException when the option or the time is out of range
     */
    public AnswerSubmission {
        if (selectedOption < 1 || selectedOption > 4) {
            throw new IllegalArgumentException("selectedOption must be between 1 and 4, was " + selectedOption);
        }
        if (timeTakenMillis < 0) {
            throw new IllegalArgumentException("timeTakenMillis must be >= 0, was " + timeTakenMillis);
        }
    }
}
