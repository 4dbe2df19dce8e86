package dev.quadrangle.testkit.internal;

import dev.quadrangle.testkit.PostgresNode;
import dev.quadrangle.testkit.PostgresTopology;
import dev.quadrangle.testkit.ReplicationMode;
import dev.quadrangle.testkit.ServiceMode;
import dev.quadrangle.testkit.ServiceStartException;
import dev.quadrangle.testkit.TestDatabase;
import dev.quadrangle.testkit.internal.TopologyNode.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A primary and several streaming standbys from zonky's embedded binaries, each in its own directory
 * under one temporary root, with the role changes of a failover: promote, re-point, rejoin.
 */
public final class EmbeddedPostgresTopology implements PostgresTopology {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresTopology.class);
    private static final String TEMP_PREFIX = "quadrangle-pg-topology";
    /** Reaps the shared clusters' and the topologies' orphans alike. */
    private static final String REAP_PREFIX = "quadrangle-pg";
    private static final Duration STREAM_TIMEOUT = StreamingStandbys.STREAM_TIMEOUT;
    private static final Duration PROMOTE_TIMEOUT = Duration.ofSeconds(60);

    private final Path root;
    private final Map<String, String> serverConfig;
    private final List<TopologyNode> nodes = new CopyOnWriteArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final TopologyClusterView clusterView = new TopologyClusterView(this);
    private final Thread shutdownHook = new Thread(this::closeAtExit, "quadrangle-testkit-topology-shutdown");
    private volatile TopologyNode primary;
    private volatile ReplicationMode mode;
    private volatile boolean closed;

    private EmbeddedPostgresTopology(Path root, ReplicationMode mode) {
        this.root = root;
        this.mode = mode;
        Map<String, String> config = EmbeddedPostgresCluster.serverConfig(root);
        config.put("max_wal_senders", Integer.toString(MAX_STANDBYS + 4));
        // a standby whose primary went away retries this often, so a re-pointed one follows at once
        config.put("wal_retrieve_retry_interval", "200ms");
        this.serverConfig = Map.copyOf(config);
    }

    /**
     * Starts a primary and its standbys, see {@link PostgresTopology#start(int, ReplicationMode)}.
     *
     * @param standbys how many standbys, 1 to {@link PostgresTopology#MAX_STANDBYS}
     * @param mode the replication mode
     * @return the running topology
     */
    public static EmbeddedPostgresTopology launch(int standbys, ReplicationMode mode) {
        if (standbys < 1 || standbys > MAX_STANDBYS) {
            throw new IllegalArgumentException("standbys must be between 1 and " + MAX_STANDBYS + ", was " + standbys);
        }
        Objects.requireNonNull(mode, "mode");
        long started = System.nanoTime();
        Path root;
        try {
            root = Files.createTempDirectory(TEMP_PREFIX);
            OrphanReaper.reap(root.getParent(), REAP_PREFIX);
            OrphanReaper.claim(root);
        } catch (IOException e) {
            throw failure(e);
        }
        EmbeddedPostgresTopology topology = new EmbeddedPostgresTopology(root, mode);
        try {
            topology.startNodes(standbys);
        } catch (RuntimeException e) {
            topology.close();
            throw failure(e);
        }
        Runtime.getRuntime().addShutdownHook(topology.shutdownHook);
        LOG.info("{} ready in {} ms", topology, millisSince(started));
        return topology;
    }

    private void startNodes(int standbys) {
        long started = System.nanoTime();
        TopologyNode first = addNode(Role.PRIMARY);
        primary = first;
        startPrimary(first);
        long primaryMs = millisSince(started);
        for (int i = 0; i < standbys; i++) {
            TopologyNode standby = addNode(Role.STANDBY);
            StreamingStandbys.build(standby, first);
            standby.start();
        }
        for (TopologyNode standby : standbyNodes()) {
            StreamingStandbys.awaitStreaming(standby, first);
        }
        SynchronousStandbys.apply(first, SynchronousStandbys.names(mode, standbyNodes()));
        awaitCaughtUp(STREAM_TIMEOUT);
        LOG.debug("primary initialised and started in {} ms; standbys built and streaming ({}) in {} ms", primaryMs,
                standbys, millisSince(started) - primaryMs);
    }

    /** Starts the first primary from the JVM's initdb template, or makes the template from it. */
    private static void startPrimary(TopologyNode first) {
        boolean copied;
        try {
            copied = InitdbTemplate.copyInto(first.dataDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException("could not copy the initdb template into " + first.dataDirectory() + ": "
                    + e.getMessage(), e);
        }
        first.start();
        if (copied) {
            return;
        }
        first.stop();
        try {
            InitdbTemplate.keep(first.dataDirectory());
        } catch (IOException e) {
            LOG.warn("every topology will run initdb: could not keep a template of {}: {}", first.dataDirectory(),
                    e.toString());
        }
        first.start();
    }

    private TopologyNode addNode(Role role) {
        String name = "node" + (nodes.size() + 1);
        TopologyNode node = new TopologyNode(this, name, role, root.resolve(name), FreePorts.next(), serverConfig);
        nodes.add(node);
        return node;
    }

    @Override
    public List<PostgresNode> nodes() {
        return List.copyOf(nodes);
    }

    @Override
    public PostgresNode primary() {
        return primary;
    }

    @Override
    public List<PostgresNode> standbys() {
        return List.copyOf(standbyNodes());
    }

    List<TopologyNode> standbyNodes() {
        return nodes.stream().filter(n -> n.currentRole() == Role.STANDBY).collect(Collectors.toUnmodifiableList());
    }

    @Override
    public PostgresNode node(String name) {
        for (TopologyNode node : nodes) {
            if (node.name().equals(name)) {
                return node;
            }
        }
        throw new IllegalArgumentException("no node named '" + name + "' in this topology; its nodes are "
                + nodes.stream().map(TopologyNode::name).collect(Collectors.toList()));
    }

    @Override
    public String user() {
        return EmbeddedPostgresNode.USER;
    }

    @Override
    public String password() {
        return "";
    }

    @Override
    public String database() {
        return "postgres";
    }

    @Override
    public ReplicationMode replicationMode() {
        return mode;
    }

    @Override
    public String primaryWalLsn() {
        TopologyNode writer = primary;
        writer.requireRunning();
        return writer.queryString("SELECT pg_current_wal_lsn()::text");
    }

    @Override
    public void promote(PostgresNode standby) {
        TopologyNode node = member(standby);
        lock.lock();
        try {
            requireOpen();
            if (node.currentRole() != Role.STANDBY) {
                throw new IllegalStateException("cannot promote " + node.name() + ": it is the " + node.role()
                        + ", not a standby");
            }
            if (!node.isRunning()) {
                throw new IllegalStateException("cannot promote " + node.name() + ": it is stopped");
            }
            long started = System.nanoTime();
            if (!"true".equals(node.queryString("SELECT pg_promote(true, " + PROMOTE_TIMEOUT.toSeconds() + ")::text"))) {
                throw new IllegalStateException(node.name() + " did not finish its promotion within " + PROMOTE_TIMEOUT);
            }
            Await.until(node.name() + " leaves recovery", PROMOTE_TIMEOUT, () -> !node.isInRecovery());
            TopologyNode old = primary;
            old.assignRole(Role.FORMER_PRIMARY);
            node.assignRole(Role.PRIMARY);
            primary = node;
            // no standby follows it yet: waiting for one would block every commit
            SynchronousStandbys.apply(node, "");
            LOG.info("promoted {} to primary in {} ms (the former primary {} is {})", node.name(), millisSince(started),
                    old.name(), old.isRunning() ? "still running" : "stopped");
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void repointStandbys(PostgresNode newPrimary) {
        TopologyNode target = member(newPrimary);
        lock.lock();
        try {
            requireOpen();
            requirePrimary(target, "re-point the standbys to it");
            long started = System.nanoTime();
            boolean restart = "postmaster".equals(target.queryString(
                    "SELECT context FROM pg_settings WHERE name = 'primary_conninfo'"));
            List<TopologyNode> standbys = standbyNodes();
            for (TopologyNode standby : standbys) {
                StreamingStandbys.repoint(standby, target, restart);
            }
            for (TopologyNode standby : standbys) {
                if (standby.isRunning()) {
                    StreamingStandbys.awaitFollowing(standby, target);
                }
            }
            SynchronousStandbys.apply(target, SynchronousStandbys.names(mode, standbys));
            LOG.info("re-pointed {} to {} in {} ms", standbys.stream().map(TopologyNode::name).collect(Collectors.toList()),
                    target.name(), millisSince(started));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void rejoinAsStandby(PostgresNode oldPrimary, PostgresNode newPrimary) {
        TopologyNode node = member(oldPrimary);
        TopologyNode target = member(newPrimary);
        if (node == target) {
            throw new IllegalArgumentException(node.name() + " cannot rejoin as a standby of itself");
        }
        lock.lock();
        try {
            requireOpen();
            requirePrimary(target, "rejoin " + node.name() + " to it");
            long started = System.nanoTime();
            node.stop();
            long backup = System.nanoTime();
            StreamingStandbys.build(node, target);
            node.assignRole(Role.STANDBY);
            long start = System.nanoTime();
            node.start();
            long stream = System.nanoTime();
            StreamingStandbys.awaitStreaming(node, target);
            SynchronousStandbys.apply(target, SynchronousStandbys.names(mode, standbyNodes()));
            LOG.info("{} rejoined as a standby of {} in {} ms (stop {} ms, base backup {} ms, start {} ms, streaming {} ms)",
                    node.name(), target.name(), millisSince(started), (backup - started) / 1_000_000,
                    (start - backup) / 1_000_000, (stream - start) / 1_000_000, millisSince(stream));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void replication(ReplicationMode newMode) {
        Objects.requireNonNull(newMode, "mode");
        lock.lock();
        try {
            requireOpen();
            TopologyNode writer = primary;
            if (!writer.isRunning()) {
                throw new IllegalStateException("cannot switch to " + newMode + " replication: the primary "
                        + writer.name() + " is stopped");
            }
            mode = newMode;
            SynchronousStandbys.apply(writer, SynchronousStandbys.names(newMode, standbyNodes()));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void awaitCaughtUp(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        String lsn = primaryWalLsn();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (TopologyNode standby : standbyNodes()) {
            if (standby.isRunning()) {
                standby.awaitReplay(lsn, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            }
        }
    }

    @Override
    public TestDatabase createDatabase(String prefix) {
        return clusterView.createDatabase(prefix);
    }

    private TopologyNode member(PostgresNode node) {
        Objects.requireNonNull(node, "node");
        if (node instanceof TopologyNode && ((TopologyNode) node).topology() == this) {
            return (TopologyNode) node;
        }
        throw new IllegalArgumentException(node + " is not a node of this topology");
    }

    private void requirePrimary(TopologyNode node, String action) {
        if (node != primary) {
            throw new IllegalStateException("cannot " + action + ": " + node.name() + " is not the primary (the primary is "
                    + primary.name() + "); promote it first");
        }
        if (!node.isRunning()) {
            throw new IllegalStateException("cannot " + action + ": the primary " + node.name() + " is stopped");
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the topology is closed");
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (int i = nodes.size() - 1; i >= 0; i--) {
                try {
                    nodes.get(i).stop();
                } catch (RuntimeException e) {
                    LOG.warn("could not stop {}: {}", nodes.get(i), e.toString());
                }
            }
            Directories.deleteQuietly(root);
        } finally {
            lock.unlock();
        }
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException | IllegalArgumentException alreadyShuttingDownOrNotRegistered) {
                // nothing to remove
            }
        }
    }

    /**
     * Closes the topology when the JVM exits without its owner having closed it. A role change still
     * running gets a few seconds; after that zonky's own hooks stop the servers and the orphan reaper of
     * a later run deletes the directories.
     */
    private void closeAtExit() {
        try {
            if (lock.tryLock(10, TimeUnit.SECONDS)) {
                try {
                    close();
                } finally {
                    lock.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ServiceStartException failure(Exception e) {
        return new ServiceStartException("embedded PostgreSQL topology", ServiceMode.EMBEDDED,
                "The embedded servers unpack PostgreSQL binaries into java.io.tmpdir (move it with"
                        + " -Dot.epg.working-dir) and need 'unshare' when run as root.", e);
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    @Override
    public String toString() {
        return "embedded PostgreSQL topology " + nodes.stream().map(n -> n.name() + " (" + n.role() + ") on port " + n.port())
                .collect(Collectors.joining(", "));
    }
}
