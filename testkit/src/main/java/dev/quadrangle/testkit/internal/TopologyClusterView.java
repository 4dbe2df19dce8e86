package dev.quadrangle.testkit.internal;

import dev.quadrangle.testkit.PostgresServer;
import dev.quadrangle.testkit.PostgresStandby;
import dev.quadrangle.testkit.ServiceMode;
import java.time.Duration;
import java.util.List;

/**
 * A topology seen as a {@code PostgresCluster}, so that its {@code TestDatabase}s work like the shared
 * cluster's: the primary is the topology's current one, the standby its first current standby.
 */
final class TopologyClusterView extends AbstractPostgresCluster {
    private final EmbeddedPostgresTopology topology;

    TopologyClusterView(EmbeddedPostgresTopology topology) {
        this.topology = topology;
    }

    @Override
    public ServiceMode mode() {
        return ServiceMode.EMBEDDED;
    }

    @Override
    public PostgresServer primary() {
        return topology.primary();
    }

    @Override
    public PostgresStandby standby() {
        List<TopologyNode> standbys = topology.standbyNodes();
        if (standbys.isEmpty()) {
            throw new IllegalStateException("the topology has no standby: every standby was promoted");
        }
        return standbys.get(0);
    }

    @Override
    public void awaitStandbyCaughtUp(Duration timeout) {
        topology.awaitCaughtUp(timeout);
    }

    @Override
    void awaitCreatedDatabaseReplayed(Duration timeout) {
        topology.awaitCaughtUp(timeout);
    }

    @Override
    public String toString() {
        return topology.toString();
    }
}
