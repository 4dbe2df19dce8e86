package dev.quadrangle.routing;

import dev.quadrangle.routing.internal.Balancers;
import java.util.List;

/**
 * Picks one replica among the eligible ones for each routed read. Implementations must be thread-safe
 * and cheap (they run on every read-only connection) and must not block.
 */
@FunctionalInterface
public interface LoadBalancer {

    /**
     * Picks a replica.
     *
     * @param candidates the eligible replicas in configuration order; never empty, not to be modified
     * @return the index in {@code candidates} of the chosen replica
     */
    int choose(List<? extends ReplicaLoad> candidates);

    /** Round-robin over the eligible replicas. The default. */
    static LoadBalancer roundRobin() {
        return new Balancers.RoundRobin();
    }

    /** The replica with the fewest connections in flight; ties go round-robin. */
    static LoadBalancer leastInFlight() {
        return new Balancers.LeastInFlight();
    }

    /**
     * Latency-aware: the replica with the lowest latency EWMA weighted by its in-flight connections
     * ({@code ewma * (inFlight + 1)}), so that a fast replica is preferred until it gets busy.
     */
    static LoadBalancer latencyAware() {
        return new Balancers.LatencyAware();
    }
}
