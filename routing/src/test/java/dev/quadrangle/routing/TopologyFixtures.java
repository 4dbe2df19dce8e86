package dev.quadrangle.routing;

import dev.quadrangle.routing.RoutingFixtures.RecordingListener;
import dev.quadrangle.testkit.PostgresNode;
import dev.quadrangle.testkit.PostgresTopology;
import dev.quadrangle.testkit.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** Helpers of the integration tests over a {@link PostgresTopology}, whose nodes routing discovers. */
final class TopologyFixtures {
    /** The probe interval the topology tests run with. */
    static final Duration PROBE_INTERVAL = Duration.ofMillis(200);
    /** The discovery interval the topology tests run with. */
    static final Duration DISCOVERY_INTERVAL = Duration.ofMillis(100);

    private TopologyFixtures() {
    }

    /** A builder over every node of the topology, for the database, with the tests' short intervals. */
    static RoutingDataSourceBuilder nodes(PostgresTopology topology, TestDatabase db) {
        RoutingDataSourceBuilder builder = RoutingDataSource.builder();
        for (PostgresNode node : topology.nodes()) {
            builder.node(node.name(), node.jdbcUrl(db.name()), topology.user(), topology.password());
        }
        return builder.probeInterval(PROBE_INTERVAL)
                .discoveryInterval(DISCOVERY_INTERVAL)
                .probeTimeout(Duration.ofSeconds(1))
                .connectionTimeout(Duration.ofSeconds(1));
    }

    /** Runs statements on a node, outside routing. */
    static void execute(PostgresNode node, TestDatabase db, String... sql) throws SQLException {
        try (Connection c = node.connect(db.name()); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    /** The ids of a table on a node, outside routing. */
    static Set<Long> ids(PostgresNode node, TestDatabase db, String table) throws SQLException {
        Set<Long> ids = new HashSet<>();
        try (Connection c = node.connect(db.name()); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id FROM " + table)) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    /** The writer routing knows now, or {@code null}. */
    static String writer(RoutingDataSource routing) {
        return routing.nodeStatuses().stream().filter(NodeStatus::writer).map(NodeStatus::name).findFirst()
                .orElse(null);
    }

    /** Whether a node is an eligible replica now. */
    static boolean servesReads(RoutingDataSource routing, String node) {
        return routing.nodeStatuses().stream().anyMatch(s -> s.name().equals(node) && s.role() == NodeRole.REPLICA
                && s.health().eligible());
    }

    /** Records every routing event the tests look at, and feeds a {@link RoutingMetrics} bound to its registry. */
    static final class Events implements RoutingListener {
        final MeterRegistry registry = new SimpleMeterRegistry();
        final RoutingMetrics metrics = new RoutingMetrics();
        final RecordingListener routes = new RecordingListener();
        final List<WriterChange> writerChanges = new CopyOnWriteArrayList<>();
        final List<String> splitBrains = new CopyOnWriteArrayList<>();
        final List<String> refused = new CopyOnWriteArrayList<>();

        Events() {
            metrics.bindTo(registry);
        }

        @Override
        public void onRouted(String target, RouteReason reason) {
            routes.onRouted(target, reason);
            metrics.onRouted(target, reason);
        }

        @Override
        public void onReplicaStatus(ReplicaStatus status) {
            metrics.onReplicaStatus(status);
        }

        @Override
        public void onProbeFailure(String target, Exception error) {
            metrics.onProbeFailure(target, error);
        }

        @Override
        public void onEligibilityChange(String replica, boolean eligible, String cause) {
            routes.onEligibilityChange(replica, eligible, cause);
        }

        @Override
        public void onRetry(String failedTarget, String retryTarget, SQLException cause) {
            routes.onRetry(failedTarget, retryTarget, cause);
            metrics.onRetry(failedTarget, retryTarget, cause);
        }

        @Override
        public void onNodeStatus(NodeStatus status) {
            metrics.onNodeStatus(status);
        }

        @Override
        public void onWriterChange(WriterChange change) {
            writerChanges.add(change);
            metrics.onWriterChange(change);
        }

        @Override
        public void onSplitBrain(List<String> primaries, SplitBrainPolicy policy, String writer) {
            splitBrains.add(primaries + " " + policy + " -> " + writer);
            metrics.onSplitBrain(primaries, policy, writer);
        }

        @Override
        public void onWriteRefused(String reason) {
            refused.add(reason);
            metrics.onWriteRefused(reason);
        }

        double counter(String name, String... tags) {
            var search = registry.find(name).tags(tags);
            return search.counter() == null ? 0 : search.counter().count();
        }
    }
}
