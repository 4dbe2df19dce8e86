package dev.quadrangle.samples.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where the campus operations' SQL runs: reads on a connection that may be a replica's, writes on the
 * primary's. {@link PooledRoutes} is the plain-JDBC implementation; the module-backed backend routes
 * through the routing module's {@code RoutingDataSource}.
 *
 * <p>Implementations are thread-safe.
 */
public interface SqlRoutes {

    /**
     * Work on a connection.
     *
     * @param <T> the result type
     */
    @FunctionalInterface
    interface SqlWork<T> {
        /**
         * Runs the work.
         *
         * @param connection the connection, closed by the caller of the work
         * @return the result
         * @throws SQLException when a statement fails
         */
        T apply(Connection connection) throws SQLException;
    }

    /**
     * Runs read-only work, on a replica when one can serve it.
     *
     * @param work the work
     * @param <T> the result type
     * @return what the work returned
     * @throws SQLException when the work or the connection failed
     */
    <T> T read(SqlWork<T> work) throws SQLException;

    /**
     * Runs work on the primary, in auto-commit mode unless the work changes it.
     *
     * @param work the work
     * @param <T> the result type
     * @return what the work returned
     * @throws SQLException when the work or the connection failed
     */
    <T> T write(SqlWork<T> work) throws SQLException;
}
