package dev.quadrangle.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.routing.NodeRole;
import dev.quadrangle.routing.NodeStatus;
import dev.quadrangle.routing.RoutingDataSource;
import dev.quadrangle.routing.RoutingMetrics;
import dev.quadrangle.routing.SplitBrainPolicy;
import dev.quadrangle.testkit.PostgresNode;
import dev.quadrangle.testkit.PostgresServer;
import dev.quadrangle.testkit.PostgresTopology;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.ReplicationMode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The failover examples of docs/routing.md and docs/testkit.md: a primary and two streaming standbys of
 * the testkit's own, a routing data source over them as discovered nodes, and the failover an HA tool
 * would run (stop, promote, re-point, rejoin).
 */
@RealServices(standbys = 2)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverExampleIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private final PostgresTopology topology;

    FailoverExampleIT(PostgresTopology topology) {
        this.topology = topology;
    }

    @BeforeAll
    static void createTable(PostgresTopology topology) throws SQLException {
        try (Connection c = topology.primary().dataSource(topology.database()).getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE event (id bigint PRIMARY KEY, origin text NOT NULL)");
        }
        topology.awaitCaughtUp(WAIT);
    }

    RoutingDataSource routing(MeterRegistry registry) {
        String urlA = topology.node("node1").jdbcUrl(topology.database());
        String urlB = topology.node("node2").jdbcUrl(topology.database());
        String urlC = topology.node("node3").jdbcUrl(topology.database());
        // @start region="failover-ready"
        RoutingMetrics metrics = new RoutingMetrics();
        metrics.bindTo(registry);
        RoutingDataSource routing = RoutingDataSource.builder()
                .node("pg-a", urlA, topology.user(), topology.password()) // roles are discovered: the node
                .node("pg-b", urlB, topology.user(), topology.password()) // not in recovery takes the writes
                .node("pg-c", urlC, topology.user(), topology.password())
                .probeInterval(Duration.ofMillis(500))          // roles and lag while a writer is known
                .discoveryInterval(Duration.ofMillis(100))      // re-discovery while none is
                .maxWaitForWriter(Duration.ofSeconds(5))        // then a write fails with SQLState 08001
                .splitBrainPolicy(SplitBrainPolicy.REFUSE_WRITES) // two primaries: no write to either
                .listener(metrics)
                .build();
        for (NodeStatus node : routing.nodeStatuses()) {       // e.g. pg-a PRIMARY writer, pg-b REPLICA
            System.out.println(node.name() + " " + node.role() + (node.writer() ? " writer" : ""));
        }
        // @end
        return routing;
    }

    @Test
    @Order(1)
    void theRolesAreDiscovered() throws SQLException {
        try (RoutingDataSource routing = routing(new SimpleMeterRegistry())) {
            assertThat(routing.nodeStatuses()).extracting(NodeStatus::role)
                    .containsExactly(NodeRole.PRIMARY, NodeRole.REPLICA, NodeRole.REPLICA);
            assertThat(write(routing, 1)).isEqualTo("node1");
        }
    }

    @Test
    @Order(2)
    void routingFollowsTheFailoverAnHaToolRuns() throws SQLException {
        MeterRegistry registry = new SimpleMeterRegistry();
        try (RoutingDataSource routing = routing(registry)) {
            PostgresNode node1 = topology.primary();
            PostgresNode node2 = topology.node("node2");
            // @start region="failover"
            node1.stop();                             // the fault: the primary goes away
            topology.promote(node2);                  // what the HA tool does: pg_promote() on a standby
            topology.repointStandbys(node2);          // the other standbys follow the new timeline
            topology.rejoinAsStandby(node1, node2);   // a fresh base backup of node2, same port and name
            // @end
            assertThat(write(routing, 2)).as("the write went to the new primary").isEqualTo("node2");
            topology.awaitCaughtUp(WAIT);
            assertThat(node1.isInRecovery()).isTrue();
            assertThat(origin(node1, 2)).isEqualTo("routed");
            assertThat(registry.find("quadrangle.routing.writer.changes").counters()).isNotEmpty();
        }
    }

    @Test
    @Order(3)
    void synchronousReplicationHoldsACommitUntilAStandbyHasIt() throws SQLException {
        // @start region="sync-commit"
        topology.replication(ReplicationMode.SYNC);   // synchronous_standby_names names every standby
        // @end
        try (RoutingDataSource routing = routing(new SimpleMeterRegistry())) {
            assertThat(write(routing, 3)).isEqualTo("node2");
            for (PostgresNode standby : topology.standbys()) {
                standby.awaitReplay(topology.primaryWalLsn(), WAIT);
                assertThat(origin(standby, 3)).isEqualTo("routed");
            }
        } finally {
            topology.replication(ReplicationMode.ASYNC);
        }
    }

    /** Writes an event through routing and returns the name of the node that took it (by its port). */
    private String write(RoutingDataSource routing, long id) throws SQLException {
        int port;
        try (Connection c = routing.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO event VALUES (?, 'routed')")) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT inet_server_port()")) {
                rs.next();
                port = rs.getInt(1);
            }
        }
        return topology.nodes().stream().filter(n -> n.port() == port).findFirst().orElseThrow().name();
    }

    private String origin(PostgresServer node, long id) throws SQLException {
        try (Connection c = node.dataSource(topology.database()).getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT origin FROM event WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
