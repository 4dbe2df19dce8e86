package dev.quadrangle.spring.boot.autoconfigure.routing;

import dev.quadrangle.routing.NodeRole;
import dev.quadrangle.routing.NodeStatus;
import dev.quadrangle.routing.ReplicaStatus;
import dev.quadrangle.routing.RoutingDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of a {@link RoutingDataSource}: DOWN when the primary does not answer; the replicas' statuses
 * (role, eligible, reachable, lag, circuit breaker, cause) in the details. A lagging or stopped replica
 * never takes the application DOWN: reads then go to the other replicas or the primary.
 *
 * <p>Thread-safe. The primary check runs {@code SELECT 1} on a connection of the primary's pool, so it
 * waits at most the pool's connection timeout.
 */
public final class RoutingHealthIndicator extends AbstractHealthIndicator {
    private final RoutingDataSource routing;

    /**
     * A health indicator of a routing data source.
     *
     * @param routing the data source, not {@code null}
     */
    public RoutingHealthIndicator(RoutingDataSource routing) {
        super("Routing health check failed");
        this.routing = Objects.requireNonNull(routing, "routing");
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        Map<String, Object> nodes = new LinkedHashMap<>();
        Map<String, ReplicaStatus> health = new LinkedHashMap<>();
        for (ReplicaStatus status : routing.replicaStatuses()) {
            health.put(status.name(), status);
        }
        boolean discovered = false;
        for (NodeStatus node : routing.nodeStatuses()) {
            ReplicaStatus status = node.health() != null ? node.health() : health.get(node.name());
            if (status == null) {
                continue; // a fixed primary: reported below
            }
            discovered |= node.writer() || node.role() == NodeRole.UNKNOWN;
            Map<String, Object> d = details(status);
            d.put("role", node.role().name().toLowerCase(java.util.Locale.ROOT));
            d.put("writer", node.writer());
            nodes.put(node.name(), d);
        }
        builder.withDetail(discovered ? "nodes" : "replicas", nodes);
        builder.withDetail("eligibleReplicas", nodes.values().stream()
                .filter(d -> Boolean.TRUE.equals(((Map<?, ?>) d).get("eligible"))).count());
        try {
            routing.onPrimary(() -> {
                try (Connection c = routing.getConnection(); Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT 1")) {
                    rs.next();
                }
                return null;
            });
            builder.withDetail("primary", Map.of("role", "primary", "reachable", true)).up();
        } catch (SQLException e) {
            builder.withDetail("primary", Map.of("role", "primary", "reachable", false,
                    "error", e.getClass().getSimpleName() + ": " + e.getMessage())).down();
        }
    }

    static Map<String, Object> details(ReplicaStatus status) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("role", status.inRecovery() ? "replica" : (status.reachable() ? "not a standby" : "unknown"));
        d.put("eligible", status.eligible());
        d.put("reachable", status.reachable());
        d.put("lagMillis", status.lagMillis());
        d.put("lagBytes", status.lagBytes());
        d.put("breaker", status.breakerState());
        if (status.cause() != null) {
            d.put("cause", status.cause());
        }
        if (status.probedAt() != null) {
            d.put("probedAt", status.probedAt().toString());
        }
        return d;
    }
}
