package dev.quadrangle.routing.internal;

import dev.quadrangle.spi.ConsistencyToken;
import dev.quadrangle.routing.ConsistencyPolicy;
import dev.quadrangle.routing.NoReplicaPolicy;
import dev.quadrangle.routing.RouteReason;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides where a connection goes and takes the physical connection there: scope, read-only flag,
 * consistency policy, replica eligibility and load balancing, with failover to the next candidate
 * when a replica cannot hand out a connection. Writes go to the writer of the current {@link Roles},
 * read through one volatile field; while none is known a write waits for the discovery's next rounds
 * up to {@code maxWaitForWriter}. Thread-safe.
 */
public final class Router {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    private static final String REPLAY_LSN_SQL = "SELECT (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint";
    private static final long CONSISTENCY_POLL_NANOS = 2_000_000L;

    private final RoutingSettings settings;
    private final Target primary;
    private final List<ReplicaNode> replicas;
    private final long stickyWindowNanos;
    private final long maxWaitNanos;
    private final long maxWaitForWriterNanos;
    private volatile List<ReplicaNode> eligible = List.of();
    private volatile Roles roles;
    private volatile Target suspect;
    private volatile long suspectSince;
    private volatile WriterFailureSignal writerFailureSignal = (writer, cause) -> { };
    private final ScopeFrame.PositionSource positionSource = this::writerPosition;

    /**
     * A router over a fixed primary and replicas.
     *
     * @param settings the settings
     * @param primary the primary
     * @param replicas the replicas
     */
    public Router(RoutingSettings settings, Target primary, List<ReplicaNode> replicas) {
        this(settings, primary, replicas, Roles.fixed(primary));
    }

    private Router(RoutingSettings settings, Target primary, List<ReplicaNode> replicas, Roles roles) {
        this.settings = settings;
        this.primary = primary;
        this.replicas = List.copyOf(replicas);
        this.stickyWindowNanos = settings.stickyWindow().toNanos();
        this.maxWaitNanos = settings.maxWaitForReplica().toNanos();
        this.maxWaitForWriterNanos = settings.maxWaitForWriter().toNanos();
        this.roles = roles;
    }

    /**
     * A router over discovered nodes: every node may serve reads while it is an eligible standby, and
     * writes go to the writer the discovery publishes; none is known until the first publication.
     *
     * @param settings the settings
     * @param nodes the nodes, in configuration order
     * @return the router
     */
    static Router discovered(RoutingSettings settings, List<ReplicaNode> nodes) {
        return new Router(settings, null, nodes, new Roles(null, List.of(), "not probed yet",
                new java.util.concurrent.CompletableFuture<>()));
    }

    /** Told when a connection to the writer fails, so that the writer is re-discovered at once. */
    interface WriterFailureSignal {
        /**
         * A connection to the writer failed with a connection error.
         *
         * @param writer the writer it was taken from
         * @param cause the connection error
         */
        void writerFailed(Target writer, SQLException cause);
    }

    /** Sets who is told of writer connection failures (the discovery); before any connection is routed. */
    void onWriterFailure(WriterFailureSignal signal) {
        writerFailureSignal = signal;
    }

    /** The current roles. */
    Roles roles() {
        return roles;
    }

    /**
     * Publishes a discovery round's roles and wakes the writes waiting for a writer.
     *
     * @param next the new roles, whose {@code next} is not completed
     * @param roundStarted when the round that found them started ({@link System#nanoTime()})
     */
    void publish(Roles next, long roundStarted) {
        Roles previous = roles;
        roles = next;
        if (roundStarted - suspectSince > 0) {
            suspect = null; // the round saw the writer after its failure: its word stands
        }
        previous.next().complete(next);
    }

    /**
     * Tells the discovery that a connection taken as the writer's failed with a connection error.
     *
     * @param writer where the connection was taken
     * @param cause the error
     */
    void writerFailed(Target writer, SQLException cause) {
        if (primary == null && roles.writer() == writer) {
            // until a round that starts now has spoken, new writes wait rather than queue on a dead pool
            suspectSince = System.nanoTime();
            suspect = writer;
        }
        writerFailureSignal.writerFailed(writer, cause);
    }

