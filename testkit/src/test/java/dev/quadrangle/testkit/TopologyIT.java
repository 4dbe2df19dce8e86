package dev.quadrangle.testkit;

import static dev.quadrangle.testkit.TopologySql.WAIT;
import static dev.quadrangle.testkit.TopologySql.exec;
import static dev.quadrangle.testkit.TopologySql.insert;
import static dev.quadrangle.testkit.TopologySql.insertAsync;
import static dev.quadrangle.testkit.TopologySql.millisSince;
import static dev.quadrangle.testkit.TopologySql.origin;
import static dev.quadrangle.testkit.TopologySql.replication;
import static dev.quadrangle.testkit.TopologySql.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** A primary with two asynchronous standbys; the failover comes last, since it changes the roles. */
@RealServices(standbys = 2)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TopologyIT {
    private final PostgresTopology topology;

    TopologyIT(PostgresTopology topology) {
        this.topology = topology;
    }

    @BeforeAll
    static void createTable(PostgresTopology topology) throws SQLException {
        exec(topology.primary(), "CREATE TABLE event (id bigint PRIMARY KEY, origin text NOT NULL)");
        topology.awaitCaughtUp(WAIT);
    }

    @Test
    @Order(1)
    void theClassSharesOneTopologyOfNamedNodes(PostgresTopology parameter) {
        assertThat(parameter).isSameAs(topology);
        assertThat(topology.nodes()).extracting(PostgresNode::name).containsExactly("node1", "node2", "node3");
        assertThat(topology.primary().name()).isEqualTo("node1");
        assertThat(topology.primary().role()).isEqualTo("primary");
        assertThat(topology.standbys()).extracting(PostgresNode::name).containsExactly("node2", "node3");
        assertThat(topology.standbys()).extracting(PostgresServer::role).containsOnly("standby");
        assertThat(topology.node("node3")).isSameAs(topology.nodes().get(2));
        assertThat(topology.replicationMode()).isEqualTo(ReplicationMode.ASYNC);
        assertThat(topology.user()).isEqualTo("postgres");
        assertThat(topology.database()).isEqualTo("postgres");
        assertThat(topology.nodes()).extracting(PostgresServer::port).doesNotHaveDuplicates().doesNotContain(5432);
        assertThatThrownBy(() -> topology.node("node9")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no node named 'node9' in this topology; its nodes are [node1, node2, node3]");
    }

    @Test
    @Order(2)
    void bothStandbysStreamAndSeeARowWrittenOnThePrimary() throws SQLException {
        PostgresNode primary = topology.primary();
        assertThat(replication(primary)).containsExactly("node2 streaming async", "node3 streaming async");
        insert(primary, 1, "node1");
        topology.awaitCaughtUp(WAIT);
        for (PostgresNode standby : topology.standbys()) {
            assertThat(origin(standby, 1)).as(standby.name()).isEqualTo("node1");
            assertThat(standby.isInRecovery()).as(standby.name()).isTrue();
            assertThatThrownBy(() -> insert(standby, 2, standby.name())).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25006"));
        }
        assertThat(primary.isInRecovery()).isFalse();
    }

    @Test
    @Order(3)
    void aReplayDelayHoldsBackOnlyTheStandbyItIsSetOn() throws SQLException {
        PostgresNode node2 = topology.node("node2");
        PostgresNode node3 = topology.node("node3");
        node3.setReplayDelay(Duration.ofHours(1));
        String lsn;
        try {
            insert(topology.primary(), 3, "node1");
            lsn = topology.primaryWalLsn();
            node2.awaitReplay(lsn, WAIT);
            assertThat(origin(node2, 3)).isEqualTo("node1");
            // node3 has the WAL on disk but holds back its commit for an hour
            assertThat(TopologySql.eventually(() -> received(node3, lsn))).isTrue();
            assertThat(origin(node3, 3)).isNull();
        } finally {
            node3.setReplayDelay(Duration.ZERO);
        }
        node3.awaitReplay(lsn, WAIT);
        assertThat(origin(node3, 3)).isEqualTo("node1");
    }

    @Test
    @Order(4)
    void anAsynchronousCommitReturnsWhileEveryStandbyIsStopped() throws Exception {
        ExecutorService committer = TopologySql.committer();
        try {
            topology.standbys().forEach(PostgresServer::stop);
            try {
                assertThat(topology.standbys()).noneMatch(PostgresServer::isRunning);
                insertAsync(committer, topology.primary(), 4, "node1").get(WAIT.toSeconds(), TimeUnit.SECONDS);
            } finally {
                topology.standbys().forEach(PostgresServer::start);
            }
        } finally {
            committer.shutdownNow();
        }
        topology.awaitCaughtUp(WAIT);
        for (PostgresNode standby : topology.standbys()) {
            assertThat(origin(standby, 4)).as(standby.name()).isEqualTo("node1");
        }
    }

    @Test
    @Order(5)
    void aStoppedNodeCannotSayWhetherItIsInRecovery() {
        PostgresNode node3 = topology.node("node3");
        node3.stop();
        try {
            assertThatThrownBy(node3::isInRecovery).isInstanceOf(IllegalStateException.class)
                    .hasMessage("node3 is stopped");
            assertThatThrownBy(() -> topology.promote(node3)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("cannot promote node3: it is stopped");
        } finally {
            node3.start();
        }
        assertThat(node3.isInRecovery()).isTrue();
    }

    @Test
    @Order(6)
    void roleChangesRefuseNodesInTheWrongRole() {
        PostgresNode node1 = topology.node("node1");
        PostgresNode node2 = topology.node("node2");
        assertThatThrownBy(() -> topology.promote(node1)).isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot promote node1: it is the primary, not a standby");
        assertThatThrownBy(() -> topology.repointStandbys(node2)).isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot re-point the standbys to it: node2 is not the primary (the primary is node1); promote"
                        + " it first");
        assertThatThrownBy(() -> topology.rejoinAsStandby(node1, node1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("node1 cannot rejoin as a standby of itself");
        assertThatThrownBy(() -> node2.setReplayDelay(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("replay delay must be zero or positive, was PT-0.001S");
    }

    @Test
    @Order(7)
    void aDatabaseCreatedOnTheTopologyReachesEveryStandby() throws SQLException {
        try (TestDatabase db = topology.createDatabase("topology")) {
            for (PostgresNode standby : topology.standbys()) {
                try (Connection c = standby.connect(db.name())) {
                    assertThat(c.isValid(5)).as(standby.name()).isTrue();
                }
            }
            assertThat(db.primaryUrl()).isEqualTo(topology.primary().jdbcUrl(db.name()));
            assertThat(db.standbyUrl()).isEqualTo(topology.node("node2").jdbcUrl(db.name()));
        }
    }

    @Test
    @Order(10)
    void failoverPromotesNode2RepointsNode3AndRejoinsTheOldPrimary() throws SQLException {
        PostgresNode node1 = topology.primary();
        PostgresNode node2 = topology.node("node2");
        PostgresNode node3 = topology.node("node3");
        insert(node1, 10, "node1");
        topology.awaitCaughtUp(WAIT);

        node1.stop(); // the fault: the primary goes away
        topology.promote(node2);
        assertThat(topology.primary()).isSameAs(node2);
        assertThat(node2.isInRecovery()).isFalse();
        insert(node2, 11, "node2");

        topology.repointStandbys(node2);
        node3.awaitReplay(topology.primaryWalLsn(), WAIT);
        assertThat(origin(node3, 11)).isEqualTo("node2");

        topology.rejoinAsStandby(node1, node2); // a fresh base backup of node2, same port and name
        insert(node2, 12, "node2");
        topology.awaitCaughtUp(WAIT);
        assertThat(origin(node1, 12)).isEqualTo("node2");
        assertThat(node1.isInRecovery()).isTrue();
        assertThat(topology.standbys()).containsExactly(node1, node3);
    }

    @Test
    @Order(11)
    void afterTheFailoverTheOldPrimaryStreamsFromNode2AndRefusesWrites() throws SQLException {
        PostgresNode node1 = topology.node("node1");
        PostgresNode node2 = topology.node("node2");
        assertThat(replication(node2)).containsExactly("node1 streaming async", "node3 streaming async");
        assertThat(node1.role()).isEqualTo("standby");
        assertThat(node2.role()).isEqualTo("primary");
        assertThat(origin(node1, 10)).isEqualTo("node1");
        assertThatThrownBy(() -> insert(node1, 13, "node1")).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25006"));
        assertThat(string(node1, "SELECT received_tli FROM pg_stat_wal_receiver")).isEqualTo("2");
    }

    @Test
    @Order(12)
    void aFormerPrimaryStartedAgainIsASecondPrimaryUntilItRejoins() throws SQLException {
        PostgresNode node1 = topology.node("node1");
        PostgresNode node2 = topology.node("node2");
        PostgresNode node3 = topology.node("node3");
        node2.stop();
        topology.promote(node1);
        topology.repointStandbys(node1);
        assertThat(node2.role()).isEqualTo("former primary");
        assertThat(topology.standbys()).containsExactly(node3);

        node2.start(); // as its data directory says: a primary, next to node1
        assertThat(node2.isInRecovery()).isFalse();
        insert(node2, 20, "split brain");
        insert(node1, 21, "node1");

        long started = System.nanoTime();
        topology.rejoinAsStandby(node2, node1);
        long rejoinMs = millisSince(started);
        topology.awaitCaughtUp(WAIT);
        assertThat(origin(node2, 20)).isNull();
        assertThat(origin(node2, 21)).isEqualTo("node1");
        assertThat(origin(node3, 21)).isEqualTo("node1");
        assertThat(replication(node1)).containsExactly("node2 streaming async", "node3 streaming async");
        assertThat(string(node3, "SELECT received_tli FROM pg_stat_wal_receiver")).isEqualTo("3");
        System.out.println("measured: rejoin of a running former primary " + rejoinMs + " ms");
    }

    private static boolean received(PostgresNode standby, String lsn) {
        try {
            String received = string(standby, "SELECT pg_last_wal_receive_lsn() >= '" + lsn + "'::pg_lsn");
            return "t".equals(received);
        } catch (SQLException e) {
            return false;
        }
    }
}
