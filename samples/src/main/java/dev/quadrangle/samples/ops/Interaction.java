package dev.quadrangle.samples.ops;

/**
 * A raw interaction event.
 *
 * @param userId the user
 * @param type e.g. {@code VIEW_QUESTION}
 * @param activityId the activity concerned, or {@code null}
 * @param questionId the question concerned, or {@code null}
 * @param metadataJson small JSON metadata, or {@code null}
 */
public record Interaction(long userId, String type, Long activityId, Long questionId, String metadataJson) {
    /**
     * Validates the event.
     *
     * @throws IllegalArgumentException when the type is blank
     */
    public Interaction {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("interaction type must not be blank");
        }
    }
}
