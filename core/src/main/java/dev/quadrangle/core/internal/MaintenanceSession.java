package dev.quadrangle.core.internal;

import dev.quadrangle.core.partition.PartitionListener;
import dev.quadrangle.core.partition.PartitionMaintenanceException;
import dev.quadrangle.core.partition.PartitionSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * One maintenance run on one connection: holds the table's session-level advisory lock, sets a short
 * {@code lock_timeout}, runs DDL with bounded retries, and restores the connection when closed.
 *
 * <p>It also turns {@code standard_conforming_strings} on for its run: DDL carries values (LIST bounds) as
 * literals that jOOQ escapes for standard-conforming strings, and with the setting off a backslash in a
 * value would end its literal early and change the statement.
 */
public final class MaintenanceSession implements AutoCloseable {
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private final Connection connection;
    private final PartitionSpec spec;
    private final ManagerSettings settings;
    private final PartitionListener listener;
    private final long lockKey;
    private final String previousLockTimeout;
    private final String previousConformingStrings;
    private boolean locked;
    private int retries;
    private Optional<String> citusVersion;

    private MaintenanceSession(Connection connection, PartitionSpec spec, ManagerSettings settings,
            PartitionListener listener) throws SQLException {
        this.connection = connection;
        this.spec = spec;
        this.settings = settings;
        this.listener = listener;
        this.lockKey = lockKey(spec);
        connection.setAutoCommit(true);
        // settings first: a failure after the advisory lock is taken would leave it held by a pooled connection
        this.previousLockTimeout = queryString("select current_setting('lock_timeout')");
        this.previousConformingStrings = queryString("select current_setting('standard_conforming_strings')");
        queryString("select set_config('standard_conforming_strings', 'on', false)");
        this.locked = queryBoolean("select pg_try_advisory_lock(?)", lockKey);
        if (locked) {
            queryString("select set_config('lock_timeout', ?, false)", settings.lockTimeout().toMillis() + "ms");
        }
    }

