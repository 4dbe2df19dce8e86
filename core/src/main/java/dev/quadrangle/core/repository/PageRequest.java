package dev.quadrangle.core.repository;

import dev.quadrangle.core.internal.Identifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A keyset (seek) page request: the sort columns, the sort key of the last row already seen, and the
 * page size. There is no offset: a page costs the same however deep it is.
 *
 * <!-- snippet: consumers/plain/src/test/java/dev/quadrangle/examples/JavadocExamples.java#page-request -->
 * <pre>{@code
 * PageRequest first = PageRequest.orderBy("created_at", "id").descending().limit(50);
 * PageRequest next = first.after(page.nextAfter().orElseThrow());
 * }</pre>
 *
 * <p>Immutable and thread-safe. The sort columns should end with a unique key so that pages never
 * skip or repeat rows.
 */
public final class PageRequest {
    /** The largest page size. */
    public static final int MAX_LIMIT = 10_000;

    private final List<String> columns;
    private final boolean descending;
    private final List<Object> after;
    private final int limit;

    private PageRequest(List<String> columns, boolean descending, List<Object> after, int limit) {
        this.columns = List.copyOf(columns);
        this.descending = descending;
        this.after = after == null ? null : java.util.Collections.unmodifiableList(new ArrayList<>(after));
        this.limit = limit;
    }

    /**
     * A first page ordered by columns, ascending, 100 rows.
     *
     * @param columns the sort columns, ending with a unique key
     * @return the request
     * @throws IllegalArgumentException when no column is given or a name is invalid
     */
    public static PageRequest orderBy(String... columns) {
        if (columns.length == 0) {
            throw new IllegalArgumentException("a keyset page needs at least one sort column");
        }
        for (String c : columns) {
            Identifiers.check("sort column", c);
        }
        return new PageRequest(List.of(columns), false, null, 100);
    }

    /** This request sorted descending on every column. */
    public PageRequest descending() {
        return new PageRequest(columns, true, after, limit);
    }

    /**
     * This request with a page size.
     *
     * @param rows 1 to {@value #MAX_LIMIT}
     * @return a new request
     * @throws IllegalArgumentException when out of range
     */
    public PageRequest limit(int rows) {
        if (rows < 1 || rows > MAX_LIMIT) {
            throw new IllegalArgumentException("page limit must be between 1 and " + MAX_LIMIT + ", was " + rows);
        }
        return new PageRequest(columns, descending, after, rows);
    }

    /**
     * This request continuing after a row's sort key (from {@link KeysetPage#nextAfter()}).
     *
     * @param sortKey one value per sort column
     * @return a new request
     * @throws IllegalArgumentException when the number of values differs from the sort columns
     */
    public PageRequest after(List<?> sortKey) {
        Objects.requireNonNull(sortKey, "sortKey");
        if (sortKey.size() != columns.size()) {
            throw new IllegalArgumentException("sort key has " + sortKey.size() + " values but the page sorts by "
                    + columns.size() + " columns " + columns);
        }
        return new PageRequest(columns, descending, new ArrayList<>(sortKey), limit);
    }

    /** The sort columns. */
    public List<String> columns() {
        return columns;
    }

    /** Whether the sort is descending. */
    public boolean isDescending() {
        return descending;
    }

    /** The sort key to continue after, or {@code null} for the first page. */
    public List<Object> afterKey() {
        return after;
    }

    /** The page size. */
    public int limit() {
        return limit;
    }
}
