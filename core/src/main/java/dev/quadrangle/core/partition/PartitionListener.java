package dev.quadrangle.core.partition;

import java.time.Instant;

/**
 * Receives what the {@link PartitionManager} does, for metrics and logs. Every method has a no-op
 * default; implementations must be thread-safe and fast, and must not throw (exceptions are ignored).
 * {@code dev.quadrangle.core.metrics.PartitionMetrics} binds it to Micrometer.
 */
public interface PartitionListener {

    /** A listener that ignores everything. */
    PartitionListener NONE = new PartitionListener() {
    };

    /**
     * {@code ensure} finished.
     *
     * @param spec the table
     * @param partitionsAhead RANGE partitions that start after today (0 for LIST and HASH)
     * @param rowsInDefault rows left in the DEFAULT partition (0 without one)
     * @param at when it finished, from the manager's clock
     */
    default void onEnsured(PartitionSpec spec, int partitionsAhead, long rowsInDefault, Instant at) {
    }

    /**
     * Retention finished.
     *
     * @param spec the table
     * @param at when it finished, from the manager's clock
     */
    default void onRetentionApplied(PartitionSpec spec, Instant at) {
    }

    /**
     * A run was skipped because another node holds the table's maintenance lock.
     *
     * @param spec the table
     * @param operation {@code "ensure"} or {@code "retention"}
     */
    default void onSkipped(PartitionSpec spec, String operation) {
    }

    /**
     * A DDL statement hit {@code lock_timeout} and will be retried after a backoff.
     *
     * @param spec the table
     * @param attempt the attempt that failed, from 1
     */
    default void onLockRetry(PartitionSpec spec, int attempt) {
    }

    /**
     * A partition was archived (schema or export) or dropped.
     *
     * @param spec the table
     * @param partition the partition name
     * @param action what was done
     * @param bytes compressed bytes exported (0 unless exported)
     */
    default void onArchived(PartitionSpec spec, String partition, Retention.Action action, long bytes) {
    }

    /**
     * A maintenance run failed.
     *
     * @param spec the table
     * @param failure the cause
     */
    default void onFailure(PartitionSpec spec, RuntimeException failure) {
    }
}
