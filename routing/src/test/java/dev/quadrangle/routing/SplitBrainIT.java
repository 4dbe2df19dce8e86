package dev.quadrangle.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.quadrangle.testkit.PostgresNode;
import dev.quadrangle.testkit.PostgresTopology;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A standby promoted while the primary still runs: two nodes answer as primaries, and no write reaches either. */
@RealServices(standbys = 1)
class SplitBrainIT {

    @Test
    void afterASplitBrainIsDetectedNoWriteReachesEitherNode(PostgresTopology topology) throws Exception {
        PostgresNode first = topology.primary();
        PostgresNode second = topology.standbys().get(0);
        try (TestDatabase db = topology.createDatabase("split_brain")) {
            TopologyFixtures.execute(first, db, "CREATE TABLE ledger (id bigint PRIMARY KEY)");
            topology.awaitCaughtUp(Duration.ofSeconds(30));
            TopologyFixtures.Events events = new TopologyFixtures.Events();
            TopologyFixtures.Events preferringEvents = new TopologyFixtures.Events();
            try (RoutingDataSource routing = TopologyFixtures.nodes(topology, db)
                    .maxWaitForWriter(Duration.ofMillis(500))
                    .listener(events)
                    .build();
                    RoutingDataSource preferring = TopologyFixtures.nodes(topology, db)
                            .splitBrainPolicy(SplitBrainPolicy.PREFER_HIGHEST_TIMELINE)
                            .listener(preferringEvents)
                            .build();
                    Connection held = routing.getConnection();
                    Statement heldStatement = held.createStatement()) {
                heldStatement.executeUpdate("INSERT INTO ledger VALUES (1)");
                assertThat(((dev.quadrangle.routing.internal.LogicalConnection) held).routedTo()).isEqualTo(first.name());

                long promoted = System.nanoTime();
                topology.promote(second);
                RoutingFixtures.await("the split brain is detected", Duration.ofSeconds(10),
                        () -> !events.splitBrains.isEmpty());
                System.out.printf("split brain: detected %d ms after the promotion returned%n",
                        (System.nanoTime() - promoted) / 1_000_000);

                String nodes = "split brain: nodes " + first.name() + ", " + second.name()
                        + " answer as primaries (pg_is_in_recovery() is false)";
                assertThatThrownBy(() -> heldStatement.executeUpdate("INSERT INTO ledger VALUES (2)"))
                        .isInstanceOf(SQLException.class)
                        .hasMessage("no writer is known: " + nodes + "; writes to all of them are refused"
                                + " (splitBrainPolicy REFUSE_WRITES); nothing was sent")
                        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08004");
                try (Connection c = routing.getConnection()) {
                    assertThatThrownBy(c::createStatement)
                            .isInstanceOf(SQLException.class)
                            .hasMessage("no writer is known after 500 ms (maxWaitForWriter): " + nodes
                                    + "; writes to all of them are refused (splitBrainPolicy REFUSE_WRITES)")
                            .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08004");
                }
                assertThat(TopologyFixtures.ids(first, db, "ledger")).containsExactly(1L);
                assertThat(TopologyFixtures.ids(second, db, "ledger")).containsExactly(1L);

                assertThat(events.splitBrains).containsExactly(
                        "[" + first.name() + ", " + second.name() + "] REFUSE_WRITES -> null");
                assertThat(events.counter("quadrangle.routing.split.brain.detections")).isEqualTo(1.0);
                assertThat(events.registry.get("quadrangle.routing.split.brain").gauge().value()).isEqualTo(1.0);
                assertThat(events.counter("quadrangle.routing.writes.refused", "reason", "split_brain")).isEqualTo(1.0);
                assertThat(routing.nodeStatuses()).extracting(NodeStatus::name, NodeStatus::role, NodeStatus::writer)
                        .containsExactly(tuple(first.name(), NodeRole.PRIMARY, false),
                                tuple(second.name(), NodeRole.PRIMARY, false));

                // the other policy writes to the newest promotion only
                RoutingFixtures.await("the highest timeline's node is the writer", Duration.ofSeconds(10),
                        () -> second.name().equals(TopologyFixtures.writer(preferring)));
                try (Connection c = preferring.getConnection(); Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO ledger VALUES (4)");
                }
                assertThat(TopologyFixtures.ids(second, db, "ledger")).containsExactlyInAnyOrder(1L, 4L);
                assertThat(TopologyFixtures.ids(first, db, "ledger")).containsExactly(1L);
                assertThat(preferringEvents.splitBrains).containsExactly(
                        "[" + first.name() + ", " + second.name() + "] PREFER_HIGHEST_TIMELINE -> " + second.name());
                assertThat(preferring.nodeStatuses()).extracting(NodeStatus::name, NodeStatus::timeline)
                        .containsExactly(tuple(first.name(), 1L), tuple(second.name(), 2L));
            }
        }
    }
}
