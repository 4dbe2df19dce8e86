package dev.quadrangle.routing;

import java.sql.SQLException;

/**
 * A unit of JDBC work run inside a routing scope, such as {@link RoutingDataSource#onPrimary(SqlWork)}.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface SqlWork<T> {

    /**
     * Runs the work.
     *
     * @return the result, may be {@code null}
     * @throws SQLException when the work fails; it propagates out of the scope unchanged
     */
    T run() throws SQLException;
}
