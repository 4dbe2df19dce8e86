package dev.quadrangle.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quadrangle.spi.RoutedConnection;
import dev.quadrangle.testkit.PostgresNode;
import dev.quadrangle.testkit.PostgresTopology;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two distinct discovered standbys: lag on one, one stopped, both gone. */
@RealServices(standbys = 2)
class TwoReplicasIT {
    private static final int ITEMS = 500;
    private static TestDatabase db;

    @BeforeAll
    static void schema(PostgresTopology topology) throws SQLException {
        db = topology.createDatabase("two_replicas");
        TopologyFixtures.execute(topology.primary(), db,
                "CREATE TABLE ledger (id bigint PRIMARY KEY)",
                "CREATE TABLE item (id bigint PRIMARY KEY, score int NOT NULL)",
                "INSERT INTO item SELECT g, g % 100 FROM generate_series(1, " + ITEMS + ") g");
        topology.awaitCaughtUp(Duration.ofSeconds(30));
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Test
    void replayDelayOnOneStandbySendsReadsToTheOtherAndReadYourWritesHolds(PostgresTopology topology)
            throws Exception {
        PostgresNode slow = topology.standbys().get(0);
        PostgresNode fast = topology.standbys().get(1);
        TopologyFixtures.Events events = new TopologyFixtures.Events();
        try (RoutingDataSource routing = TopologyFixtures.nodes(topology, db)
                .maxReplicaLag(Duration.ofMillis(500))
                .listener(events)
                .build()) {
            awaitBothServeReads(routing, slow, fast);
            WorkLoad background = new WorkLoad(routing, ITEMS, 10_000_000).start(1, 0);
            try {
                slow.setReplayDelay(Duration.ofSeconds(3));
                RoutingFixtures.await(slow.name() + " is ejected for its lag", Duration.ofSeconds(20),
                        () -> !TopologyFixtures.servesReads(routing, slow.name()));
                long slowReads = events.routes.count(slow.name(), RouteReason.READ_ONLY);
                int sawOwnWrite = 0;
                for (int i = 1; i <= 50; i++) {
                    long id = 20_000_000L + i;
                    boolean seen = routing.inSession(null, () -> {
                        try (Connection c = routing.getConnection();
                                PreparedStatement ps = c.prepareStatement("INSERT INTO ledger VALUES (?)")) {
                            ps.setLong(1, id);
                            ps.executeUpdate();
                        }
                        try (Connection c = routing.getConnection()) {
                            c.setReadOnly(true);
                            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM ledger WHERE id = ?")) {
                                ps.setLong(1, id);
                                try (ResultSet rs = ps.executeQuery()) {
                                    return rs.next();
                                }
                            }
                        }
                    });
                    sawOwnWrite += seen ? 1 : 0;
                }
                for (int i = 0; i < 100; i++) {
                    readItem(routing, 1 + i);
                }
                System.out.printf("lag on %s: read-your-writes %d of 50; reads on %s %d, on %s %d, sticky on the"
                        + " primary %d%n", slow.name(), sawOwnWrite, fast.name(),
                        events.routes.count(fast.name(), RouteReason.READ_ONLY), slow.name(),
                        events.routes.count(slow.name(), RouteReason.READ_ONLY) - slowReads,
                        events.routes.count(topology.primary().name(), RouteReason.STICKY_AFTER_WRITE));
                assertThat(sawOwnWrite).isEqualTo(50);
                assertThat(events.routes.count(slow.name(), RouteReason.READ_ONLY)).isEqualTo(slowReads);
                assertThat(events.routes.count(fast.name(), RouteReason.READ_ONLY)).isPositive();
            } finally {
                background.stop();
                slow.setReplayDelay(Duration.ZERO);
            }
            RoutingFixtures.await(slow.name() + " is readmitted once caught up", Duration.ofSeconds(30),
                    () -> TopologyFixtures.servesReads(routing, slow.name()));
            assertThat(background.writeFailures).isEmpty();
        }
    }

