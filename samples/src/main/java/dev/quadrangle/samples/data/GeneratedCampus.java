package dev.quadrangle.samples.data;

import dev.quadrangle.samples.schema.CampusCalendar;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a {@link CampusGenerator} wrote: the scale, the calendar, and each table's row count.
 *
 * @param scale the campus size
 * @param calendar the calendar the data is anchored in
 * @param rows row count per table, in load order
 * @param millis how long generating (and loading, for a database sink) took
 */
public record GeneratedCampus(CampusScale scale, CampusCalendar calendar, Map<String, Long> rows, long millis) {

    /** Copies the row counts. */
    public GeneratedCampus {
        rows = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rows));
    }

    /** Rows over all tables. */
    public long totalRows() {
        return rows.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * One table's row count.
     *
     * @param table the table
     * @return its rows
     * @throws IllegalArgumentException when the table was not generated
     */
    public long rows(String table) {
        Long n = rows.get(table);
        if (n == null) {
            throw new IllegalArgumentException("no generated table " + table + "; tables: " + rows.keySet());
        }
        return n;
    }

    /** The highest generated answer id: answers stored later (by the load) have higher ids. */
    public long lastGeneratedAnswerId() {
        return rows("answers");
    }
}
