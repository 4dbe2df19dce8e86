package dev.quadrangle.samples.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.quadrangle.samples.ops.CampusBackend;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Read/write splitting over two HikariCP pools: writes on the primary, reads on the standby, and a
 * read that finds the standby failing goes to the primary instead, skipping the standby for
 * {@link #REPLICA_RETRY_AFTER}; a read that finds the standby's pool exhausted (the standby healthy)
 * goes to the primary once, without skipping the standby. This is the sample's stand-in until the routing module's
 * {@code DataSource} (with health probes, lag awareness and read-your-writes) plugs in.
 *
 * <p>Thread-safe. Owns and closes both pools.
 */
final class PooledRoutes implements SqlRoutes, AutoCloseable {
    /** How long the standby is skipped after it failed a read. */
    static final Duration REPLICA_RETRY_AFTER = Duration.ofSeconds(1);
    /** How long a read waits for a standby connection before falling back (HikariCP's minimum). */
    static final Duration REPLICA_CONNECTION_TIMEOUT = CampusPools.REPLICA_CONNECTION_TIMEOUT;
    /** How long a statement waits for a primary connection when the pool is saturated. */
    static final Duration PRIMARY_CONNECTION_TIMEOUT = CampusPools.PRIMARY_CONNECTION_TIMEOUT;

    private final HikariDataSource primary;
    private final HikariDataSource replica;
    private final LongAdder replicaReads = new LongAdder();
    private final LongAdder primaryReads = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private final LongAdder fallbacks = new LongAdder();
    private final LongAdder overflows = new LongAdder();
    private final AtomicLong replicaSkippedUntil = new AtomicLong();

    PooledRoutes(JdbcEndpoints endpoints, int primaryConnections, int replicaConnections) {
        this.primary = CampusPools.open("campus-primary", endpoints.primaryUrl(), endpoints, primaryConnections,
                PRIMARY_CONNECTION_TIMEOUT, false);
        try {
            this.replica = CampusPools.open("campus-replica", endpoints.standbyUrl(), endpoints, replicaConnections,
                    REPLICA_CONNECTION_TIMEOUT, true);
        } catch (RuntimeException e) {
            primary.close();
            throw e;
        }
    }

    /** Runs work on a primary connection, in auto-commit mode. */
    @Override
    public <T> T write(SqlWork<T> work) throws SQLException {
        try (Connection c = primary.getConnection()) {
            T result = work.apply(c);
            writes.increment();
            return result;
        }
    }

    /** Runs read-only work on the standby, or on the primary when the standby fails. */
    @Override
    public <T> T read(SqlWork<T> work) throws SQLException {
        if (System.nanoTime() - replicaSkippedUntil.get() >= 0) {
            try (Connection c = replica.getConnection()) {
                T result = work.apply(c);
                replicaReads.increment();
                return result;
            } catch (SQLException e) {
                if (isPoolExhausted(e)) {
                    overflows.increment();
                } else if (isReplicaFailure(e)) {
                    replicaSkippedUntil.set(System.nanoTime() + REPLICA_RETRY_AFTER.toNanos());
                    fallbacks.increment();
                } else {
                    throw e;
                }
            }
        }
        try (Connection c = primary.getConnection()) {
            T result = work.apply(c);
            primaryReads.increment();
            return result;
        }
    }

    /**
     * Whether a connection timeout means only that every connection was busy: HikariCP attaches the
     * last failure to connect as the cause, and clears it once a connection succeeds, so a timeout
     * without a cause comes from a healthy but saturated pool.
     */
    static boolean isPoolExhausted(SQLException e) {
        return e instanceof SQLTransientConnectionException && e.getCause() == null;
    }

    /**
     * Whether an error means the standby (not the statement) failed: no connection, a broken or
     * terminated connection, the server starting or shutting down, or a recovery conflict.
     */
    static boolean isReplicaFailure(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLTransientConnectionException
                || (state != null && (state.startsWith("08")
                || state.startsWith("57P") || state.equals("40001")));
    }

    int maxConnections() {
        return primary.getMaximumPoolSize() + replica.getMaximumPoolSize();
    }

    List<CampusBackend.PoolSnapshot> snapshots() {
        return List.of(CampusPools.snapshot(primary), CampusPools.snapshot(replica));
    }

    CampusBackend.RouteCounters counters() {
        return new CampusBackend.RouteCounters(replicaReads.sum(), primaryReads.sum(), writes.sum(), fallbacks.sum(),
                overflows.sum());
    }

    @Override
    public void close() {
        try {
            replica.close();
        } finally {
            primary.close();
        }
    }
}
