package dev.quadrangle.samples.data;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Loads the generator's rows with PostgreSQL's {@code COPY ... FROM STDIN} through pgjdbc's
 * {@code CopyManager}, streaming in chunks of about {@value #CHUNK_CHARS} characters, and drives a
 * {@link ProgressBar}. A partitioned table is loaded through its parent: PostgreSQL routes each row.
 *
 * <p>Not thread-safe. The connection is the caller's (not closed here); each table is committed by
 * its COPY in auto-commit mode.
 */
public final class CopyLoader implements RowSink {
    /** Characters buffered before a chunk is sent. */
    public static final int CHUNK_CHARS = 1 << 20;

    private final Connection connection;
    private final ProgressBar progress;
    private final StringBuilder buffer = new StringBuilder(CHUNK_CHARS + 4096);
    private CopyIn copy;
    private long rows;
    private long pendingProgress;

    /**
     * A loader on a connection.
     *
     * @param connection a PostgreSQL connection (pooled ones are unwrapped), not closed by the loader
     * @param progress the progress bar to drive
     */
    public CopyLoader(Connection connection, ProgressBar progress) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    @Override
    public void beginTable(String table, List<String> columns, long expectedRows) throws SQLException {
        if (copy != null) {
            throw new IllegalStateException("table " + table + " started before the previous one ended");
        }
        String sql = "COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN";
        copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        rows = 0;
        progress.table(table);
    }

    @Override
    public void row(CopyLine line) throws SQLException {
        buffer.append(line.text()).append('\n');
        rows++;
        pendingProgress++;
        if (buffer.length() >= CHUNK_CHARS) {
            flush();
        }
    }

    @Override
    public long endTable() throws SQLException {
        flush();
        long copied = copy.endCopy();
        copy = null;
        if (copied != rows) {
            throw new IllegalStateException("COPY stored " + copied + " rows, " + rows + " were sent");
        }
        progress.tableDone(rows);
        return rows;
    }

    private void flush() throws SQLException {
        if (buffer.length() == 0) {
            return;
        }
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        buffer.setLength(0);
        copy.writeToCopy(bytes, 0, bytes.length);
        progress.advance(pendingProgress);
        pendingProgress = 0;
    }
}
