package dev.quadrangle.testkit;

/**
 * How the primary of a {@link PostgresTopology} waits for its standbys when a transaction commits.
 *
 * <p>Every node runs with {@code synchronous_commit = on}; the mode only sets the primary's
 * {@code synchronous_standby_names}.
 */
public enum ReplicationMode {
    /**
     * Asynchronous streaming: {@code synchronous_standby_names} is empty, so a commit returns once the
     * primary has flushed it, whether or not any standby runs.
     */
    ASYNC,
    /**
     * Synchronous streaming to every standby: {@code synchronous_standby_names = 'FIRST n (node2, node3, ...)'}
     * naming all of the topology's current standbys, with {@code synchronous_commit = on}. A commit
     * returns once every standby has flushed its WAL to disk (replay on the standby may still trail by
     * milliseconds: this is {@code on}, not {@code remote_apply}), so a stopped standby blocks every
     * commit on the primary until it runs again or the mode is switched back to {@link #ASYNC}.
     */
    SYNC
}
