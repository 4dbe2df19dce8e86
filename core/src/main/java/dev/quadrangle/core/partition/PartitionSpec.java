package dev.quadrangle.core.partition;

import dev.quadrangle.core.internal.Identifiers;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * An immutable description of a partitioned table: its columns and keys, one or two partition levels
 * (RANGE by time or term, LIST, HASH, RANGE→HASH, RANGE→LIST), how many partitions to create ahead, an
 * optional DEFAULT partition, retention, an optional tenant column for row-level security, and an optional
 * Citus distribution for write scale-out ({@link Builder#distributedBy}).
 *
 * <!-- snippet: consumers/plain/src/test/java/dev/quadrangle/examples/JavadocExamples.java#partition-spec -->
 * <pre>{@code
 * PartitionSpec answers = PartitionSpec.builder("answer")
 *         .column("id", SQLDataType.BIGINT.notNull())
 *         .column("user_id", SQLDataType.BIGINT.notNull())
 *         .column("created_at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
 *         .primaryKey("id", "created_at")
 *         .partitionBy(PartitionLevel.range("created_at", TimeInterval.MONTH))
 *         .retention(Retention.export(Period.ofMonths(12), "archive/answers"))
 *         .build();
 * }</pre>
 *
 * <p>Everything is validated by {@link Builder#build()}: identifiers (at most 63 bytes with the longest
 * partition suffix, safe characters), levels, key columns, and that every primary key and unique
 * constraint includes the partition key columns (PostgreSQL can enforce uniqueness only per
 * partition) and, with a Citus distribution, the distribution column too. Thread-safe.
 */
public final class PartitionSpec {
    /** Partitions created ahead of the current one by default. */
    public static final int DEFAULT_PREMAKE = 3;
    /**
     * The transaction-local setting that row-level security policies compare the tenant column with;
     * repositories set it with {@code set_config(..., true)}.
     */
    public static final String TENANT_SETTING = "quadrangle.tenant_id";
    /** The most partitions that may be created ahead. */
    public static final int MAX_PREMAKE = 1000;

    private final String schema;
    private final String table;
    private final Map<String, DataType<?>> columns;
    private final List<String> primaryKey;
    private final List<List<String>> uniqueKeys;
    private final List<List<String>> indexes;
    private final PartitionLevel first;
    private final PartitionLevel second;
    private final int premake;
    private final Retention retention;
    private final boolean defaultPartition;
    private final boolean subpartitionDefault;
    private final String tenantColumn;
    private final ZoneId zone;
    private final RangeKeyType rangeKeyType;
    private final CitusDistribution distribution;

    private PartitionSpec(Builder b, RangeKeyType rangeKeyType) {
        this.schema = b.schema;
        this.table = b.table;
        this.columns = Collections.unmodifiableMap(new LinkedHashMap<>(b.columns));
        this.primaryKey = List.copyOf(b.primaryKey);
        this.uniqueKeys = b.uniqueKeys.stream().map(List::copyOf).toList();
        this.indexes = b.indexes.stream().map(List::copyOf).toList();
        this.first = b.first;
        this.second = b.second;
        this.premake = b.premake;
        this.retention = b.retention;
        this.defaultPartition = b.defaultPartition;
        this.subpartitionDefault = b.subpartitionDefault;
        this.tenantColumn = b.tenantColumn;
        this.zone = b.zone;
        this.rangeKeyType = rangeKeyType;
        this.distribution = b.distribution;
    }

    /**
     * Starts a spec for a table in the {@code public} schema.
     *
     * @param table the parent table name
     * @return a new builder
     * @throws IllegalArgumentException when the name is invalid
     */
    public static Builder builder(String table) {
        return new Builder(table);
    }

    /** A builder holding this spec's settings, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder(table).schema(schema).premake(premake).defaultPartition(defaultPartition).zone(zone);
        b.subpartitionDefault = subpartitionDefault;
        columns.forEach(b::column);
        b.primaryKey.addAll(primaryKey);
        uniqueKeys.forEach(u -> b.uniqueKeys.add(new ArrayList<>(u)));
        indexes.forEach(i -> b.indexes.add(new ArrayList<>(i)));
        b.first = first;
        b.second = second;
        b.retention = retention;
        b.tenantColumn = tenantColumn;
        b.rangeKeyType = rangeKeyType;
        b.distribution = distribution;
        return b;
    }

    /** The schema of the parent table. */
    public String schema() {
        return schema;
    }

    /** The parent table's name. */
    public String table() {
        return table;
    }

    /** The parent table's qualified name, for jOOQ. */
    public Name qualifiedName() {
        return DSL.name(schema, table);
    }

    /** The parent table as a jOOQ table, for queries that always go through the parent. */
    public Table<Record> jooqTable() {
        return DSL.table(qualifiedName());
    }

    /** The declared columns in order, empty when the spec adopts an existing table. */
    public Map<String, DataType<?>> columns() {
        return columns;
    }

    /**
     * A declared column as a typed jOOQ field, unqualified.
     *
     * @param column the column name
     * @return the field
     * @throws IllegalArgumentException when the spec does not declare the column
     */
    public Field<?> field(String column) {
        DataType<?> type = columns.get(column);
        if (type == null) {
            throw new IllegalArgumentException("table " + table + " has no declared column '" + column + "'; declared: "
                    + columns.keySet());
        }
        return DSL.field(DSL.name(column), type);
    }

    /** The primary key columns, empty when none is declared. */
    public List<String> primaryKey() {
        return primaryKey;
    }

    /** The unique constraints besides the primary key. */
    public List<List<String>> uniqueKeys() {
        return uniqueKeys;
    }

    /** The plain indexes created on the parent (and so on every partition). */
    public List<List<String>> indexes() {
        return indexes;
    }

    /** The first partition level. */
    public PartitionLevel first() {
        return first;
    }

    /** The second partition level (under a RANGE first level), if any. */
    public Optional<PartitionLevel> second() {
        return Optional.ofNullable(second);
    }

    /** The levels, first then second. */
    public List<PartitionLevel> levels() {
        return second == null ? List.of(first) : List.of(first, second);
    }

    /** The partition key columns of all levels. */
    public List<String> partitionKeyColumns() {
        return levels().stream().map(PartitionLevel::column).toList();
    }

    /** Partitions created ahead of the current one. */
    public int premake() {
        return premake;
    }

    /** The retention, if any. */
    public Optional<Retention> retention() {
        return Optional.ofNullable(retention);
    }

    /** Whether a DEFAULT partition catches rows no other partition takes. */
    public boolean defaultPartition() {
        return defaultPartition;
    }

    /** Whether each RANGE partition of a RANGE-&gt;LIST table has a DEFAULT sub-partition for new LIST values. */
    public boolean subpartitionDefault() {
        return subpartitionDefault;
    }

    /**
     * The DEFAULT sub-partition's name under a RANGE partition.
     *
     * @param rangePartition the RANGE partition's table name
     * @return the sub-partition's name
     */
    public String subpartitionDefaultName(String rangePartition) {
        return rangePartition + PartitionNames.DEFAULT_SUFFIX;
    }

    /** The tenant column that row-level security filters on, if any. */
    public Optional<String> tenantColumn() {
        return Optional.ofNullable(tenantColumn);
    }

    /**
     * The Citus distribution, if any: on a database with the {@code citus} extension the manager distributes the
     * table by it and creates {@link #citusLayout()}; elsewhere it creates the levels as declared.
     */
    public Optional<CitusDistribution> citusDistribution() {
        return Optional.ofNullable(distribution);
    }

    /**
     * This spec as it is laid out on Citus: without the HASH level on the distribution column, whose part the
     * shards play; the RANGE or LIST level stays a local partition level of every shard. A spec without such a
     * HASH level is its own layout.
     *
     * @return the spec the manager creates on Citus
     * @throws IllegalStateException when the spec has no Citus distribution
     */
    public PartitionSpec citusLayout() {
        if (distribution == null) {
            throw new IllegalStateException("table " + table + " has no Citus distribution: set distributedBy(...) on its spec");
        }
        if (second == null || second.strategy() != PartitionLevel.Strategy.HASH) {
            return this;
        }
        Builder b = toBuilder();
        b.second = null;
        return b.build();
    }

    /**
     * The columns every repository read must constrain: the partition key columns, then the distribution column
     * when it is not one of them (so that on Citus a read goes to one shard).
     */
    public List<String> scopeColumns() {
        List<String> keys = partitionKeyColumns();
        if (distribution == null || keys.contains(distribution.column())) {
            return keys;
        }
        List<String> all = new ArrayList<>(keys);
        all.add(distribution.column());
        return List.copyOf(all);
    }

    /** The zone in which time ranges start at midnight. */
    public ZoneId zone() {
        return zone;
    }

    /** The SQL type of the RANGE key, or empty when the first level is not RANGE. */
    public Optional<RangeKeyType> rangeKeyType() {
        return Optional.ofNullable(rangeKeyType);
    }

    /** The DEFAULT partition's table name. */
    public String defaultPartitionName() {
        return table + PartitionNames.DEFAULT_SUFFIX;
    }

    /**
     * The name of the LIST partition for a value under a parent (the spec's table or a RANGE partition):
     * {@code parent_l_<value>} for a value of 1 to 20 lowercase letters and digits (other than
     * {@code default}), else {@code parent_lx_<16 hex digits of the value's SHA-256>}. The two forms and the
     * RANGE, term, HASH and DEFAULT names never coincide, so no value can be given the name of another
     * value's partition.
     *
     * @param parent the parent's table name
     * @param value the list value, as its {@link String#valueOf} text
     * @return the partition name
     */
    public String listPartitionName(String parent, Object value) {
        return PartitionNames.list(parent, value);
    }

    /**
     * The name of a HASH partition under a parent.
     *
     * @param parent the parent's table name
     * @param remainder the remainder, 0 to modulus - 1
     * @return the partition name
     */
    public String hashPartitionName(String parent, int remainder) {
        return PartitionNames.hash(parent, remainder);
    }

    /**
     * The first-level RANGE partition holding a day.
     *
     * @param day a day in the spec's zone
     * @return the partition, or empty when the day falls in a gap between terms
     * @throws IllegalStateException when the first level is not RANGE
     */
    public Optional<PartitionRange> rangeContaining(LocalDate day) {
        requireRange();
        if (first.interval().isPresent()) {
            TimeInterval interval = first.interval().get();
            LocalDate from = interval.floor(day);
            return Optional.of(new PartitionRange(table + interval.suffix(from), from, interval.next(from)));
        }
        return first.calendar().get().termOf(day).map(this::termRange);
    }

    /**
     * The first-level RANGE partition after another.
     *
     * @param range a partition of this spec
     * @return the next one, or empty after the calendar's last term
     */
    public Optional<PartitionRange> rangeAfter(PartitionRange range) {
        requireRange();
        if (first.interval().isPresent()) {
            return rangeContaining(range.to());
        }
        return first.calendar().get().terms().stream().filter(t -> !t.start().isBefore(range.to()))
                .findFirst().map(this::termRange);
    }

    /**
     * The first-level RANGE partition with a name, the inverse of the naming scheme.
     *
     * @param partitionName a table name
     * @return the partition, or empty when the name is not one this spec generates
     */
    public Optional<PartitionRange> rangeNamed(String partitionName) {
        requireRange();
        if (first.calendar().isPresent()) {
            return first.calendar().get().terms().stream().map(this::termRange)
                    .filter(r -> r.name().equals(partitionName)).findFirst();
        }
        return RangeNameParser.parse(this, first.interval().get(), partitionName);
    }

    private PartitionRange termRange(AcademicCalendar.Term term) {
        return new PartitionRange(table + "_t_" + term.name(), term.start(), term.end());
    }

    private void requireRange() {
        if (first.strategy() != PartitionLevel.Strategy.RANGE) {
            throw new IllegalStateException("table " + table + " is partitioned by " + first + ", not by RANGE");
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PartitionSpec)) {
            return false;
        }
        PartitionSpec s = (PartitionSpec) o;
        return schema.equals(s.schema) && table.equals(s.table) && columns.equals(s.columns)
                && primaryKey.equals(s.primaryKey) && uniqueKeys.equals(s.uniqueKeys) && indexes.equals(s.indexes)
                && first.equals(s.first) && Objects.equals(second, s.second) && premake == s.premake
                && Objects.equals(retention, s.retention) && defaultPartition == s.defaultPartition
                && subpartitionDefault == s.subpartitionDefault
                && Objects.equals(tenantColumn, s.tenantColumn) && zone.equals(s.zone)
                && Objects.equals(distribution, s.distribution);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, table, first, second, premake, retention, defaultPartition, subpartitionDefault, tenantColumn,
                zone, distribution);
    }

    /** A one-line description used in error messages, e.g. {@code public.answer RANGE(created_at) by month}. */
    @Override
    public String toString() {
        return schema + "." + table + " " + first + (second != null ? " then " + second : "")
                + (defaultPartition ? " with DEFAULT" : "") + (subpartitionDefault ? " with DEFAULT sub-partitions" : "")
                + (retention != null ? ", " + retention : "") + (distribution != null ? ", " + distribution : "");
    }

    /**
     * Collects a spec's settings; {@link #build()} validates them together. Not thread-safe.
     */
    public static final class Builder {
        private String schema = "public";
        private final String table;
        private final Map<String, DataType<?>> columns = new LinkedHashMap<>();
        private final List<String> primaryKey = new ArrayList<>();
        private final List<List<String>> uniqueKeys = new ArrayList<>();
        private final List<List<String>> indexes = new ArrayList<>();
        private PartitionLevel first;
        private PartitionLevel second;
        private int premake = DEFAULT_PREMAKE;
        private Retention retention;
        private boolean defaultPartition;
        private boolean subpartitionDefault;
        private String tenantColumn;
        private ZoneId zone = ZoneId.of("UTC");
        private RangeKeyType rangeKeyType;
        private CitusDistribution distribution;

        private Builder(String table) {
            this.table = Identifiers.check("table", table);
        }

        /**
         * Sets the schema, {@code public} by default.
         *
         * @param schema the schema name
         * @return this builder
         * @throws IllegalArgumentException when the name is invalid
         */
        public Builder schema(String schema) {
            this.schema = Identifiers.check("schema", schema);
            return this;
        }

        /**
         * Declares a column; with columns declared the manager creates the parent table when missing.
         *
         * @param name the column name
         * @param type its jOOQ data type (nullability included)
         * @return this builder
         * @throws IllegalArgumentException when the name is invalid or declared twice
         */
        public Builder column(String name, DataType<?> type) {
            Identifiers.check("column", name);
            if (columns.putIfAbsent(name, Objects.requireNonNull(type, "type")) != null) {
                throw new IllegalArgumentException("column '" + name + "' is declared twice in table " + table);
            }
            return this;
        }

        /**
         * Declares the primary key; it must include every partition key column.
         *
         * @param columnNames the key columns
         * @return this builder
         */
        public Builder primaryKey(String... columnNames) {
            primaryKey.clear();
            primaryKey.addAll(checkedColumns("primary key", columnNames));
            return this;
        }

        /**
         * Declares a unique constraint; it must include every partition key column.
         *
         * @param columnNames the constrained columns
         * @return this builder
         */
        public Builder unique(String... columnNames) {
            uniqueKeys.add(checkedColumns("unique constraint", columnNames));
            return this;
        }

        /**
         * Declares an index on the parent table, which PostgreSQL creates on every partition.
         *
         * @param columnNames the indexed columns
         * @return this builder
         */
        public Builder index(String... columnNames) {
            indexes.add(checkedColumns("index", columnNames));
            return this;
        }

        /**
         * Sets the first partition level.
         *
         * @param level the level
         * @return this builder
         */
        public Builder partitionBy(PartitionLevel level) {
            this.first = Objects.requireNonNull(level, "level");
            return this;
        }

        /**
         * Sets the second level (HASH or LIST) under a RANGE first level.
         *
         * @param level the level
         * @return this builder
         */
        public Builder subpartitionBy(PartitionLevel level) {
            this.second = Objects.requireNonNull(level, "level");
            return this;
        }

        /**
         * Sets how many RANGE partitions are created ahead of the current one.
         *
         * @param count 0 to {@value #MAX_PREMAKE}; {@value #DEFAULT_PREMAKE} by default
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder premake(int count) {
            if (count < 0 || count > MAX_PREMAKE) {
                throw new IllegalArgumentException("premake must be between 0 and " + MAX_PREMAKE + ", was " + count);
            }
            this.premake = count;
            return this;
        }

        /**
         * Sets the retention of RANGE partitions.
         *
         * @param retention the retention, or {@code null} to keep everything
         * @return this builder
         */
        public Builder retention(Retention retention) {
            this.retention = retention;
            return this;
        }

        /**
         * Adds a DEFAULT partition that catches rows no partition takes; the manager counts its rows and
         * moves them into proper partitions.
         *
         * @param enabled whether to have one
         * @return this builder
         */
        public Builder defaultPartition(boolean enabled) {
            this.defaultPartition = enabled;
            return this;
        }

        /**
         * Adds a DEFAULT sub-partition under each RANGE partition of a RANGE-&gt;LIST table, so that a row whose
         * LIST value has no partition yet is stored instead of refused. {@code ensureListValue} moves such
         * rows into the value's new partition, and {@code ensure} creates the values it finds there; the
         * manager counts them in {@code rowsInDefault}.
         *
         * @param enabled whether to have them
         * @return this builder
         */
        public Builder subpartitionDefault(boolean enabled) {
            this.subpartitionDefault = enabled;
            return this;
        }

        /**
         * Names the tenant column; the manager then generates row-level security policies on the
         * parent and repositories set the tenant per transaction.
         *
         * @param column the tenant column, e.g. {@code school_id}
         * @return this builder
         */
        public Builder tenantColumn(String column) {
            this.tenantColumn = Identifiers.check("tenant column", column);
            return this;
        }

        /**
         * Sets the zone in which time partitions start at midnight, UTC by default.
         *
         * @param zone the zone
         * @return this builder
         */
        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        /**
         * Sets the RANGE key's SQL type when the spec declares no columns (an adopted table).
         *
         * @param type the key type
         * @return this builder
         */
        public Builder rangeKeyType(RangeKeyType type) {
            this.rangeKeyType = Objects.requireNonNull(type, "type");
            return this;
        }

        /**
         * Distributes the table over a Citus cluster by the hash of a column, for write scale-out by school,
         * class or student. On a database with the {@code citus} extension the manager distributes the parent
         * right after creating it, a HASH level on the same column is left out (the shards take its place) and
         * the RANGE or LIST level stays a local level of every shard; on plain PostgreSQL the spec's levels are
         * created as declared and the distribution changes nothing but the columns a read must constrain
         * ({@link PartitionSpec#scopeColumns()}).
         *
         * @param column the distribution column; every primary key and unique constraint must include it
         * @param shardCount the number of shards, 1 to {@value CitusDistribution#MAX_SHARD_COUNT}
         * @return this builder
         * @throws IllegalArgumentException when the column name is invalid or the shard count out of range
         */
        public Builder distributedBy(String column, int shardCount) {
            this.distribution = CitusDistribution.hash(column, shardCount);
            return this;
        }

        private List<String> checkedColumns(String what, String... names) {
            if (names.length == 0) {
                throw new IllegalArgumentException(what + " of table " + table + " needs at least one column");
            }
            List<String> list = new ArrayList<>();
            for (String name : names) {
                list.add(Identifiers.check(what + " column", name));
            }
            return list;
        }

        /**
         * Validates the settings together and builds the spec.
         *
         * @return the spec
         * @throws IllegalStateException when settings conflict: a missing or misplaced level, a key column that is not declared or has the wrong type, a unique key without the partition key, a name too long for its partitions, a DEFAULT sub-partition without RANGE-&gt;LIST, an archive schema that is the table's own, term names that read as another term's partition names; with a Citus distribution, a layout Citus cannot distribute (two local levels, a HASH level on another column, no level left) or a unique key without the distribution column
         */
        public PartitionSpec build() {
            if (subpartitionDefault && first != null && (second == null || second.strategy() != PartitionLevel.Strategy.LIST)) {
                throw new IllegalStateException("table " + table + ": a DEFAULT sub-partition needs a RANGE->LIST spec, was "
                        + first + (second == null ? "" : " then " + second));
            }
            RangeKeyType keyType = SpecValidator.validate(table, schema, columns, primaryKey, uniqueKeys, first, second,
                    retention, defaultPartition, subpartitionDefault, tenantColumn, rangeKeyType);
            if (distribution != null) {
                SpecValidator.checkDistribution(table, columns, primaryKey, uniqueKeys, first, second, distribution);
            }
            return new PartitionSpec(this, keyType);
        }
    }
}
