package dev.quadrangle.spring.boot.autoconfigure.storage;

import dev.quadrangle.storage.ContentOffload;

/**
 * Changes the {@link ContentOffload.Builder} after the {@code quadrangle.storage.*} properties were
 * applied and before the content offload is built: a read-through cache, a clock, another listener.
 * Beans of this type are applied in their {@code @Order}.
 */
@FunctionalInterface
public interface ContentOffloadCustomizer {

    /**
     * Customizes the builder.
     *
     * @param builder the builder, never {@code null}
     */
    void customize(ContentOffload.Builder builder);
}
