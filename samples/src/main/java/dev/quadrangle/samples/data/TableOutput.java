package dev.quadrangle.samples.data;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The generators' view of a {@link RowSink}: one table at a time, one reused line, row counts kept. */
final class TableOutput {
    private final RowSink sink;
    private final CopyLine line = new CopyLine();
    private final Map<String, Long> rows = new LinkedHashMap<>();

    /** The rows of one table. */
    interface Body {
        void write(TableOutput out) throws SQLException;
    }

    TableOutput(RowSink sink) {
        this.sink = sink;
    }

    void table(String name, long expectedRows, List<String> columns, Body body) throws SQLException {
        sink.beginTable(name, columns, expectedRows);
        body.write(this);
        rows.put(name, sink.endTable());
    }

    /** A cleared line for the next row. */
    CopyLine line() {
        return line.reset();
    }

    /** Sends the current line as a row. */
    void emit() throws SQLException {
        sink.row(line);
    }

    Map<String, Long> rows() {
        return rows;
    }
}
