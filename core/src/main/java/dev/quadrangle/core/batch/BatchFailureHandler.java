package dev.quadrangle.core.batch;

import java.util.List;

/**
 * Receives a batch that could not be written after every attempt, so rows are never dropped silently
 * (store them aside, alert, or replay them later). Called on the writer's thread; must not block long.
 */
@FunctionalInterface
public interface BatchFailureHandler {

    /**
     * Handles a failed batch.
     *
     * @param rows the rows, in the order written
     * @param failure the last failure
     */
    void onFailedBatch(List<Object[]> rows, RuntimeException failure);
}
