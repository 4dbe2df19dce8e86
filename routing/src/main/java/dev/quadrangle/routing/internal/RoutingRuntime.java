package dev.quadrangle.routing.internal;

import dev.quadrangle.spi.ConsistencyToken;
import dev.quadrangle.routing.ConsistencyPolicy;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * What logical connections share: the router, the settings, and the read-your-writes bookkeeping done
 * when a write commits on the primary. Thread-safe.
 */
final class RoutingRuntime {
    private final RoutingSettings settings;
    private final Router router;

    RoutingRuntime(RoutingSettings settings, Router router) {
        this.settings = settings;
        this.router = router;
    }

    RoutingSettings settings() {
        return settings;
    }

    Router router() {
        return router;
    }

    /** Routes a logical connection, takes the physical connection and replays its settings on it. */
    Lease lease(LogicalConnection connection, boolean readOnly, ScopeFrame frame, ConsistencyToken required,
            Target exclude) throws SQLException {
        Lease lease = router.route(readOnly, frame, required, exclude);
        try {
            // an eligible replica is a hot standby (probed pg_is_in_recovery()), which refuses writes itself: the
            // driver's read-only flag would only cost two calls per borrow (set, and the pool's reset on return)
            connection.applyTo(lease.connection(), readOnly, lease.writer());
            return lease;
        } catch (SQLException e) {
            boolean broken = SqlErrors.isConnectionError(e);
            if (broken) {
                connectionFailed(lease, e);
            }
            lease.target().release(lease.connection(), broken);
            throw e;
        }
    }

    /**
     * Bookkeeping after an auto-committed write on the primary, with no round trip: under LSN the write is
     * recorded as uncaptured (its position is read when a read or an export first needs it), under
     * TIME_WINDOW its time is recorded.
     *
     * @return whether the write's position is still to be read (LSN)
     */
    boolean afterAutoCommitWrite(ScopeFrame frame) {
        ConsistencyPolicy policy = settings.consistencyPolicy();
        if (policy == ConsistencyPolicy.NONE) {
            return false;
        }
        long now = System.nanoTime();
        if (policy == ConsistencyPolicy.TIME_WINDOW) {
            frame.recordWrite(null, now);
            return false;
        }
        frame.recordUncapturedWrite(now);
        return true;
    }

    /**
     * The position of a connection's uncaptured auto-committed writes: read on the connection itself when
     * it is still on the writer between transactions, else on a connection of the writer's own.
     *
     * @param lease the connection's lease, or {@code null} when it has none any more
     * @param betweenTransactions whether the leased connection is outside a transaction
     * @return a position at or past the end of those writes
     * @throws SQLException when it cannot be read
     */
    ConsistencyToken positionAfterWrites(Lease lease, boolean betweenTransactions) throws SQLException {
        if (lease == null || !lease.writer() || !betweenTransactions
                || router.writerMoved(lease.target()) != null) {
            return router.writerPosition();
        }
        try {
            return router.positionOn(lease.connection());
        } catch (SQLException e) {
            if (SqlErrors.isConnectionError(e)) {
                connectionFailed(lease, e);
            }
            throw e;
        }
    }

    /**
     * Commits a transaction on the primary; under LSN the position rides along in the commit's round trip.
     *
     * @return the connection's new last-write token
     * @throws SQLException when the commit fails
     */
    ConsistencyToken commitOnPrimary(Connection physical, ScopeFrame frame, ConsistencyToken previous,
            boolean wroteAsFarAsKnown) throws SQLException {
        ConsistencyPolicy policy = settings.consistencyPolicy();
        if (policy != ConsistencyPolicy.LSN) {
            physical.commit();
            if (policy == ConsistencyPolicy.TIME_WINDOW && wroteAsFarAsKnown) {
                frame.recordWrite(null, System.nanoTime());
            }
            return previous;
        }
        long started = System.nanoTime();
        long countedBefore = frame.writeCount();
        ConsistencyToken token;
        try {
            token = TokenCapture.commit(physical);
        } catch (SQLException e) {
            if ("25P02".equals(e.getSQLState())) {
                // the transaction had failed: a commit is a rollback, as the driver does it
                physical.rollback();
                return previous;
            }
            throw e;
        }
        if (token == null) {
            return previous;
        }
        frame.recordCapturedWrite(token, System.nanoTime(), countedBefore);
        settings.listener().onTokenCaptured(System.nanoTime() - started, true);
        return token.max(previous);
    }

    /** A connection error on a leased connection: re-discover the writer, or eject the replica. */
    void connectionFailed(Lease lease, SQLException error) {
        if (lease.writer()) {
            router.writerFailed(lease.target(), error);
        } else if (lease.target() instanceof ReplicaNode) {
            router.eject((ReplicaNode) lease.target(), error);
        }
    }
}
