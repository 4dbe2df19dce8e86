package dev.quadrangle.routing;

/**
 * How a read that follows a write is kept from seeing data older than that write (read-your-writes).
 */
public enum ConsistencyPolicy {
    /** No read-your-writes: a read-only connection goes to any eligible replica, however far behind. */
    NONE,
    /**
     * After a write in the current scope, reads stay on the primary for the sticky window
     * ({@link RoutingDataSourceBuilder#stickyWindow(java.time.Duration)}); no log position is captured.
     */
    TIME_WINDOW,
    /**
     * After a write commits, its write-ahead-log position is captured as a
     * {@link dev.quadrangle.spi.ConsistencyToken}; a read carrying it goes to a replica whose replay
     * position has reached it, waits up to {@code maxWaitForReplica} for one, else goes to the primary.
     * The default.
     */
    LSN
}
