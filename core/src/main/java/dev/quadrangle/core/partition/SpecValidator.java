package dev.quadrangle.core.partition;

import dev.quadrangle.core.internal.Identifiers;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.DataType;

/** The cross-setting checks of {@link PartitionSpec.Builder#build()}. */
final class SpecValidator {
    private SpecValidator() {
    }

    @SuppressWarnings("checkstyle:ParameterNumber")
    static RangeKeyType validate(String table, String schema, Map<String, DataType<?>> columns, List<String> primaryKey,
            List<List<String>> uniqueKeys, PartitionLevel first, PartitionLevel second, Retention retention,
            boolean defaultPartition, boolean subpartitionDefault, String tenantColumn, RangeKeyType declaredKeyType) {
        if (first == null) {
            throw new IllegalStateException("table " + table + " needs a partition level: call partitionBy(...)");
        }
        checkLevels(table, first, second, retention, defaultPartition);
        checkArchiveSchema(table, schema, retention);
        checkNameLength(table, first, second, defaultPartition);
        checkTermNames(table, first, second, subpartitionDefault);
        List<String> keyColumns = new ArrayList<>();
        keyColumns.add(first.column());
        if (second != null) {
            keyColumns.add(second.column());
        }
        if (!columns.isEmpty()) {
            for (String key : keyColumns) {
                requireDeclared(table, columns, "partition key column", key);
            }
            if (tenantColumn != null) {
                requireDeclared(table, columns, "tenant column", tenantColumn);
            }
            for (String c : primaryKey) {
                requireDeclared(table, columns, "primary key column", c);
            }
            uniqueKeys.forEach(u -> u.forEach(c -> requireDeclared(table, columns, "unique constraint column", c)));
        }
        if (!primaryKey.isEmpty()) {
            requireKeyIncluded(table, "primary key", primaryKey, keyColumns);
        }
        for (List<String> unique : uniqueKeys) {
            requireKeyIncluded(table, "unique constraint", unique, keyColumns);
        }
        return rangeKeyType(table, columns, first, declaredKeyType);
    }

    /**
     * The checks of a spec with a Citus distribution. Citus 13 distributes a partitioned table only when it has
     * one level ("distributing multi-level partitioned tables is not supported"), and enforces uniqueness within
     * each shard only.
     */
    static void checkDistribution(String table, Map<String, DataType<?>> columns, List<String> primaryKey,
            List<List<String>> uniqueKeys, PartitionLevel first, PartitionLevel second, CitusDistribution distribution) {
        String column = distribution.column();
        if (!columns.isEmpty()) {
            requireDeclared(table, columns, "distribution column", column);
        }
        for (PartitionLevel level : second == null ? List.of(first) : List.of(first, second)) {
            if (level.strategy() == PartitionLevel.Strategy.HASH && !level.column().equals(column)) {
                throw new IllegalStateException("table " + table + ": the level " + level + " would stay a local level on"
                        + " Citus, which already splits rows by the hash of distribution column " + column
                        + "; distribute by " + level.column() + " so that its shards take the level's place, or drop the level");
            }
        }
        if (first.strategy() == PartitionLevel.Strategy.HASH) {
            throw new IllegalStateException("table " + table + ": on Citus the shards of distribution column " + column
                    + " take the place of the level " + first + ", which leaves no partition level; give the table a"
                    + " RANGE or LIST level, or distribute it as a plain table");
        }
        if (second != null && second.strategy() != PartitionLevel.Strategy.HASH) {
            throw new IllegalStateException("table " + table + ": Citus cannot distribute a table partitioned on two levels ("
                    + first + " then " + second + "): it refuses partitions that are partitioned themselves, so on Citus"
                    + " only one level can stay local; drop the second level or the distribution");
        }
        if (!primaryKey.isEmpty() && !primaryKey.contains(column)) {
            throw new IllegalStateException("table " + table + ": primary key (" + String.join(", ", primaryKey)
                    + ") must include distribution column " + column + ", because Citus enforces uniqueness within each"
                    + " shard only");
        }
        for (List<String> unique : uniqueKeys) {
            if (!unique.contains(column)) {
                throw new IllegalStateException("table " + table + ": unique constraint (" + String.join(", ", unique)
                        + ") must include distribution column " + column + ", because Citus enforces uniqueness within"
                        + " each shard only");
            }
        }
    }