    /**
     * Opens a session; check {@link #locked()} before doing anything.
     *
     * @throws PartitionMaintenanceException when no connection can be had
     */
    public static MaintenanceSession open(DataSource dataSource, PartitionSpec spec, ManagerSettings settings,
            PartitionListener listener) {
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            return new MaintenanceSession(connection, spec, settings, listener);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new PartitionMaintenanceException("could not start maintenance of " + spec.schema() + "." + spec.table()
                    + ": " + e.getMessage(), e);
        }
    }

    /** The advisory lock key of a table: the first 8 bytes of SHA-256 of its qualified name. */
    public static long lockKey(PartitionSpec spec) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(("quadrangle.partition:" + spec.schema() + "."
                    + spec.table()).getBytes(StandardCharsets.UTF_8));
            long key = 0;
            for (int i = 0; i < 8; i++) {
                key = (key << 8) | (hash[i] & 0xFF);
            }
            return key;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Whether this session holds the table's maintenance lock. */
    public boolean locked() {
        return locked;
    }

    /** Records that the lock was taken with a blocking {@code pg_advisory_lock}, and sets the lock timeout. */
    public void markLocked() {
        try {
            queryString("select set_config('lock_timeout', ?, false)", settings.lockTimeout().toMillis() + "ms");
        } catch (SQLException e) {
            throw new PartitionMaintenanceException("could not set lock_timeout: " + e.getMessage(), e);
        }
        locked = true;
    }

    /** The session's connection (autocommit on between units of work). */
    public Connection connection() {
        return connection;
    }

    /** jOOQ over the session's connection. */
    public DSLContext dsl() {
        return DSL.using(connection, SQLDialect.POSTGRES);
    }

    /** Statements retried after a lock timeout so far. */
    public int retries() {
        return retries;
    }

    /** A unit of work on the connection. */
    @FunctionalInterface
    public interface Work<T> {
        /**
         * Runs the work.
         *
         * @param dsl jOOQ over the connection
         * @return the result
         * @throws SQLException when a statement fails
         */
        T run(DSLContext dsl) throws SQLException;
    }

    /**
     * Runs work in one transaction, retrying the whole transaction when a statement hits the lock
     * timeout, with exponential backoff, up to the configured attempts.
     *
     * @param what a description for the error message
     * @param work the work
     * @return the work's result
     * @throws PartitionMaintenanceException when the work fails or locks stay busy
     */
    public <T> T inTransaction(String what, Work<T> work) {
        return withRetry(what, () -> {
            connection.setAutoCommit(false);
            try {
                T result = work.run(dsl());
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        });
    }

    /**
     * Runs a statement in autocommit mode (needed by {@code DETACH ... CONCURRENTLY}), with retries on
     * lock timeouts.
     *
     * @param what a description for the error message
     * @param work the work
     * @return the work's result
     * @throws PartitionMaintenanceException when the work fails or locks stay busy
     */
    public <T> T autocommit(String what, Work<T> work) {
        return withRetry(what, () -> work.run(dsl()));
    }

    private interface Attempt<T> {
        T run() throws SQLException;
    }

    private <T> T withRetry(String what, Attempt<T> attempt) {
        long backoffNanos = settings.retryBackoff().toNanos();
        for (int i = 1; ; i++) {
            Exception failure;
            try {
                return attempt.run();
            } catch (SQLException | org.jooq.exception.DataAccessException e) {
                failure = e;
            }
            boolean lockTimeout = LOCK_NOT_AVAILABLE.equals(sqlState(failure));
            if (!lockTimeout || i >= settings.lockAttempts()) {
                throw new PartitionMaintenanceException(what + " failed" + (lockTimeout ? " after " + i
                        + " attempts with lock_timeout " + settings.lockTimeout().toMillis() + " ms" : "") + ": "
                        + rootMessage(failure), failure);
            }
            retries++;
            listener.onLockRetry(spec, i);
            LockSupport.parkNanos(backoffNanos);
            backoffNanos = Math.min(backoffNanos * 2, 1_000_000_000L);
        }
    }

    /** The message of the first SQLException in a chain, else the exception's own. */
    public static String rootMessage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException) {
                return t.getMessage();
            }
        }
        return e.getMessage();
    }

    /** The SQLState of an exception or of the first cause that has one. */
    public static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException && ((SQLException) t).getSQLState() != null) {
                return ((SQLException) t).getSQLState();
            }
        }
        return null;
    }

    /**
     * The partitions directly attached to a table of the spec's schema.
     *
     * @param table the parent table name
     * @return each child's name and whether its detach is pending
     */
    public List<Child> children(String table) {
        return children(spec.schema(), table);
    }

    /**
     * The partitions directly attached to a table.
     *
     * @param schema the parent's schema
     * @param table the parent table name
     * @return each child's name and whether its detach is pending
     */
    public List<Child> children(String schema, String table) {
        String sql = "select c.relname, i.inhdetachpending from pg_inherits i join pg_class c on c.oid = i.inhrelid"
                + " where i.inhparent = to_regclass(?) order by c.relname";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, DSL.using(SQLDialect.POSTGRES).render(DSL.name(schema, table)));
            List<Child> children = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    children.add(new Child(rs.getString(1), rs.getBoolean(2)));
                }
            }
            return children;
        } catch (SQLException e) {
            throw new PartitionMaintenanceException("could not list partitions of " + schema + "." + table
                    + ": " + e.getMessage(), e);
        }
    }

    /** Whether a table exists in a schema. */
    public boolean tableExists(String schema, String table) {
        try {
            return queryBoolean("select to_regclass(?) is not null",
                    DSL.using(SQLDialect.POSTGRES).render(DSL.name(schema, table)));
        } catch (SQLException e) {
            throw new PartitionMaintenanceException("could not look up " + schema + "." + table + ": " + e.getMessage(), e);
        }
    }

    /**
     * The version of the {@code citus} extension in the session's database, read once per session.
     *
     * @return the version, or empty on a database without Citus
     */
    public Optional<String> citusVersion() {
        if (citusVersion == null) {
            citusVersion = autocommit("looking up the citus extension", CitusTables::version);
        }
        return citusVersion;
    }

    /**
     * How Citus holds a table of the spec's schema.
     *
     * @param table the table name
     * @return empty on a database without Citus, or for a table Citus does not know (a plain local table)
     */
    public Optional<CitusTables.Placement> placement(String table) {
        if (citusVersion().isEmpty()) {
            return Optional.empty();
        }
        return autocommit("looking up the Citus placement of " + table,
                dsl -> CitusTables.placement(dsl, DSL.name(spec.schema(), table)));
    }

    /** Whether a table of the spec's schema is hash-distributed by Citus (read from {@code pg_dist_partition}). */
    public boolean distributed(String table) {
        return placement(table).map(CitusTables.Placement::distributed).orElse(false);
    }

    /**
     * A partition attached to a parent.
     *
     * @param name the partition's table name
     * @param detachPending whether an interrupted {@code DETACH ... CONCURRENTLY} left it pending
     */
    public record Child(String name, boolean detachPending) {
    }

    private boolean queryBoolean(String sql, Object bind) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setObject(1, bind);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private String queryString(String sql, Object... binds) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < binds.length; i++) {
                ps.setObject(i + 1, binds[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    @Override
    public void close() {
        try {
            if (!connection.isClosed() && connection.isValid(2)) {
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                    connection.setAutoCommit(true);
                }
                queryString("select set_config('lock_timeout', ?, false)", previousLockTimeout);
                queryString("select set_config('standard_conforming_strings', ?, false)", previousConformingStrings);
                if (locked) {
                    queryBoolean("select pg_advisory_unlock(?)", lockKey);
                }
            }
        } catch (SQLException e) {
            // the connection is broken: closing it ends the session and releases the advisory lock anyway
        } finally {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // nothing more to release
            }
        }
    }
}
