package dev.quadrangle.routing.internal;

import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import dev.quadrangle.routing.ConsistencyPolicy;
import dev.quadrangle.routing.LoadBalancer;
import dev.quadrangle.routing.NoReplicaPolicy;
import dev.quadrangle.routing.RoutingListener;
import dev.quadrangle.routing.SplitBrainPolicy;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.List;

/**
 * The validated, immutable settings of a routing data source, produced by the builder.
 *
 * @param primary the fixed primary, or {@code null} when the cluster is given as discovered nodes
 * @param replicas the fixed replicas, names unique
 * @param nodes the nodes whose roles are discovered, names unique; empty with a fixed primary
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
 * @param discoveryInterval time between two discovery rounds while no single writer is known
 * @param maxWaitForWriter how long a write waits for a writer to be known
 * @param splitBrainPolicy what to do when more than one node answers as a primary
 */
public record RoutingSettings(EndpointSpec primary, List<EndpointSpec> replicas, List<EndpointSpec> nodes,
        int primaryPoolSize,
        int replicaPoolSize, Duration connectionTimeout, Duration probeInterval, Duration probeTimeout,
        Duration maxReplicaLag, long maxReplicaLagBytes, ConsistencyPolicy consistencyPolicy,
        Duration stickyWindow, Duration maxWaitForReplica, NoReplicaPolicy noReplicaPolicy,
        LoadBalancer loadBalancer, CircuitBreakerConfig breakerConfig, RoutingListener listener,
        MetricsTrackerFactory poolMetrics, Duration discoveryInterval, Duration maxWaitForWriter,
        SplitBrainPolicy splitBrainPolicy) {

    /** Copies the lists. */
    public RoutingSettings {
        replicas = List.copyOf(replicas);
        nodes = List.copyOf(nodes);
    }

    /** Whether the cluster is given as nodes whose roles are discovered. */
    public boolean discovered() {
        return !nodes.isEmpty();
    }
}
