package dev.quadrangle.routing.internal;

import dev.quadrangle.spi.ConsistencyToken;
import dev.quadrangle.routing.ConsistencyPolicy;
import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What logical connections share: the router, the settings, and the read-your-writes bookkeeping done
 * when a write commits on the primary. Thread-safe.
 */
final class RoutingRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(RoutingRuntime.class);

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
     * Bookkeeping after an auto-committed write on the primary: the write's position (one round trip)
     * under LSN, its time under TIME_WINDOW.
     *
     * @return the connection's new last-write token
     */
    ConsistencyToken afterAutoCommitWrite(Lease lease, ScopeFrame frame, ConsistencyToken previous) {
        Connection physical = lease.connection();
        ConsistencyPolicy policy = settings.consistencyPolicy();
        if (policy == ConsistencyPolicy.NONE) {
            return previous;
        }
        long now = System.nanoTime();
        if (policy == ConsistencyPolicy.TIME_WINDOW) {
            frame.recordWrite(null, now);
            return previous;
        }
        try {
            ConsistencyToken token = TokenCapture.afterAutoCommit(physical);
            frame.recordWrite(token, now);
            settings.listener().onTokenCaptured(System.nanoTime() - now, false);
            return token.max(previous);
        } catch (SQLException e) {
            if (SqlErrors.isConnectionError(e)) {
                connectionFailed(lease, e); // the write went through, but the writer is going away
            }
            // the write is committed: do not fail it, keep the scope's reads on the primary for a while
            LOG.warn("could not read the WAL position after a write; reads stay on the primary for {}: {}",
                    settings.stickyWindow(), e.getMessage());
            frame.recordWrite(null, now);
            return previous;
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
        frame.recordWrite(token, System.nanoTime());
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