    /**
     * Whether statements may still be sent through a connection taken as the writer's: they may unless
     * another node became the writer or a split brain was detected since.
     *
     * @param writer the server the connection was taken from
     * @return {@code null} when they may, else the error to fail the statement with
     */
    SQLException writerMoved(Target writer) {
        Roles now = roles;
        Target current = now.writer();
        if (current == writer || (current == null && !now.splitBrain())) {
            return null;
        }
        if (current == null) {
            return new SQLException("no writer is known: " + now.problem() + "; nothing was sent",
                    SqlErrors.SPLIT_BRAIN);
        }
        return new SQLException("the writer changed from " + writer.name() + " to " + current.name()
                + " since this connection was opened; nothing was sent", SqlErrors.CONNECTION_FAILURE);
    }

    /** Recomputes the set of eligible replicas after a probe or an ejection. */
    public void refreshEligible() {
        List<ReplicaNode> now = new ArrayList<>(replicas.size());
        for (ReplicaNode replica : replicas) {
            if (replica.eligible()) {
                now.add(replica);
            }
        }
        eligible = List.copyOf(now);
    }

    /** The replicas, in configuration order. */
    public List<ReplicaNode> replicas() {
        return replicas;
    }

    /** The fixed primary, or {@code null} when the roles are discovered. */
    public Target primary() {
        return primary;
    }

    /** Every server: the fixed primary, if any, then the replicas or nodes. */
    List<Target> targets() {
        List<Target> all = new ArrayList<>(replicas.size() + 1);
        if (primary != null) {
            all.add(primary);
        }
        all.addAll(replicas);
        return all;
    }

    /**
     * Routes a connection and takes the physical connection.
     *
     * @param readOnly whether the logical connection is read-only
     * @param frame the scope it was opened in
     * @param required a token the connection itself requires, or {@code null}
     * @param exclude a server not to use (where an idempotent read just failed), or {@code null}
     * @return the lease
     * @throws SQLException when no server can provide a connection
     */
    public Lease route(boolean readOnly, ScopeFrame frame, ConsistencyToken required, Target exclude)
            throws SQLException {
        boolean retry = exclude != null;
        if (frame.primary()) {
            return onPrimary(retry ? RouteReason.RETRY : RouteReason.SCOPE);
        }
        if (!readOnly) {
            return onPrimary(RouteReason.READ_WRITE);
        }
        boolean acceptLag = frame.replica();
        RouteReason reason = retry ? RouteReason.RETRY : acceptLag ? RouteReason.SCOPE : RouteReason.READ_ONLY;
        ConsistencyPolicy policy = settings.consistencyPolicy();
        if (!acceptLag && policy == ConsistencyPolicy.TIME_WINDOW && frame.wroteWithin(stickyWindowNanos, System.nanoTime())) {
            return onPrimary(RouteReason.STICKY_AFTER_WRITE);
        }
        ConsistencyToken token = null;
        if (!acceptLag && policy == ConsistencyPolicy.LSN) {
            try {
                token = max(required, frame.token(positionSource));
            } catch (SQLException e) {
                // the scope wrote and its position cannot be read: only the writer is sure to have the write
                LOG.warn("could not read the writer's position for a read after a write; the read goes to the"
                        + " writer: {}", e.getMessage());
                return onPrimary(RouteReason.STICKY_AFTER_WRITE);
            }
        }
        List<ReplicaNode> candidates = candidates(exclude);
        if (token != null) {
            candidates = satisfying(candidates, token);
        }
        Lease lease = candidates.isEmpty() ? null : onReplica(candidates, reason);
        if (lease != null) {
            return lease;
        }
        if (token != null) {
            lease = awaitReplica(candidates(exclude), token, reason);
            if (lease != null) {
                return lease;
            }
            if (!candidates(exclude).isEmpty()) {
                return onPrimary(RouteReason.STICKY_AFTER_WRITE);
            }
        }
        return noReplica(retry);
    }

    private Lease noReplica(boolean retry) throws SQLException {
        if (settings.noReplicaPolicy() == NoReplicaPolicy.FAIL) {
            throw new SQLException("no eligible replica for a read-only connection (noReplicaPolicy FAIL): "
                    + ineligibleCauses(), SqlErrors.UNABLE_TO_CONNECT);
        }
        return onPrimary(retry ? RouteReason.RETRY : RouteReason.FALLBACK);
    }

