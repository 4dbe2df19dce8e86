package dev.quadrangle.samples.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Keeps the rows of chosen tables, split into fields, for assertions on their content. */
final class CollectingSink implements RowSink {
    private final Set<String> keep;
    private final Map<String, List<String[]>> rows = new LinkedHashMap<>();
    private final Map<String, List<String>> columns = new LinkedHashMap<>();
    private String table;
    private long count;

    CollectingSink(String... keep) {
        this.keep = Set.of(keep);
    }

    @Override
    public void beginTable(String table, List<String> columns, long expectedRows) {
        this.table = table;
        this.count = 0;
        this.columns.put(table, columns);
        if (keep.contains(table)) {
            rows.put(table, new ArrayList<>());
        }
    }

    @Override
    public void row(CopyLine line) {
        count++;
        if (keep.contains(table)) {
            rows.get(table).add(line.toString().split("\t", -1));
        }
    }

    @Override
    public long endTable() {
        return count;
    }

    List<String[]> rows(String table) {
        return rows.get(table);
    }

    int column(String table, String column) {
        int i = columns.get(table).indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException(table + " has no column " + column);
        }
        return i;
    }
}
