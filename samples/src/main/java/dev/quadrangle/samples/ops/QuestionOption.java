package dev.quadrangle.samples.ops;

/**
 * One option of a question.
 *
 * @param position 1 to 4
 * @param body the option's text
 */
public record QuestionOption(int position, String body) {
}
