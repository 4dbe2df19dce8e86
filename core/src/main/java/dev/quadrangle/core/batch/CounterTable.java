package dev.quadrangle.core.batch;

import dev.quadrangle.core.internal.Identifiers;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * A summary table of counters keyed by one or more columns (seed 002's per-user statistics), updated
 * incrementally: many increments are merged per key in memory and applied in one
 * {@code INSERT ... ON CONFLICT (key) DO UPDATE SET c = t.c + excluded.c} statement, instead of a
 * read-modify-write per answer.
 *
 * <!-- snippet: consumers/plain/src/test/java/dev/quadrangle/examples/JavadocExamples.java#counter-table -->
 * <pre>{@code
 * CounterTable stats = CounterTable.builder("user_stats").key("user_id", SQLDataType.BIGINT)
 *         .counters("answered", "correct").build();
 * CounterTable.Increments increments = stats.increments();
 * increments.add(List.of(42L), 1, 1);
 * stats.apply(dataSource, increments);
 * }</pre>
 *
 * <p>Immutable and thread-safe; {@link Increments} is not thread-safe.
 */
public final class CounterTable {
    private final Table<Record> table;
    private final String name;
    private final List<Field<?>> keys;
    private final List<Field<Long>> counters;

    private CounterTable(Builder b) {
        this.name = b.table;
        this.table = DSL.table(DSL.name(b.schema, b.table));
        this.keys = List.copyOf(b.keys);
        this.counters = List.copyOf(b.counters);
    }

    /**
     * Starts a counter table in the {@code public} schema.
     *
     * @param table the table name
     * @return a builder
     */
    public static Builder builder(String table) {
        return new Builder(table);
    }

    /** A new, empty set of increments for this table. */
    public Increments increments() {
        return new Increments(this);
    }

    /** {@code CREATE TABLE IF NOT EXISTS} with the keys as primary key and counters defaulting to 0. */
    public void createIfMissing(DataSource dataSource) {
        List<Field<?>> all = new ArrayList<>(keys);
        for (Field<Long> c : counters) {
            all.add(DSL.field(c.getUnqualifiedName(), SQLDataType.BIGINT.notNull().defaultValue(0L)));
        }
        run(dataSource, dsl -> dsl.createTableIfNotExists(table).columns(all)
                .primaryKey(keys.stream().map(Field::getUnqualifiedName).toArray(org.jooq.Name[]::new)).execute());
    }

    /**
     * Applies increments in one statement and clears them.
     *
     * @param dataSource the host's data source
     * @param increments the merged increments
     * @return the number of keys inserted or updated
     */
    public int apply(DataSource dataSource, Increments increments) {
        if (increments.byKey.isEmpty()) {
            return 0;
        }
        List<Field<?>> columns = new ArrayList<>(keys);
        columns.addAll(counters);
        int changed = run(dataSource, dsl -> {
            var insert = dsl.insertInto(table, columns);
            for (Map.Entry<List<Object>, long[]> e : increments.byKey.entrySet()) {
                List<Field<?>> values = new ArrayList<>();
                for (int i = 0; i < keys.size(); i++) {
                    values.add(DSL.val(e.getKey().get(i), keys.get(i).getDataType()));
                }
                for (long delta : e.getValue()) {
                    values.add(DSL.val(delta));
                }
                insert = insert.values(values);
            }
            Map<Field<?>, Field<?>> sets = new LinkedHashMap<>();
            for (Field<Long> c : counters) {
                Field<Long> current = DSL.field(DSL.name(table.getQualifiedName(), c.getUnqualifiedName()), Long.class);
                sets.put(c, current.plus(DSL.excluded(c)));
            }
            return insert.onConflict(keys).doUpdate().set(sets).execute();
        });
        increments.byKey.clear();
        return changed;
    }

    private interface Work<T> {
        T run(DSLContext dsl);
    }

    private <T> T run(DataSource dataSource, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            if (c.getAutoCommit()) { // else the caller's transaction: join it as it is
                dev.quadrangle.spi.RoutedConnection.hint(c, false, false);
            }
            return work.run(DSL.using(c, SQLDialect.POSTGRES));
        } catch (SQLException e) {
            throw new DataAccessException("counter update of " + name + " failed: " + e.getMessage(), e);
        }
    }

    /** Increments merged per key before they are applied. Not thread-safe. */
    public static final class Increments {
        private final CounterTable table;
        private final Map<List<Object>, long[]> byKey = new LinkedHashMap<>();

        private Increments(CounterTable table) {
            this.table = table;
        }

        /**
         * Adds deltas to a key's counters.
         *
         * @param key one value per key column
         * @param deltas one delta per counter, in declared order
         * @return this
         * @throws IllegalArgumentException when the number of key values or deltas is wrong
         */
        public Increments add(List<?> key, long... deltas) {
            if (key.size() != table.keys.size() || deltas.length != table.counters.size()) {
                throw new IllegalArgumentException("counter table " + table.name + " takes " + table.keys.size()
                        + " key values and " + table.counters.size() + " deltas, got " + key.size() + " and " + deltas.length);
            }
            long[] sums = byKey.computeIfAbsent(new ArrayList<>(key), k -> new long[deltas.length]);
            for (int i = 0; i < deltas.length; i++) {
                sums[i] += deltas[i];
            }
            return this;
        }

        /** The number of distinct keys held. */
        public int size() {
            return byKey.size();
        }
    }

    /** Collects a counter table's columns. Not thread-safe. */
    public static final class Builder {
        private final String table;
        private String schema = "public";
        private final List<Field<?>> keys = new ArrayList<>();
        private final List<Field<Long>> counters = new ArrayList<>();

        private Builder(String table) {
            this.table = Identifiers.check("counter table", table);
        }

        /**
         * Sets the schema, {@code public} by default.
         *
         * @param schema the schema
         * @return this builder
         */
        public Builder schema(String schema) {
            this.schema = Identifiers.check("schema", schema);
            return this;
        }

        /**
         * Adds a key column.
         *
         * @param column the column name
         * @param type its type
         * @return this builder
         */
        public Builder key(String column, DataType<?> type) {
            keys.add(DSL.field(DSL.name(Identifiers.check("key column", column)), Objects.requireNonNull(type, "type").notNull()));
            return this;
        }

        /**
         * Adds bigint counter columns.
         *
         * @param columns the counter names
         * @return this builder
         */
        public Builder counters(String... columns) {
            for (String c : columns) {
                counters.add(DSL.field(DSL.name(Identifiers.check("counter column", c)), SQLDataType.BIGINT));
            }
            return this;
        }

        /**
         * Builds the counter table.
         *
         * @return the table
         * @throws IllegalStateException when it has no key or no counter
         */
        public CounterTable build() {
            if (keys.isEmpty() || counters.isEmpty()) {
                throw new IllegalStateException("counter table " + table + " needs at least one key and one counter");
            }
            return new CounterTable(this);
        }
    }
}
