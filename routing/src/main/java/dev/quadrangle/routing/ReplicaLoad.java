package dev.quadrangle.routing;

/**
 * What a {@link LoadBalancer} may know about one eligible replica when it picks one. Values are live
 * and read without locking, so they may change between two calls.
 */
public interface ReplicaLoad {

    /** The replica's configured name. */
    String name();

    /** Connections currently held on this replica by the routing data source. */
    int inFlight();

    /**
     * The exponentially weighted moving average of statement and probe latencies on this replica, in
     * nanoseconds; {@code 0} before the first measurement.
     */
    long latencyEwmaNanos();
}
