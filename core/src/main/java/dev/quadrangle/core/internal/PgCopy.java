package dev.quadrangle.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * COPY through pgjdbc's {@code CopyManager}, the one place core touches the optional driver API. A host
 * without pgjdbc gets a clear {@link IllegalStateException} from the COPY paths only.
 */
public final class PgCopy {
    private PgCopy() {
    }

    /**
     * Runs {@code COPY ... TO STDOUT}.
     *
     * @param connection a PostgreSQL connection (pooled proxies are unwrapped)
     * @param copy the COPY statement
     * @param out receives the data, not closed
     * @return the number of rows copied
     * @throws SQLException when the statement fails
     * @throws IOException when writing fails
     */
    public static long copyOut(Connection connection, Query copy, OutputStream out) throws SQLException, IOException {
        try {
            return Driver.copyOut(connection, render(copy), out);
        } catch (NoClassDefFoundError e) {
            throw missingDriver(e);
        }
    }

    /**
     * Runs {@code COPY ... FROM STDIN}.
     *
     * @param connection a PostgreSQL connection (pooled proxies are unwrapped)
     * @param copy the COPY statement
     * @param in the data, read to the end and not closed
     * @return the number of rows copied
     * @throws SQLException when the statement fails
     * @throws IOException when reading fails
     */
    public static long copyIn(Connection connection, Query copy, InputStream in) throws SQLException, IOException {
        try {
            return Driver.copyIn(connection, render(copy), in);
        } catch (NoClassDefFoundError e) {
            throw missingDriver(e);
        }
    }

    /** Writes COPY data into a sink, for {@link #copyIn(Connection, Query, CopyWriter)}. */
    public interface CopyWriter {
        /**
         * Writes all data.
         *
         * @param sink takes the data in chunks
         * @throws SQLException when the COPY fails
         */
        void writeTo(CopyBuffer.Sink sink) throws SQLException;
    }

    /**
     * Runs {@code COPY ... FROM STDIN}, streaming what the writer produces in chunks. When the writer or the
     * server fails, the COPY is cancelled, so the server stores none of its rows.
     *
     * @param connection a PostgreSQL connection (pooled proxies are unwrapped)
     * @param copy the COPY statement
     * @param writer produces the data
     * @return the number of rows copied
     * @throws SQLException when the statement fails
     */
    public static long copyIn(Connection connection, Query copy, CopyWriter writer) throws SQLException {
        try {
            return Driver.copyIn(connection, render(copy), writer);
        } catch (NoClassDefFoundError e) {
            throw missingDriver(e);
        }
    }

    private static String render(Query copy) {
        return DSL.using(SQLDialect.POSTGRES).render(copy);
    }

    private static IllegalStateException missingDriver(NoClassDefFoundError e) {
        return new IllegalStateException("COPY needs the PostgreSQL JDBC driver (org.postgresql:postgresql) on the class path", e);
    }

    /** Loaded only when COPY is used, so that pgjdbc stays optional. */
    private static final class Driver {
        static long copyOut(Connection connection, String sql, OutputStream out) throws SQLException, IOException {
            return connection.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyOut(sql, out);
        }

        static long copyIn(Connection connection, String sql, InputStream in) throws SQLException, IOException {
            return connection.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyIn(sql, in);
        }

        static long copyIn(Connection connection, String sql, CopyWriter writer) throws SQLException {
            org.postgresql.copy.CopyIn in = connection.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyIn(sql);
            try {
                writer.writeTo(in::writeToCopy);
                return in.endCopy();
            } catch (SQLException | RuntimeException e) {
                if (in.isActive()) {
                    try {
                        in.cancelCopy();
                    } catch (SQLException cancel) {
                        e.addSuppressed(cancel);
                    }
                }
                throw e;
            }
        }
    }
}
