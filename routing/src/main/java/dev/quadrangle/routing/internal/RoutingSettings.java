package dev.quadrangle.routing.internal;

import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import dev.quadrangle.routing.ConsistencyPolicy;
import dev.quadrangle.routing.LoadBalancer;
import dev.quadrangle.routing.NoReplicaPolicy;
import dev.quadrangle.routing.RoutingListener;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.List;

/**
 * The validated, immutable settings of a routing data source, produced by the builder.
 *
 * @param primary the primary
 * @param replicas the replicas, names unique
 * @param primaryPoolSize pool size of a primary pool we build
 * @param replicaPoolSize pool size of each replica pool we build
 * @param connectionTimeout how long a pool we build waits for a connection
 * @param probeInterval time between two probe rounds
 * @param probeTimeout connect and query timeout of a probe
 * @param maxReplicaLag replay lag in time above which a replica is ejected
 * @param maxReplicaLagBytes replay lag in bytes above which a replica is ejected
 * @param consistencyPolicy the read-your-writes policy
 * @param stickyWindow how long reads stay on the primary after a write under TIME_WINDOW
 * @param maxWaitForReplica how long a read carrying a token waits for a replica to reach it
 * @param noReplicaPolicy what a read does when no replica is eligible
 * @param loadBalancer the replica picker
 * @param breakerConfig the per-replica circuit breaker configuration
 * @param listener the event listener
 * @param poolMetrics the HikariCP metrics tracker factory, or {@code null}
 */
public record RoutingSettings(EndpointSpec primary, List<EndpointSpec> replicas, int primaryPoolSize,
        int replicaPoolSize, Duration connectionTimeout, Duration probeInterval, Duration probeTimeout,
        Duration maxReplicaLag, long maxReplicaLagBytes, ConsistencyPolicy consistencyPolicy,
        Duration stickyWindow, Duration maxWaitForReplica, NoReplicaPolicy noReplicaPolicy,
        LoadBalancer loadBalancer, CircuitBreakerConfig breakerConfig, RoutingListener listener,
        MetricsTrackerFactory poolMetrics) {

    /** Copies the replica list. */
    public RoutingSettings {
        replicas = List.copyOf(replicas);
    }
}
