package dev.quadrangle.core.batch;

/**
 * Receives what a {@link BatchWriter} does, for metrics. Methods have no-op defaults, are called from
 * the writer's thread or the producer's, must be fast and thread-safe, and must not throw.
 * {@code dev.quadrangle.core.metrics.BatchWriterMetrics} binds it to Micrometer.
 */
public interface BatchWriterListener {

    /** A listener that ignores everything. */
    BatchWriterListener NONE = new BatchWriterListener() {
    };

    /**
     * A batch was written.
     *
     * @param rows rows in the batch
     * @param nanos how long the write took
     */
    default void onFlush(int rows, long nanos) {
    }

    /**
     * A producer waited because the queue was full.
     *
     * @param nanos how long it waited
     * @param accepted whether the row was queued in the end
     */
    default void onBackPressure(long nanos, boolean accepted) {
    }

    /**
     * A batch failed after every attempt and was handed to the failure handler.
     *
     * @param rows rows in the batch
     * @param failure the last failure
     */
    default void onFailure(int rows, RuntimeException failure) {
    }
}
