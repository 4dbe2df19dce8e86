package dev.quadrangle.core.repository;

import dev.quadrangle.core.internal.Identifiers;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The partition key values a repository query is restricted to, so that PostgreSQL prunes to the
 * partitions that can hold the rows. Repositories refuse a query whose scope leaves a partition key
 * column unconstrained.
 *
 * <!-- snippet: consumers/plain/src/test/java/dev/quadrangle/examples/JavadocExamples.java#partition-scope -->
 * <pre>{@code
 * PartitionScope scope = PartitionScope.between("created_at", monthStart, monthEnd).and("user_id", 42L);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class PartitionScope {
    private final Map<String, Bound> bounds;

    /**
     * One column's restriction: equal to {@code from} when {@code to} is {@code null}, else the half-open
     * range {@code [from, to)}.
     *
     * @param from the value or lower bound, not {@code null}
     * @param to the exclusive upper bound, or {@code null} for equality
     */
    public record Bound(Object from, Object to) {
        /** Validates the bound. */
        public Bound {
            Objects.requireNonNull(from, "from");
        }

        /** Whether this bound is an equality. */
        public boolean isEquality() {
            return to == null;
        }
    }

    private PartitionScope(Map<String, Bound> bounds) {
        this.bounds = Collections.unmodifiableMap(bounds);
    }

    /**
     * A scope where a column equals a value.
     *
     * @param column a partition key column
     * @param value its value, not {@code null}
     * @return the scope
     */
    public static PartitionScope equal(String column, Object value) {
        return new PartitionScope(Map.of()).and(column, value);
    }

    /**
     * A scope where a RANGE key column lies in {@code [from, to)}.
     *
     * @param column the RANGE key column
     * @param from the inclusive lower bound
     * @param to the exclusive upper bound
     * @return the scope
     */
    public static PartitionScope between(String column, Object from, Object to) {
        return new PartitionScope(Map.of()).andBetween(column, from, to);
    }

    /**
     * This scope with a column equal to a value as well.
     *
     * @param column a partition key column
     * @param value its value, not {@code null}
     * @return a new scope
     * @throws IllegalArgumentException when the column is already constrained
     */
    public PartitionScope and(String column, Object value) {
        return with(column, new Bound(Objects.requireNonNull(value, "value"), null));
    }

    /**
     * This scope with a RANGE key column in {@code [from, to)} as well.
     *
     * @param column the RANGE key column
     * @param from the inclusive lower bound
     * @param to the exclusive upper bound
     * @return a new scope
     * @throws IllegalArgumentException when the column is already constrained
     */
    public PartitionScope andBetween(String column, Object from, Object to) {
        return with(column, new Bound(Objects.requireNonNull(from, "from"), Objects.requireNonNull(to, "to")));
    }

    private PartitionScope with(String column, Bound bound) {
        Identifiers.check("scope column", column);
        if (bounds.containsKey(column)) {
            throw new IllegalArgumentException("scope already constrains column " + column);
        }
        Map<String, Bound> copy = new LinkedHashMap<>(bounds);
        copy.put(column, bound);
        return new PartitionScope(copy);
    }

    /** The constrained columns and their bounds, in the order added. */
    public Map<String, Bound> bounds() {
        return bounds;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PartitionScope && ((PartitionScope) o).bounds.equals(bounds);
    }

    @Override
    public int hashCode() {
        return bounds.hashCode();
    }

    @Override
    public String toString() {
        return "PartitionScope" + bounds;
    }
}