    @Test
    void oneStandbyStoppedUnderReadLoadTheOtherServesWithNoFailedRead(PostgresTopology topology) throws Exception {
        PostgresNode stopped = topology.standbys().get(0);
        PostgresNode other = topology.standbys().get(1);
        TopologyFixtures.Events events = new TopologyFixtures.Events();
        try (RoutingDataSource routing = TopologyFixtures.nodes(topology, db).listener(events).build()) {
            awaitBothServeReads(routing, stopped, other);
            WorkLoad load = new WorkLoad(routing, ITEMS, 30_000_000).start(0, 4);
            try {
                RoutingFixtures.await("reads reach both standbys", Duration.ofSeconds(10),
                        () -> events.routes.count(stopped.name(), RouteReason.READ_ONLY) > 50
                                && events.routes.count(other.name(), RouteReason.READ_ONLY) > 50);
                stopped.stop();
                RoutingFixtures.await(stopped.name() + " is ejected", Duration.ofSeconds(10),
                        () -> !TopologyFixtures.servesReads(routing, stopped.name()));
                long onOther = events.routes.count(other.name(), RouteReason.READ_ONLY);
                RoutingFixtures.await("reads go on on " + other.name(), Duration.ofSeconds(10),
                        () -> events.routes.count(other.name(), RouteReason.READ_ONLY) > onOther + 500);
                load.stop();
                System.out.printf("one standby stopped: %d reads, %d failed, retries %d, fallbacks to the primary %d%n",
                        load.reads.sum(), load.readFailures.size(), events.routes.retries.size(),
                        events.routes.count(topology.primary().name(), RouteReason.FALLBACK));
                assertThat(load.readFailures).isEmpty();
            } finally {
                load.stop();
                stopped.start();
            }
            RoutingFixtures.await(stopped.name() + " is readmitted", Duration.ofSeconds(30),
                    () -> TopologyFixtures.servesReads(routing, stopped.name()));
        }
    }

    @Test
    void bothStandbysGoneReadsFollowTheNoReplicaPolicy(PostgresTopology topology) throws Exception {
        PostgresNode primary = topology.primary();
        TopologyFixtures.Events events = new TopologyFixtures.Events();
        try (RoutingDataSource routing = TopologyFixtures.nodes(topology, db).listener(events).build();
                RoutingDataSource failing = TopologyFixtures.nodes(topology, db)
                        .noReplicaPolicy(NoReplicaPolicy.FAIL).build()) {
            topology.standbys().forEach(PostgresNode::stop);
            try {
                for (PostgresNode standby : topology.standbys()) {
                    RoutingFixtures.await(standby.name() + " is ejected", Duration.ofSeconds(10),
                            () -> !TopologyFixtures.servesReads(routing, standby.name())
                                    && !TopologyFixtures.servesReads(failing, standby.name()));
                }
                for (int i = 0; i < 100; i++) {
                    assertThat(readItem(routing, 1 + i)).isEqualTo((1 + i) % 100);
                }
                assertThat(events.routes.count(primary.name(), RouteReason.FALLBACK)).isEqualTo(100);
                try (Connection c = failing.getConnection()) {
                    c.setReadOnly(true);
                    assertThatThrownBy(c::createStatement)
                            .isInstanceOf(SQLException.class)
                            .hasMessageStartingWith("no eligible replica for a read-only connection (noReplicaPolicy"
                                    + " FAIL): ")
                            .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08001");
                }
            } finally {
                topology.standbys().forEach(PostgresNode::start);
            }
            for (PostgresNode standby : topology.standbys()) {
                RoutingFixtures.await(standby.name() + " is readmitted", Duration.ofSeconds(30),
                        () -> TopologyFixtures.servesReads(routing, standby.name()));
            }
        }
    }

    private static void awaitBothServeReads(RoutingDataSource routing, PostgresNode a, PostgresNode b) {
        RoutingFixtures.await("both standbys serve reads", Duration.ofSeconds(20),
                () -> TopologyFixtures.servesReads(routing, a.name()) && TopologyFixtures.servesReads(routing, b.name()));
    }

    private static int readItem(RoutingDataSource routing, long id) throws SQLException {
        try (Connection c = routing.getConnection()) {
            c.setReadOnly(true);
            c.unwrap(RoutedConnection.class).setIdempotent(true);
            try (PreparedStatement ps = c.prepareStatement("SELECT score FROM item WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getInt(1) : -1;
                }
            }
        }
    }
}
