package dev.quadrangle.spi;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * What a routing-aware connection lets callers say about the work they are about to do. Repositories
 * in {@code core} check {@code connection.isWrapperFor(RoutedConnection.class)}; a connection from a
 * plain {@code DataSource} simply does not implement it, and the hints are skipped.
 *
 * <p>Replica eligibility itself is expressed with the JDBC standard
 * {@link Connection#setReadOnly(boolean)}: a read-only connection may be served by a replica.
 */
public interface RoutedConnection {

    /**
     * Marks the work on this connection as idempotent, so that a read failing with a connection
     * error on one replica may be retried once on another server.
     *
     * @param idempotent whether the work can safely run twice
     */
    void setIdempotent(boolean idempotent);

    /** Whether the work on this connection was marked idempotent. */
    boolean isIdempotent();

    /**
     * Requires reads on this connection to see at least the given log position (read-your-writes).
     *
     * @param token the position to wait for, or {@code null} to drop the requirement
     */
    void requireConsistency(ConsistencyToken token);

    /**
     * The log position of this connection's last committed write, once it has written on the primary.
     *
     * @return the token of the last write, if any
     * @throws SQLException when the position cannot be read
     */
    Optional<ConsistencyToken> lastWriteToken() throws SQLException;

    /**
     * Hints a connection when it supports them; a no-op for plain connections.
     *
     * @param connection any JDBC connection
     * @param readOnly whether the work only reads (and may go to a replica)
     * @param idempotent whether the work may be retried once elsewhere
     * @throws SQLException when the connection rejects the hints
     */
    static void hint(Connection connection, boolean readOnly, boolean idempotent) throws SQLException {
        connection.setReadOnly(readOnly);
        if (connection.isWrapperFor(RoutedConnection.class)) {
            connection.unwrap(RoutedConnection.class).setIdempotent(idempotent);
        }
    }
}
