package dev.quadrangle.routing;

import java.sql.SQLException;
import java.util.List;

/**
 * Receives routing events, for metrics and logs; every method has a no-op default. Called on the
 * routing thread (a caller's thread, or the probe thread for status events), so implementations must
 * be thread-safe, fast and must not throw.
 *
 * @see RoutingMetrics
 */
public interface RoutingListener {

    /** A listener that ignores every event. */
    RoutingListener NONE = new RoutingListener() {
    };

    /**
     * A connection was routed.
     *
     * @param target {@code "primary"} or the replica's name
     * @param reason why it went there
     */
    default void onRouted(String target, RouteReason reason) {
    }

    /**
     * A probe round produced a new status for a replica.
     *
     * @param status the replica's new status
     */
    default void onReplicaStatus(ReplicaStatus status) {
    }

    /**
     * A probe of a replica (or of the primary's WAL position, with {@code target} {@code "primary"})
     * failed.
     *
     * @param target the server's name
     * @param error what went wrong
     */
    default void onProbeFailure(String target, Exception error) {
    }

    /**
     * A replica was ejected from, or readmitted to, the set of eligible replicas.
     *
     * @param replica the replica's name
     * @param eligible {@code true} when readmitted
     * @param cause why it was ejected, or {@code "healthy"}
     */
    default void onEligibilityChange(String replica, boolean eligible, String cause) {
    }

    /**
     * An idempotent read that failed with a connection error was retried elsewhere.
     *
     * @param failedTarget where it failed
     * @param retryTarget where it was retried
     * @param cause the connection error
     */
    default void onRetry(String failedTarget, String retryTarget, SQLException cause) {
    }

    /**
     * A write's log position was captured for read-your-writes.
     *
     * @param nanos how long the capture took; when it rode along with the commit, the whole commit
     * @param piggybacked whether it was sent in the commit's round trip
     */
    default void onTokenCaptured(long nanos, boolean piggybacked) {
    }
    /**
     * A probe round produced a new status for a node of a cluster given as discovered nodes (every
     * round, for every node).
     *
     * @param status the node's new status
     */
    default void onNodeStatus(NodeStatus status) {
    }

    /**
     * The node that writes go to changed: lost (no writer known) or found.
     *
     * @param change from which node to which, with the detection time and the time without a writer
     */
    default void onWriterChange(WriterChange change) {
    }

    /**
     * More than one node answers as a primary (reported once when detected, again when the set of such
     * nodes changes).
     *
     * @param primaries the names of the nodes that answer as primaries, in configuration order
     * @param policy the policy in force
     * @param writer the node writes still go to under the policy, or {@code null} when writes are refused
     */
    default void onSplitBrain(List<String> primaries, SplitBrainPolicy policy, String writer) {
    }

    /**
     * A write connection was refused because no single writer was known within {@code maxWaitForWriter}.
     *
     * @param reason {@code "no_writer"} or {@code "split_brain"}
     */
    default void onWriteRefused(String reason) {
    }
}
