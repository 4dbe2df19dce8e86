package dev.quadrangle.routing.internal;

import dev.quadrangle.spi.ConsistencyToken;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads the primary's WAL insert position after a write. {@code pg_current_wal_insert_lsn()} is used
 * rather than {@code pg_current_wal_lsn()}: it is always at or past the end of the commit record just
 * written, even with {@code synchronous_commit = off}, where the write position may still be behind it.
 */
final class TokenCapture {
    private static final String INSERT_LSN_SQL = "SELECT pg_current_wal_insert_lsn()::text";
    /**
     * Commit and capture in one round trip: the server says whether the transaction wrote (it has a
     * transaction id), commits, then reports the position, so a transaction that only read gets no token.
     */
    private static final String COMMIT_AND_CAPTURE_SQL = "SELECT pg_current_xact_id_if_assigned() IS NOT NULL;"
            + " COMMIT; SELECT pg_current_wal_insert_lsn()::text";

    private TokenCapture() {
    }

    /**
     * The primary's current position, in a round trip of its own: at or past the end of every commit that
     * returned before the call, whichever connection made it.
     *
     * @param connection a connection to the primary, in auto-commit mode or in a transaction that has not failed
     * @return the token
     * @throws SQLException when the position cannot be read
     */
    static ConsistencyToken position(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(INSERT_LSN_SQL); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return ConsistencyToken.ofLsn(rs.getString(1));
        }
    }

    /**
     * Commits the open transaction and reads the position in the same round trip.
     *
     * @param connection the primary connection, in a transaction that has not failed
     * @return the token, or {@code null} when the transaction did not write
     * @throws SQLException when the commit fails
     */
    static ConsistencyToken commit(Connection connection) throws SQLException {
        // prepared, so that the driver keeps the three statements parsed on the server after a few uses
        try (PreparedStatement s = connection.prepareStatement(COMMIT_AND_CAPTURE_SQL)) {
            boolean resultSet = s.execute();
            int resultSets = 0;
            boolean wrote = false;
            String lsn = null;
            while (resultSet || s.getUpdateCount() != -1) {
                if (resultSet) {
                    try (ResultSet rs = s.getResultSet()) {
                        rs.next();
                        if (resultSets++ == 0) {
                            wrote = rs.getBoolean(1);
                        } else {
                            lsn = rs.getString(1);
                        }
                    }
                }
                resultSet = s.getMoreResults();
            }
            if (lsn == null) {
                throw new SQLException("the commit succeeded but the WAL position was not returned");
            }
            return wrote ? ConsistencyToken.ofLsn(lsn) : null;
        }
    }
}