    private String ineligibleCauses() {
        StringBuilder causes = new StringBuilder();
        for (ReplicaNode replica : replicas) {
            causes.append(causes.length() == 0 ? "" : "; ").append(replica.name()).append(": ")
                    .append(replica.status().cause());
        }
        return replicas.isEmpty() ? "no replica is configured" : causes.toString();
    }

    private Lease onPrimary(RouteReason reason) throws SQLException {
        Roles current = roles;
        Target writer = current.writer();
        if (writer == null || writer == suspect) {
            writer = awaitWriter(current, System.nanoTime() + maxWaitForWriterNanos);
        }
        Connection connection;
        try {
            connection = writer.acquire();
        } catch (SQLException e) {
            if (primary != null || !SqlErrors.isConnectionError(e)) {
                throw e;
            }
            // nothing was sent: a connection from the writer the next round finds is safe to take
            long deadline = System.nanoTime() + maxWaitForWriterNanos;
            Roles seen = roles;
            writerFailed(writer, e);
            Roles after = nextRound(seen, deadline);
            if (after.writer() == writer) {
                after = nextRound(after, deadline); // that round may have begun before the failure
            }
            writer = awaitWriter(after, deadline);
            connection = writer.acquire();
        }
        Lease lease = new Lease(writer, connection, reason, true);
        settings.listener().onRouted(writer.name(), reason);
        return lease;
    }

    /**
     * Waits until the roles name a writer that is not suspect or the deadline passes; then fails as no
     * writer is known.
     */
    private Target awaitWriter(Roles from, long deadline) throws SQLException {
        Roles current = from;
        while (current.writer() == null || current.writer() == suspect) {
            if (deadline - System.nanoTime() <= 0) {
                throw writeRefused(current);
            }
            current = nextRound(current, deadline);
        }
        return current.writer();
    }

    private Roles nextRound(Roles current, long deadline) throws SQLException {
        try {
            return current.next().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return roles;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a writer: " + current.problem(),
                    SqlErrors.UNABLE_TO_CONNECT, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("roles are never completed exceptionally", e);
        }
    }

    /**
     * Reads the writer's current log position on a connection of its own, for a scope whose auto-committed
     * writes have not had their position read. Does not wait for a writer: when none is known now, fails.
     *
     * @return a position at or past every commit that returned before the call
     * @throws SQLException when no writer is known or it cannot answer
     */
    public ConsistencyToken writerPosition() throws SQLException {
        Roles current = roles;
        Target writer = current.writer();
        if (writer == null || writer == suspect) {
            throw new SQLException("no writer is known to read the log position from: " + (current.problem() != null
                    ? current.problem() : "a connection to the writer failed"), SqlErrors.UNABLE_TO_CONNECT);
        }
        Connection connection = writer.acquire();
        boolean broken = false;
        try {
            return positionOn(connection);
        } catch (SQLException e) {
            broken = SqlErrors.isConnectionError(e);
            if (broken) {
                writerFailed(writer, e);
            }
            throw e;
        } finally {
            writer.release(connection, broken);
        }
    }

    /**
     * Reads the current log position on a connection to the writer and reports the time it took as a
     * separate capture.
     *
     * @param writerConnection a connection to the writer, outside a failed transaction
     * @return the position
     * @throws SQLException when it cannot be read
     */
    ConsistencyToken positionOn(Connection writerConnection) throws SQLException {
        long started = System.nanoTime();
        ConsistencyToken position = TokenCapture.position(writerConnection);
        settings.listener().onTokenCaptured(System.nanoTime() - started, false);
        return position;
    }

    private SQLException writeRefused(Roles current) {
        boolean splitBrain = current.splitBrain();
        settings.listener().onWriteRefused(splitBrain ? "split_brain" : "no_writer");
        String problem = current.problem() != null ? current.problem() : "a connection to the writer "
                + current.writer().name() + " failed and no discovery round has answered since";
        return new SQLException("no writer is known after " + settings.maxWaitForWriter().toMillis()
                + " ms (maxWaitForWriter): " + problem,
                splitBrain ? SqlErrors.SPLIT_BRAIN : SqlErrors.UNABLE_TO_CONNECT);
    }

