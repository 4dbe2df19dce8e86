package dev.quadrangle.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** Runs a fixture class through the JUnit launcher to watch the extension start and close its topology. */
class TopologyLifecycleIT {
    private static final List<PostgresTopology> SEEN = new CopyOnWriteArrayList<>();

    @Test
    void aTestClassSharesItsOwnTopologyAndItIsClosedAfterTheClass() throws IOException {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request().selectors(selectClass(Fixture.class)).build(), listener);
        TestExecutionSummary summary = listener.getSummary();
        assertThat(summary.getFailures()).extracting(f -> f.getException().toString()).isEmpty();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(2);

        assertThat(SEEN).hasSize(3);
        PostgresTopology topology = SEEN.get(0);
        assertThat(SEEN).allSatisfy(seen -> assertThat(seen).isSameAs(topology));
        assertThat(topology.nodes()).extracting(PostgresNode::name).containsExactly("node1", "node2", "node3", "node4");
        assertThat(topology.nodes()).noneMatch(PostgresServer::isRunning);
        for (PostgresNode node : topology.nodes()) {
            assertThatThrownBy(() -> node.connect("postgres").close()).as(node.name()).isInstanceOf(SQLException.class);
        }
        assertThatThrownBy(() -> topology.promote(topology.node("node2"))).isInstanceOf(IllegalStateException.class)
                .hasMessage("the topology is closed");
        assertThat(topologyDirectoriesOfThisJvm()).isEmpty();
    }

    private static List<Path> topologyDirectoriesOfThisJvm() throws IOException {
        String pid = Long.toString(ProcessHandle.current().pid());
        List<Path> owned = new ArrayList<>();
        try (DirectoryStream<Path> roots = Files.newDirectoryStream(Path.of(System.getProperty("java.io.tmpdir")),
                "quadrangle-pg-topology*")) {
            for (Path root : roots) {
                Path owner = root.resolve("owner.pid");
                if (Files.exists(owner) && Files.readString(owner).trim().equals(pid)) {
                    owned.add(root);
                }
            }
        }
        return owned;
    }

    /** Not run by Failsafe itself (nested classes are excluded); only through the launcher above. */
    @RealServices(standbys = 3, replication = ReplicationMode.SYNC)
    static final class Fixture {
        Fixture(PostgresTopology topology) {
            SEEN.add(topology);
        }

        @Test
        void threeSynchronousStandbys(PostgresTopology topology) throws SQLException {
            SEEN.add(topology);
            assertThat(topology.standbys()).hasSize(3);
            assertThat(TopologySql.string(topology.primary(), "SHOW synchronous_standby_names"))
                    .isEqualTo("FIRST 3 (node2, node3, node4)");
        }

        @Test
        void aStandbyLeftStoppedDoesNotHinderTheClose(PostgresTopology topology) {
            topology.node("node4").stop();
        }
    }
}