    private static void checkLevels(String table, PartitionLevel first, PartitionLevel second, Retention retention,
            boolean defaultPartition) {
        if (second != null) {
            if (first.strategy() != PartitionLevel.Strategy.RANGE || second.strategy() == PartitionLevel.Strategy.RANGE) {
                throw new IllegalStateException("table " + table + ": a second level must be HASH or LIST under a RANGE"
                        + " first level (RANGE->HASH, RANGE->LIST), was " + first + " then " + second);
            }
            if (second.column().equals(first.column())) {
                throw new IllegalStateException("table " + table + ": both levels partition by " + first.column());
            }
        }
        if (defaultPartition && first.strategy() == PartitionLevel.Strategy.HASH) {
            throw new IllegalStateException("table " + table + ": a HASH-partitioned table cannot have a DEFAULT partition");
        }
        if (retention != null && first.strategy() != PartitionLevel.Strategy.RANGE) {
            throw new IllegalStateException("table " + table + ": retention needs a RANGE first level, was " + first);
        }
    }

    /** A partition moved to its own schema would be taken for its archived copy: merged into itself and dropped. */
    private static void checkArchiveSchema(String table, String schema, Retention retention) {
        if (retention != null && retention.action() == Retention.Action.ARCHIVE_SCHEMA
                && retention.target().orElseThrow().equals(schema)) {
            throw new IllegalStateException("table " + table + ": retention archive schema '" + schema + "' is the table's"
                    + " own schema; archived partitions must move to another schema");
        }
    }

    private static void checkNameLength(String table, PartitionLevel first, PartitionLevel second, boolean defaultPartition) {
        int suffix = first.maxSuffixBytes() + (second == null ? 0 : second.maxSuffixBytes());
        if (defaultPartition) {
            suffix = Math.max(suffix, PartitionNames.DEFAULT_SUFFIX.length());
        }
        if (table.length() + suffix > Identifiers.MAX_BYTES) {
            throw new IllegalStateException("table name '" + table + "' is " + table.length() + " bytes; with partition"
                    + " suffixes of up to " + suffix + " bytes it must be at most " + (Identifiers.MAX_BYTES - suffix)
                    + " bytes so that partition names stay within " + Identifiers.MAX_BYTES + " bytes");
        }
    }

    /**
     * Term partitions are named {@code table_t_<term>}, and their second-level partitions add a suffix: a term
     * whose name is another term's name followed by such a suffix would be given the name of one of that
     * term's partitions.
     */
    private static void checkTermNames(String table, PartitionLevel first, PartitionLevel second, boolean subpartitionDefault) {
        if (second == null || first.calendar().isEmpty()) {
            return;
        }
        List<AcademicCalendar.Term> terms = first.calendar().get().terms();
        for (AcademicCalendar.Term shorter : terms) {
            for (AcademicCalendar.Term longer : terms) {
                String rest = longer.name().startsWith(shorter.name()) ? longer.name().substring(shorter.name().length()) : "";
                if (!rest.isEmpty() && PartitionNames.isSecondLevelSuffix(rest, second, subpartitionDefault)) {
                    throw new IllegalStateException("table " + table + ": term '" + longer.name() + "' would be named like"
                            + " a partition of term '" + shorter.name() + "' under " + second + " (" + table + "_t_"
                            + longer.name() + "); rename one of the terms");
                }
            }
        }
    }

    private static void requireDeclared(String table, Map<String, DataType<?>> columns, String what, String column) {
        if (!columns.containsKey(column)) {
            throw new IllegalStateException("table " + table + ": " + what + " '" + column + "' is not a declared column;"
                    + " declared: " + columns.keySet());
        }
    }

    private static void requireKeyIncluded(String table, String what, List<String> constrained, List<String> keyColumns) {
        List<String> missing = keyColumns.stream().filter(k -> !constrained.contains(k)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("table " + table + ": " + what + " (" + String.join(", ", constrained)
                    + ") must include the partition key column(s) " + String.join(", ", missing)
                    + ", because PostgreSQL enforces uniqueness within each partition only");
        }
    }

    private static RangeKeyType rangeKeyType(String table, Map<String, DataType<?>> columns, PartitionLevel first,
            RangeKeyType declared) {
        if (first.strategy() != PartitionLevel.Strategy.RANGE) {
            return null;
        }
        DataType<?> type = columns.get(first.column());
        if (type == null) {
            return declared != null ? declared : RangeKeyType.TIMESTAMPTZ;
        }
        Class<?> javaType = type.getType();
        RangeKeyType derived;
        if (javaType == LocalDate.class || javaType == java.sql.Date.class) {
            derived = RangeKeyType.DATE;
        } else if (javaType == LocalDateTime.class || javaType == java.sql.Timestamp.class) {
            derived = RangeKeyType.TIMESTAMP;
        } else if (javaType == OffsetDateTime.class || javaType == Instant.class) {
            derived = RangeKeyType.TIMESTAMPTZ;
        } else {
            throw new IllegalStateException("table " + table + ": RANGE key column '" + first.column()
                    + "' must be date, timestamp or timestamptz, was " + type.getTypeName());
        }
        if (declared != null && declared != derived) {
            throw new IllegalStateException("table " + table + ": rangeKeyType " + declared + " contradicts column '"
                    + first.column() + "' of type " + type.getTypeName());
        }
        return derived;
    }
}
