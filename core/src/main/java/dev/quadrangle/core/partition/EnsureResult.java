package dev.quadrangle.core.partition;

import java.util.List;

/**
 * What one {@link PartitionManager#ensure} run did.
 *
 * @param table the parent table
 * @param skipped whether the run was skipped because another node holds the maintenance lock
 * @param created the partitions created by this run, in order
 * @param rowsMovedFromDefault rows moved out of the DEFAULT partition into proper partitions
 * @param rowsInDefault rows left in the DEFAULT partition (no partition could take them)
 * @param lockRetries statements retried after {@code lock_timeout}
 */
public record EnsureResult(String table, boolean skipped, List<String> created, long rowsMovedFromDefault,
        long rowsInDefault, int lockRetries) {
    /** Copies the list. */
    public EnsureResult {
        created = List.copyOf(created);
    }

    /**
     * The result of a skipped run.
     *
     * @param table the parent table
     * @return a result with {@code skipped} set
     */
    public static EnsureResult skipped(String table) {
        return new EnsureResult(table, true, List.of(), 0, 0, 0);
    }
}
