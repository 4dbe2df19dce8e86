package dev.quadrangle.samples.ops;

/**
 * What storing an answer produced.
 *
 * @param answerId the stored answer's id
 * @param correct whether it was right
 * @param totalAnswered the student's answers so far, this one included
 */
public record AnswerReceipt(long answerId, boolean correct, int totalAnswered) {
}
