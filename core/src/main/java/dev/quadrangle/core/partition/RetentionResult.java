package dev.quadrangle.core.partition;

import java.util.List;

/**
 * What one {@link PartitionManager#applyRetention} run did.
 *
 * @param table the parent table
 * @param skipped whether the run was skipped because another node holds the maintenance lock
 * @param finalizedDetaches partitions whose interrupted {@code DETACH ... CONCURRENTLY} this run finished
 * @param archived the partitions detached and archived, exported or dropped by this run
 * @param lockRetries statements retried after {@code lock_timeout}
 */
public record RetentionResult(String table, boolean skipped, List<String> finalizedDetaches,
        List<ArchivedPartition> archived, int lockRetries) {
    /** Copies the lists. */
    public RetentionResult {
        finalizedDetaches = List.copyOf(finalizedDetaches);
        archived = List.copyOf(archived);
    }

    /**
     * The result of a skipped run.
     *
     * @param table the parent table
     * @return a result with {@code skipped} set
     */
    public static RetentionResult skipped(String table) {
        return new RetentionResult(table, true, List.of(), List.of(), 0);
    }
}
