package dev.quadrangle.samples.ops;

import java.util.List;

/**
 * A question with its options (the correct one is not revealed).
 *
 * @param id the question
 * @param systemId its system
 * @param topicId its topic
 * @param difficulty its difficulty
 * @param stem the question text
 * @param options the options, by position
 */
public record Question(long id, int systemId, int topicId, Difficulty difficulty, String stem,
        List<QuestionOption> options) {
    /** Copies the options. */
    public Question {
        options = List.copyOf(options);
    }
}
