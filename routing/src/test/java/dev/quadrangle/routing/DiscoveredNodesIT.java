package dev.quadrangle.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.quadrangle.routing.RoutingFixtures.RecordingListener;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The shared cluster's primary and standby given as two nodes: their roles are discovered. */
@RealServices
class DiscoveredNodesIT {

    @Test
    void rolesAreDiscoveredWritesGoToThePrimaryAndReadsToTheStandby(TestDatabase db) throws SQLException {
        RoutingFixtures.onPrimary(db, "CREATE TABLE note (id bigint PRIMARY KEY, body text NOT NULL)");
        MeterRegistry registry = new SimpleMeterRegistry();
        RoutingMetrics metrics = new RoutingMetrics();
        metrics.bindTo(registry);
        RecordingListener recording = new RecordingListener();
        List<WriterChange> changes = new CopyOnWriteArrayList<>();
        RoutingListener listener = new RoutingListener() {
            @Override
            public void onRouted(String target, RouteReason reason) {
                recording.onRouted(target, reason);
                metrics.onRouted(target, reason);
            }

            @Override
            public void onNodeStatus(NodeStatus status) {
                metrics.onNodeStatus(status);
            }

            @Override
            public void onWriterChange(WriterChange change) {
                changes.add(change);
                metrics.onWriterChange(change);
            }
        };
        // the standby first: the order of the nodes says nothing about their roles
        try (RoutingDataSource routing = RoutingDataSource.builder()
                .node("east", db.standbyUrl(), db.user(), db.password())
                .node("west", db.primaryUrl(), db.user(), db.password())
                .probeInterval(RoutingFixtures.PROBE_INTERVAL)
                .listener(listener)
                .build()) {
            assertThat(routing.nodeStatuses()).extracting(NodeStatus::name, NodeStatus::role, NodeStatus::writer)
                    .containsExactly(tuple("east", NodeRole.REPLICA, false), tuple("west", NodeRole.PRIMARY, true));
            assertThat(changes).containsExactly(new WriterChange(null, "west", Duration.ZERO, Duration.ZERO));
            RoutingFixtures.await("east is an eligible replica", Duration.ofSeconds(10),
                    () -> RoutingFixtures.eligible(routing, "east"));

            try (Connection c = routing.getConnection(); Statement s = c.createStatement()) {
                assertThat(RoutingFixtures.inRecovery(c)).isFalse();
                s.executeUpdate("INSERT INTO note VALUES (1, 'written through the discovered writer')");
            }
            assertThat(recording.count("west", RouteReason.READ_WRITE)).isEqualTo(1);
            db.cluster().awaitStandbyCaughtUp(Duration.ofSeconds(10));
            try (Connection c = routing.getConnection()) {
                c.setReadOnly(true);
                assertThat(RoutingFixtures.inRecovery(c)).isTrue();
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT body FROM note WHERE id = 1")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("written through the discovered writer");
                }
            }
            assertThat(recording.count("east", RouteReason.READ_ONLY)).isEqualTo(1);
            assertThat(routing.replicaStatuses()).extracting(ReplicaStatus::name, ReplicaStatus::eligible)
                    .containsExactly(tuple("east", true), tuple("west", false));
            assertThat(registry.get("quadrangle.routing.node.role").tag("node", "west").gauge().value()).isEqualTo(1.0);
            assertThat(registry.get("quadrangle.routing.node.role").tag("node", "east").gauge().value()).isEqualTo(0.0);
            assertThat(registry.get("quadrangle.routing.split.brain").gauge().value()).isEqualTo(0.0);
        }
    }

    @Test
    void aFallbackReadOnTheDiscoveredWriterCannotWrite(TestDatabase db) throws SQLException {
        try (RoutingDataSource routing = RoutingDataSource.builder()
                .node("only", db.primaryUrl(), db.user(), db.password())
                .build();
                Connection c = routing.getConnection()) {
            c.setReadOnly(true);
            assertThat(RoutingFixtures.inRecovery(c)).isFalse();
            try (Statement s = c.createStatement()) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.execute("SELECT 1 FROM pg_class FOR UPDATE"))
                        .isInstanceOf(SQLException.class)
                        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("25006");
            }
        }
    }
    @Test
    void failoverReadyConfiguration(TestDatabase db) throws SQLException {
        MeterRegistry registry = new SimpleMeterRegistry();
        String urlA = db.primaryUrl();
        String urlB = db.standbyUrl();
        // @start region="failover-ready"
        RoutingMetrics metrics = new RoutingMetrics();
        metrics.bindTo(registry);
        try (RoutingDataSource routing = RoutingDataSource.builder()
                .node("pg-a", urlA, db.user(), db.password())    // roles are discovered: the node that is
                .node("pg-b", urlB, db.user(), db.password())    // not in recovery takes the writes
                .probeInterval(Duration.ofMillis(500))          // roles and lag while a writer is known
                .discoveryInterval(Duration.ofMillis(100))      // re-discovery while none is
                .maxWaitForWriter(Duration.ofSeconds(5))        // then a write fails with SQLState 08001
                .splitBrainPolicy(SplitBrainPolicy.REFUSE_WRITES) // two primaries: no write to either
                .listener(metrics)
                .build()) {
            for (NodeStatus node : routing.nodeStatuses()) {  // e.g. pg-a PRIMARY writer, pg-b REPLICA
                System.out.println(node.name() + " " + node.role() + (node.writer() ? " writer" : ""));
            }
            assertThat(routing.nodeStatuses()).extracting(NodeStatus::role)
                    .containsExactly(NodeRole.PRIMARY, NodeRole.REPLICA);
        }
        // @end
        assertThat(registry.get("quadrangle.routing.node.role").tag("node", "pg-b").gauge()).isNotNull();
    }
}
