package dev.quadrangle.core.batch;

import dev.quadrangle.core.internal.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes a materialized view (seed 002's daily statistics) with
 * {@code REFRESH MATERIALIZED VIEW CONCURRENTLY}, which keeps it readable during the refresh, under
 * {@code pg_try_advisory_lock} so that only one node refreshes at a time; others skip. Can run on a
 * schedule on a daemon thread {@code quadrangle-core-view-refresh}, owned by this object.
 *
 * <p>The view needs a unique index (PostgreSQL requires one for {@code CONCURRENTLY}). Thread-safe; the
 * data source is the host's and is never closed.
 */
public final class MaterializedViewRefresher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MaterializedViewRefresher.class);

    private final DataSource dataSource;
    private final String schema;
    private final String view;
    private final long lockKey;
    private final AtomicLong refreshes = new AtomicLong();
    private final AtomicLong skips = new AtomicLong();
    private ScheduledExecutorService scheduler;

    private MaterializedViewRefresher(DataSource dataSource, String schema, String view) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.schema = Identifiers.check("schema", schema);
        this.view = Identifiers.check("materialized view", view);
        this.lockKey = ("quadrangle.view:" + schema + "." + view).hashCode() | 0x5100_0000_0000_0000L;
    }

    /**
     * A refresher for a view.
     *
     * @param dataSource the host's data source on the primary
     * @param schema the view's schema
     * @param view the view's name
     * @return the refresher
     * @throws IllegalArgumentException when a name is invalid
     */
    public static MaterializedViewRefresher of(DataSource dataSource, String schema, String view) {
        return new MaterializedViewRefresher(dataSource, schema, view);
    }

    /**
     * Refreshes now unless another node is refreshing.
     *
     * @return {@code true} when this call refreshed, {@code false} when it skipped
     * @throws DataAccessException when the refresh fails (e.g. the view has no unique index)
     */
    public boolean refreshNow() {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            if (!advisory(c, "select pg_try_advisory_lock(?)")) {
                skips.incrementAndGet();
                return false;
            }
            try (Statement s = c.createStatement()) {
                s.execute(DSL.using(SQLDialect.POSTGRES).render(DSL.query("refresh materialized view concurrently {0}",
                        DSL.name(schema, view))));
                refreshes.incrementAndGet();
                return true;
            } finally {
                advisory(c, "select pg_advisory_unlock(?)");
            }
        } catch (SQLException e) {
            throw new DataAccessException("refresh of materialized view " + schema + "." + view + " failed: "
                    + e.getMessage(), e);
        }
    }

    private boolean advisory(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, lockKey);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /**
     * Starts refreshing on a schedule; failures are logged and the schedule goes on.
     *
     * @param interval time between refreshes, 1 s to 1 day
     * @throws IllegalArgumentException when the interval is out of range
     * @throws IllegalStateException when already started
     */
    public synchronized void start(Duration interval) {
        if (interval == null || interval.toMillis() < 1000 || interval.toDays() > 1) {
            throw new IllegalArgumentException("refresh interval must be between 1 s and 1 day, was " + interval);
        }
        if (scheduler != null) {
            throw new IllegalStateException("refresher of " + view + " is already started");
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "quadrangle-core-view-refresh");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                refreshNow();
            } catch (RuntimeException e) {
                LOG.warn("scheduled refresh of {}.{} failed", schema, view, e);
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The {@code pg_try_advisory_lock} key that serialises refreshes of this view across nodes. */
    public long advisoryLockKey() {
        return lockKey;
    }

    /** Refreshes done by this object. */
    public long refreshes() {
        return refreshes.get();
    }

    /** Refreshes skipped because another node held the lock. */
    public long skips() {
        return skips.get();
    }

    /** Stops the schedule (a refresh in progress finishes). */
    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdown();
        }
    }

}
