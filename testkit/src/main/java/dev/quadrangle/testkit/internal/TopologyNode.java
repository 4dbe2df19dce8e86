package dev.quadrangle.testkit.internal;

import dev.quadrangle.testkit.PostgresNode;
import dev.quadrangle.testkit.PostgresStandby;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A node of an {@link EmbeddedPostgresTopology}: an embedded server whose role the topology changes.
 * It is a {@link PostgresStandby} too, so that a topology can stand in for a {@code PostgresCluster}.
 */
final class TopologyNode extends EmbeddedPostgresNode implements PostgresNode, PostgresStandby {

    /** What the topology takes a node for. */
    enum Role {
        PRIMARY("primary"), STANDBY("standby"), FORMER_PRIMARY("former primary");

        final String text;

        Role(String text) {
            this.text = text;
        }
    }

    private final EmbeddedPostgresTopology topology;
    private final String name;
    private volatile Role role;

    TopologyNode(EmbeddedPostgresTopology topology, String name, Role role, Path dataDirectory, int port,
            Map<String, String> serverConfig) {
        super(role.text, dataDirectory, port, serverConfig);
        this.topology = topology;
        this.name = name;
        this.role = role;
    }

    EmbeddedPostgresTopology topology() {
        return topology;
    }

    Role currentRole() {
        return role;
    }

    void assignRole(Role newRole) {
        this.role = newRole;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String role() {
        return role.text;
    }

    @Override
    String label() {
        return name + " (" + role.text + ")";
    }

    @Override
    public boolean isInRecovery() {
        requireRunning();
        return Boolean.parseBoolean(queryString("SELECT pg_is_in_recovery()::text"));
    }

    @Override
    public void setReplayDelay(Duration delay) {
        if (delay != null && !delay.isNegative()) {
            requireRunning();
        }
        StandbyControl.setReplayDelay(this, delay);
    }

    @Override
    public String replayLsn() {
        return StandbyControl.replayLsn(this);
    }

    @Override
    public void awaitReplay(String lsn, Duration timeout) {
        try {
            StandbyControl.awaitReplay(this, lsn, timeout);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(name + ": " + e.getMessage(), e);
        }
    }

    void requireRunning() {
        if (!isRunning()) {
            throw new IllegalStateException(name + " is stopped");
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL " + name + " (" + role.text + ") at " + host() + ":" + port();
    }
}
