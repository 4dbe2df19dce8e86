package dev.quadrangle.routing.internal;

import dev.quadrangle.routing.NodeRole;
import dev.quadrangle.routing.NodeStatus;
import dev.quadrangle.routing.ReplicaStatus;
import dev.quadrangle.routing.RoutingListener;
import dev.quadrangle.routing.WriterChange;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The discovery of a cluster given as nodes: each round probes every node in parallel (daemon threads
 * {@code quadrangle-routing-discovery-probe}) for {@code pg_is_in_recovery()}, its positions and, when
 * it is a primary, its WAL position and timeline; elects the writer ({@link WriterElection}); updates each
 * node's health as a replica against the writer's position; and publishes the {@link Roles} the router
 * reads. Rounds run on the daemon thread {@code quadrangle-routing-discovery} every probe interval while
 * a single writer is known, every discovery interval otherwise, and at once when a connection to the
 * writer fails. When the writer changes, the old writer's pool is evicted. Thread-safe.
 */
final class NodeDiscovery implements HealthProbe {
    private static final Logger LOG = LoggerFactory.getLogger(NodeDiscovery.class);
    private static final String NODE_SQL = "SELECT pg_is_in_recovery(),"
            + " (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint,"
            + " (pg_last_wal_receive_lsn() - '0/0'::pg_lsn)::bigint,"
            + " (extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000)::bigint,"
            + " CASE WHEN pg_is_in_recovery() THEN NULL ELSE (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint END,"
            + " CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_walfile_name(pg_current_wal_lsn()) END";

    private final RoutingSettings settings;
    private final Router router;
    private final List<ReplicaNode> nodes;
    private final List<ProbeConnector> connectors = new ArrayList<>();
    private final List<Future<NodeAnswer>> running;
    private final ExecutorService probes;
    private final ExecutorService warmUps;
    private final java.util.Set<String> warming = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Thread loop;
    private final Semaphore wake = new Semaphore(0);
    private final ReentrantLock roundLock = new ReentrantLock();
    private final AtomicLong firstFailureNanos = new AtomicLong();
    private volatile boolean closed;
    private volatile List<NodeStatus> statuses;
    // touched under roundLock only
    private Target lastKnownWriter;
    private long lostAtNanos = System.nanoTime();
    private List<String> lastPrimaries = List.of();

