package dev.quadrangle.routing.internal;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;

/** Classification and creation of the SQL errors routing deals with. */
public final class SqlErrors {
    /** SQLState of a write refused on a read-only connection ({@code read_only_sql_transaction}). */
    public static final String READ_ONLY_SQL_TRANSACTION = "25006";
    /** SQLState of a change not allowed inside a transaction ({@code active_sql_transaction}). */
    public static final String ACTIVE_SQL_TRANSACTION = "25001";
    /** SQLState of a connection that could not be established. */
    public static final String UNABLE_TO_CONNECT = "08001";
    /** SQLState of a write refused because more than one node answers as a primary. */
    public static final String SPLIT_BRAIN = "08004";
    /** SQLState of a statement refused on a connection to a node that is no longer the writer. */
    public static final String CONNECTION_FAILURE = "08006";

    private SqlErrors() {
    }

    /**
     * Whether an error means the server or the connection to it is gone: SQLState class {@code 08},
     * an administrator shutdown or a server starting up ({@code 57P01}-{@code 57P03}), or a pool's
     * connection timeout.
     *
     * @param e the error
     * @return {@code true} for a connection error
     */
    public static boolean isConnectionError(SQLException e) {
        if (e instanceof SQLTransientConnectionException || e instanceof SQLNonTransientConnectionException) {
            return true;
        }
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03"));
    }

    /**
     * The error for a write on a read-only connection.
     *
     * @param keyword the statement's leading keyword, or the JDBC method that signals a write
     * @return an exception with SQLState {@code 25006}
     */
    public static SQLException readOnlyViolation(String keyword) {
        return new SQLException("write refused: " + keyword.toUpperCase(Locale.ROOT)
                + " on a read-only connection (setReadOnly(true), readOnly(...) or onReplica(...)); nothing was sent",
                READ_ONLY_SQL_TRANSACTION);
    }
}
