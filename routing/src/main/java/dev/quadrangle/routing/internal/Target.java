package dev.quadrangle.routing.internal;

import com.zaxxer.hikari.HikariDataSource;
import dev.quadrangle.routing.ReplicaLoad;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server connections can be routed to: its data source (a pool we built, or the host's), the
 * connections in flight on it and its latency average. Thread-safe.
 */
public class Target implements ReplicaLoad {
    private static final Logger LOG = LoggerFactory.getLogger(Target.class);
    /** Weight of a new latency sample in the moving average. */
    private static final double EWMA_ALPHA = 0.2;

    private final EndpointSpec spec;
    private final DataSource dataSource;
    private final HikariDataSource ownedPool;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile long latencyEwmaNanos;
    private volatile boolean poolPaused;

    /**
     * A target.
     *
     * @param spec the configured endpoint
     * @param ownedPool the pool we built for it, or {@code null} for a host-supplied data source
     */
    public Target(EndpointSpec spec, HikariDataSource ownedPool) {
        this.spec = spec;
        this.ownedPool = ownedPool;
        this.dataSource = ownedPool != null ? ownedPool : spec.dataSource();
    }

    @Override
    public String name() {
        return spec.name();
    }

    /** The configured endpoint. */
    public EndpointSpec spec() {
        return spec;
    }

    /** Whether this is the primary. */
    public boolean isPrimary() {
        return false;
    }

    @Override
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public long latencyEwmaNanos() {
        return latencyEwmaNanos;
    }

    /**
     * Folds a latency sample into the moving average (races lose a sample at worst).
     *
     * @param nanos the latency
     */
    public void recordLatency(long nanos) {
        long current = latencyEwmaNanos;
        latencyEwmaNanos = current == 0 ? nanos : (long) (current + EWMA_ALPHA * (nanos - current));
    }

    /**
     * Takes a connection from this server's data source.
     *
     * @return a connection, counted in flight until {@link #release}
     * @throws SQLException when the data source cannot provide one
     */
    public Connection acquire() throws SQLException {
        Connection connection = dataSource.getConnection();
        inFlight.incrementAndGet();
        return connection;
    }

    /**
     * Gives a connection back.
     *
     * @param connection a connection from {@link #acquire()}
     * @param broken whether it saw a connection error (then it is evicted from a pool we built)
     */
    public void release(Connection connection, boolean broken) {
        inFlight.decrementAndGet();
        try {
            if (broken && ownedPool != null) {
                ownedPool.evictConnection(connection);
            } else {
                connection.close();
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debug("closing a connection to {} failed: {}", name(), e.toString());
        }
    }

    /**
     * Marks every connection of the pool we built for eviction: idle ones are closed now, those in use
     * when they are given back; a host-supplied data source is left alone.
     */
    public void softEvict() {
        if (ownedPool != null) {
            var pool = ownedPool.getHikariPoolMXBean();
            if (pool != null) {
                pool.softEvictConnections();
            }
        }
    }

    /**
     * Whether the pool we built has no connection at all (for example while HikariCP backs off after its
     * server was down); {@code false} for a host-supplied data source, which we cannot see into.
     *
     * @return {@code true} when a borrower would have to wait for a new connection
     */
    public boolean poolEmpty() {
        if (ownedPool == null) {
            return false;
        }
        var pool = ownedPool.getHikariPoolMXBean();
        return pool != null && pool.getTotalConnections() == 0;
    }

    /**
     * Tells the pool we built that its server is unreachable: it stops keeping idle connections
     * ({@code minimumIdle} 0), so that HikariCP gives up its retries, which back off up to seconds apart,
     * instead of still backing off when the server returns.
     */
    public void pausePool() {
        if (ownedPool != null && !poolPaused) {
            poolPaused = true;
            ownedPool.getHikariConfigMXBean().setMinimumIdle(0);
        }
    }

    /**
     * Tells the pool we built that its server answers again: it keeps its idle connections again.
     *
     * @return whether the pool was paused (then a borrow starts it connecting at once)
     */
    public boolean resumePool() {
        if (ownedPool == null || !poolPaused) {
            return false;
        }
        poolPaused = false;
        ownedPool.getHikariConfigMXBean().setMinimumIdle(ownedPool.getMaximumPoolSize());
        return true;
    }

    /** Closes the pool we built, if any; a host-supplied data source is left alone. */
    public void close() {
        if (ownedPool != null) {
            ownedPool.close();
        }
    }

    @Override
    public String toString() {
        return spec.toString();
    }

    /** The primary. */
    public static final class Primary extends Target {
        /**
         * The primary target.
         *
         * @param spec the configured endpoint
         * @param ownedPool the pool we built, or {@code null}
         */
        public Primary(EndpointSpec spec, HikariDataSource ownedPool) {
            super(spec, ownedPool);
        }

        @Override
        public boolean isPrimary() {
            return true;
        }
    }
}
