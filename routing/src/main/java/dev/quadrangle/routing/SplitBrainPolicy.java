package dev.quadrangle.routing;

/**
 * What routing does when more than one node of a discovered cluster answers as a primary
 * ({@code pg_is_in_recovery()} false), for example when a standby was promoted while the old primary
 * still runs. Writes never go to two nodes; the detection is reported in any case
 * ({@link RoutingListener#onSplitBrain}, the {@code quadrangle.routing.split.brain} metrics, a WARN log).
 */
public enum SplitBrainPolicy {
    /**
     * Refuse writes to every node while more than one answers as a primary: a write waits up to
     * {@code maxWaitForWriter} for a single primary, then fails with SQLState {@code 08004} and a message
     * that names the nodes. The default.
     */
    REFUSE_WRITES,
    /**
     * Write to the primary on the highest timeline (the newest promotion), read from the WAL file name of
     * its current position; when the highest timeline is shared, refuse writes as {@link #REFUSE_WRITES}.
     */
    PREFER_HIGHEST_TIMELINE
}
