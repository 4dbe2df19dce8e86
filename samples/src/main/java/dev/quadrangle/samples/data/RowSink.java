package dev.quadrangle.samples.data;

import java.sql.SQLException;
import java.util.List;

/**
 * Where the generator's rows go, table by table, in COPY text format: a database ({@link CopyLoader})
 * or a digest for tests ({@link DigestSink}).
 *
 * <p>Calls come from one thread: {@code beginTable}, any number of {@code row}, {@code endTable}.
 */
public interface RowSink {

    /**
     * Starts a table.
     *
     * @param table the table name
     * @param columns the columns, in row order
     * @param expectedRows an estimate of the rows to come, for progress reporting
     * @throws SQLException when the target refuses
     */
    void beginTable(String table, List<String> columns, long expectedRows) throws SQLException;

    /**
     * Adds one row.
     *
     * @param line the row's fields, see {@link CopyLine}
     * @throws SQLException when the target refuses
     */
    void row(CopyLine line) throws SQLException;

    /**
     * Ends the current table.
     *
     * @return the number of rows the table received
     * @throws SQLException when the target refuses
     */
    long endTable() throws SQLException;
}