    /**
     * A discovery; call {@link #start()} to run its rounds.
     *
     * @param settings the settings
     * @param router the router it publishes to; its replicas are the nodes
     */
    NodeDiscovery(RoutingSettings settings, Router router) {
        this.settings = settings;
        this.router = router;
        this.nodes = router.replicas();
        List<Future<NodeAnswer>> none = new ArrayList<>();
        List<NodeStatus> initial = new ArrayList<>();
        for (ReplicaNode node : nodes) {
            connectors.add(new ProbeConnector(node.spec(), settings.probeTimeout()));
            none.add(null);
            initial.add(new NodeStatus(node.name(), NodeRole.UNKNOWN, false, -1, node.status()));
        }
        this.running = none;
        this.statuses = List.copyOf(initial);
        this.probes = Executors.newFixedThreadPool(Math.max(1, nodes.size()),
                daemon("quadrangle-routing-discovery-probe"));
        this.warmUps = Executors.newSingleThreadExecutor(daemon("quadrangle-routing-discovery-warmup"));
        this.loop = daemon("quadrangle-routing-discovery").newThread(this::runRounds);
        router.onWriterFailure(this::writerFailed);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void start() {
        loop.start();
    }

    /** The latest status of every node, in configuration order. */
    List<NodeStatus> nodeStatuses() {
        return statuses;
    }

    /** A connection to the writer failed: note when, and run a round at once. */
    private void writerFailed(Target writer, SQLException cause) {
        if (router.roles().writer() == writer) {
            firstFailureNanos.compareAndSet(0, System.nanoTime() | 1);
            LOG.debug("a connection to the writer {} failed, re-discovering: {}", writer.name(), cause.getMessage());
            if (wake.availablePermits() == 0) {
                wake.release();
            }
        }
    }

    private void runRounds() {
        while (!closed) {
            Roles roles = router.roles();
            Duration wait = roles.writer() != null && !roles.splitBrain() ? settings.probeInterval()
                    : settings.discoveryInterval();
            try {
                wake.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
            if (closed) {
                return;
            }
            try {
                round();
            } catch (RuntimeException e) {
                LOG.warn("discovery round failed: {}", e.toString());
            }
        }
    }

    @Override
    public void round() {
        roundLock.lock();
        try {
            long started = System.nanoTime();
            boolean[] permitted = new boolean[nodes.size()];
            List<NodeAnswer> answers = probeAll(permitted);
            List<WriterElection.Candidate> candidates = new ArrayList<>(answers.size());
            for (int i = 0; i < answers.size(); i++) {
                NodeAnswer a = answers.get(i);
                candidates.add(new WriterElection.Candidate(nodes.get(i).name(), a.reachable(), a.inRecovery(),
                        a.timeline(), a.error() == null ? null : a.error().getMessage()));
            }
            WriterElection.Outcome outcome = WriterElection.elect(candidates, settings.splitBrainPolicy());
            Target writer = null;
            Long writerLsn = null;
            for (int i = 0; i < nodes.size(); i++) {
                if (nodes.get(i).name().equals(outcome.writer())) {
                    writer = nodes.get(i);
                    writerLsn = answers.get(i).currentLsn();
                }
            }
            Roles previous = router.roles();
            router.publish(new Roles(writer, outcome.primaries(), outcome.problem(), new CompletableFuture<>()), started);
            long published = System.nanoTime();
            if (LOG.isDebugEnabled()) {
                LOG.debug("round in {} us: writer {}, {}", (System.nanoTime() - started) / 1000, outcome.writer(),
                        candidates);
            }
            updateNodes(answers, permitted, writerLsn, writer);
            reportRoles(previous.writer(), writer, outcome, published);
        } finally {
            roundLock.unlock();
        }
    }

    private List<NodeAnswer> probeAll(boolean[] permitted) {
        List<Future<NodeAnswer>> futures = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            Future<NodeAnswer> previous = running.get(i);
            if (previous != null && !previous.isDone()) {
                futures.add(null); // its probe connection is still in use
                continue;
            }
            permitted[i] = nodes.get(i).breaker().tryAcquirePermission();
            ProbeConnector connector = connectors.get(i);
            Future<NodeAnswer> future = probes.submit(() -> query(connector));
            running.set(i, future);
            futures.add(future);
        }
        long deadline = System.nanoTime() + 2 * settings.probeTimeout().toNanos() + 500_000_000L;
        List<NodeAnswer> answers = new ArrayList<>(nodes.size());
        for (Future<NodeAnswer> future : futures) {
            answers.add(await(future, deadline));
        }
        return answers;
    }

    private NodeAnswer await(Future<NodeAnswer> future, long deadline) {
        if (future == null) {
            return NodeAnswer.failed(new SQLException("the previous probe has not answered yet",
                    SqlErrors.CONNECTION_FAILURE), 0);
        }
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return NodeAnswer.failed(new SQLException("the probe did not answer within "
                    + settings.probeTimeout().multipliedBy(2).toMillis() + " ms", SqlErrors.CONNECTION_FAILURE), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return NodeAnswer.failed(new SQLException("the probe was interrupted", SqlErrors.CONNECTION_FAILURE), 0);
        } catch (ExecutionException e) {
            return NodeAnswer.failed(new SQLException("the probe failed: " + e.getCause(),
                    SqlErrors.CONNECTION_FAILURE, e.getCause()), 0);
        }
    }

    private NodeAnswer query(ProbeConnector connector) {
        long started = System.nanoTime();
        Connection connection = null;
        boolean failed = true;
        try {
            connection = connector.open();
            try (Statement s = connection.createStatement()) {
                s.setQueryTimeout((int) Math.max(1, (settings.probeTimeout().toMillis() + 999) / 1000));
                try (ResultSet rs = s.executeQuery(NODE_SQL)) {
                    rs.next();
                    boolean inRecovery = rs.getBoolean(1);
                    String walFile = rs.getString(6);
                    NodeAnswer answer = new NodeAnswer(true, inRecovery, nullable(rs, 2), nullable(rs, 3),
                            nullable(rs, 4), nullable(rs, 5), timeline(walFile), System.nanoTime() - started, null);
                    failed = false;
                    return answer;
                }
            }
        } catch (SQLException e) {
            return NodeAnswer.failed(e, System.nanoTime() - started);
        } finally {
            if (connection != null) {
                connector.done(connection, failed);
            }
        }
    }

    /** The timeline of a WAL file name: its first eight hexadecimal digits. */
    static long timeline(String walFile) {
        if (walFile == null || walFile.length() < 8) {
            return -1;
        }
        try {
            return Long.parseLong(walFile.substring(0, 8), 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Long nullable(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private void updateNodes(List<NodeAnswer> answers, boolean[] permitted, Long writerLsn, Target writer) {
        RoutingListener listener = settings.listener();
        List<NodeStatus> now = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            ReplicaNode node = nodes.get(i);
            NodeAnswer a = answers.get(i);
            boolean wasEligible = node.eligible();
            node.recordProbe(permitted[i], a.latencyNanos(), a.error());
            ProbeFindings findings;
            if (a.error() != null) {
                findings = ProbeFindings.failed(a.error().getMessage());
                listener.onProbeFailure(node.name(), a.error());
                if (SqlErrors.isConnectionError(a.error())) {
                    node.pausePool();
                }
            } else {
                if (node.resumePool()) {
                    warmUp(node);
                }
                node.recordLatency(a.latencyNanos());
                findings = new ProbeFindings(true, a.inRecovery(), a.replayLsn(),
                        ReplicaLag.bytes(writerLsn, a.replayLsn()),
                        ReplicaLag.millis(writerLsn, a.replayLsn(), a.receiveLsn(), a.replayAgeMillis()),
                        a.latencyNanos(), null);
            }
            ReplicaStatus status = node.update(findings, settings.maxReplicaLag().toMillis(),
                    settings.maxReplicaLagBytes());
            if (status.eligible() && !wasEligible && node.poolEmpty()) {
                // a pool whose server was down backs off before it connects again: admitting the node now would
                // make reads wait connectionTimeout there; the pool fills on its own, the next round admits it
                status = node.holdBack("its pool has no connection yet");
                warmUp(node);
            }
            listener.onReplicaStatus(status);
            NodeRole role = !a.reachable() ? NodeRole.UNKNOWN : a.inRecovery() ? NodeRole.REPLICA : NodeRole.PRIMARY;
            NodeStatus nodeStatus = new NodeStatus(node.name(), role, node == writer, a.timeline(), status);
            now.add(nodeStatus);
            listener.onNodeStatus(nodeStatus);
            boolean nowEligible = node.eligible();
            if (nowEligible != wasEligible) {
                String cause = nowEligible ? "healthy" : status.cause();
                LOG.info("node {} {} as a replica: {}", node.name(), nowEligible ? "admitted" : "ejected", cause);
                listener.onEligibilityChange(node.name(), nowEligible, cause);
            }
        }
        statuses = List.copyOf(now);
        router.refreshEligible();
    }

    private void reportRoles(Target before, Target writer, WriterElection.Outcome outcome, long now) {
        RoutingListener listener = settings.listener();
        if (outcome.primaries().size() > 1 && !outcome.primaries().equals(lastPrimaries)) {
            LOG.warn("{}", outcome.problem());
            for (ReplicaNode node : nodes) {
                if (outcome.primaries().contains(node.name()) && node != writer) {
                    node.softEvict();
                }
            }
            listener.onSplitBrain(outcome.primaries(), settings.splitBrainPolicy(), outcome.writer());
        }
        lastPrimaries = outcome.primaries();
        if (before == writer) {
            if (writer != null) {
                firstFailureNanos.set(0); // a failure the probe did not confirm
            }
            return;
        }
        if (before != null) {
            before.softEvict();
        }
        long signal = firstFailureNanos.getAndSet(0);
        if (writer == null) {
            Duration detection = signal == 0 ? Duration.ZERO : Duration.ofNanos(now - signal);
            lostAtNanos = now;
            LOG.warn("writer {} lost: {}", before.name(), outcome.problem());
            listener.onWriterChange(new WriterChange(before.name(), null, detection, Duration.ZERO));
            return;
        }
        Duration without = before == null && lastKnownWriter != null ? Duration.ofNanos(now - lostAtNanos)
                : Duration.ZERO;
        String previousName = lastKnownWriter == null ? null : lastKnownWriter.name();
        LOG.info("writer is now {} (before: {}, {} ms without a writer)", writer.name(), previousName,
                without.toMillis());
        lastKnownWriter = writer;
        listener.onWriterChange(new WriterChange(previousName, writer.name(), Duration.ZERO, without));
    }

    /** Borrows one connection from the node's pool in the background, so that the pool connects again. */
    private void warmUp(ReplicaNode node) {
        if (!warming.add(node.name())) {
            return;
        }
        warmUps.execute(() -> {
            try {
                node.release(node.acquire(), false);
            } catch (SQLException e) {
                LOG.debug("warming up the pool of {} failed: {}", node.name(), e.getMessage());
            } finally {
                warming.remove(node.name());
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        warmUps.shutdownNow();
        loop.interrupt();
        try {
            loop.join(settings.probeTimeout().toMillis() * 2 + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        probes.shutdownNow();
        try {
            probes.awaitTermination(settings.probeTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        roundLock.lock();
        try {
            connectors.forEach(ProbeConnector::close);
        } finally {
            roundLock.unlock();
        }
    }

    /** What one node answered, or why it did not. */
    private record NodeAnswer(boolean reachable, boolean inRecovery, Long replayLsn, Long receiveLsn,
            Long replayAgeMillis, Long currentLsn, long timeline, long latencyNanos, SQLException error) {

        static NodeAnswer failed(SQLException error, long latencyNanos) {
            return new NodeAnswer(false, false, null, null, null, null, -1, latencyNanos, error);
        }
    }
}