    private List<ReplicaNode> candidates(Target exclude) {
        List<ReplicaNode> now = eligible;
        if (exclude == null || !now.contains(exclude)) {
            return now;
        }
        List<ReplicaNode> without = new ArrayList<>(now);
        without.remove(exclude);
        return without;
    }

    private static List<ReplicaNode> satisfying(List<ReplicaNode> candidates, ConsistencyToken token) {
        List<ReplicaNode> satisfied = null;
        for (int i = 0; i < candidates.size(); i++) {
            ReplicaNode replica = candidates.get(i);
            boolean ok = token.isSatisfiedBy(replica.knownReplayLsn()) && replica.knownReplayLsn() >= 0;
            if (!ok && satisfied == null) {
                satisfied = new ArrayList<>(candidates.subList(0, i));
            } else if (ok && satisfied != null) {
                satisfied.add(replica);
            }
        }
        return satisfied == null ? candidates : satisfied;
    }

    /** Tries the balancer's choice, then the others in order; ejects a replica that cannot connect. */
    private Lease onReplica(List<ReplicaNode> candidates, RouteReason reason) {
        int size = candidates.size();
        int first = settings.loadBalancer().choose(candidates);
        if (first < 0 || first >= size) {
            throw new IllegalStateException("load balancer " + settings.loadBalancer() + " chose index " + first
                    + " of " + size + " candidates");
        }
        for (int i = 0; i < size; i++) {
            ReplicaNode replica = candidates.get((first + i) % size);
            if (!replica.eligible()) {
                continue; // ejected since the candidate list was computed
            }
            Connection connection = tryAcquire(replica);
            if (connection != null) {
                settings.listener().onRouted(replica.name(), reason);
                return new Lease(replica, connection, reason, false);
            }
        }
        return null;
    }

    private Connection tryAcquire(ReplicaNode replica) {
        try {
            return replica.acquire();
        } catch (SQLException e) {
            LOG.warn("replica {} could not provide a connection, ejecting it: {}", replica.name(), e.getMessage());
            eject(replica, e);
            return null;
        }
    }

    /**
     * Ejects a replica after a connection error seen by a read.
     *
     * @param replica the replica
     * @param cause the error
     */
    public void eject(ReplicaNode replica, Exception cause) {
        boolean was = replica.eligible();
        replica.eject(cause);
        refreshEligible();
        if (was) {
            settings.listener().onEligibilityChange(replica.name(), false, "connection error: " + cause.getMessage());
        }
    }

    /**
     * Asks the most advanced replica for its replay position until it reaches the token or
     * {@code maxWaitForReplica} has passed (at least once).
     */
    private Lease awaitReplica(List<ReplicaNode> candidates, ConsistencyToken token, RouteReason reason) {
        ReplicaNode best = null;
        for (ReplicaNode replica : candidates) {
            if (best == null || replica.knownReplayLsn() > best.knownReplayLsn()) {
                best = replica;
            }
        }
        if (best == null) {
            return null;
        }
        Connection connection = tryAcquire(best);
        if (connection == null) {
            return null;
        }
        long deadline = System.nanoTime() + maxWaitNanos;
        try (PreparedStatement ps = connection.prepareStatement(REPLAY_LSN_SQL)) {
            while (true) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long replayed = rs.getLong(1);
                    best.observeReplay(replayed);
                    if (!rs.wasNull() && token.isSatisfiedBy(replayed)) {
                        settings.listener().onRouted(best.name(), reason);
                        return new Lease(best, connection, reason, false);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                LockSupport.parkNanos(Math.min(left, CONSISTENCY_POLL_NANOS));
            }
        } catch (SQLException e) {
            boolean broken = SqlErrors.isConnectionError(e);
            if (broken) {
                eject(best, e);
            }
            best.release(connection, broken);
            return null;
        }
        best.release(connection, false);
        return null;
    }

    private static ConsistencyToken max(ConsistencyToken a, ConsistencyToken b) {
        return a == null ? b : a.max(b);
    }
}
