package dev.quadrangle.core.internal;

import dev.quadrangle.core.partition.PartitionLevel;
import dev.quadrangle.core.partition.PartitionRange;
import dev.quadrangle.core.partition.PartitionSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.Constraint;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.Query;
import org.jooq.QueryPart;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The DDL Quadrangle runs, built with jOOQ: identifiers through {@link DSL#name}, bound values through
 * {@link DSL#inline} (PostgreSQL takes no bind parameters in DDL). Nothing here concatenates SQL.
 */
public final class PartitionDdl {
    private PartitionDdl() {
    }

    /** A qualified table name in a spec's schema. */
    public static Name name(PartitionSpec spec, String table) {
        return DSL.name(spec.schema(), table);
    }

    /** {@code CREATE TABLE IF NOT EXISTS parent (...) PARTITION BY ...} from the declared columns. */
    public static Query createParent(PartitionSpec spec) {
        List<Field<?>> fields = new ArrayList<>();
        for (Map.Entry<String, DataType<?>> c : spec.columns().entrySet()) {
            fields.add(DSL.field(DSL.name(c.getKey()), c.getValue()));
        }
        List<Constraint> constraints = new ArrayList<>();
        if (!spec.primaryKey().isEmpty()) {
            constraints.add(DSL.constraint(DSL.name(spec.table() + "_pkey")).primaryKey(names(spec.primaryKey()).toArray(Name[]::new)));
        }
        int i = 0;
        for (List<String> unique : spec.uniqueKeys()) {
            constraints.add(DSL.constraint(DSL.name(shortName(spec.table() + "_uq" + (i++)))).unique(names(unique).toArray(Name[]::new)));
        }
        return DSL.using(SQLDialect.POSTGRES).createTableIfNotExists(spec.qualifiedName()).columns(fields)
                .constraints(constraints)
                .storage("partition by {0} ({1})", DSL.keyword(spec.first().strategy().name()), DSL.name(spec.first().column()));
    }

    /** {@code PARTITION BY <strategy> (<column>)} for a level. */
    public static QueryPart partitionBy(PartitionLevel level) {
        return DSL.sql("partition by {0} ({1})", DSL.keyword(level.strategy().name()), DSL.name(level.column()));
    }

    /** {@code CREATE INDEX IF NOT EXISTS} on the parent for the declared index. */
    public static Query createIndex(PartitionSpec spec, List<String> columns) {
        String indexName = indexName(spec, columns);
        return DSL.using(SQLDialect.POSTGRES).createIndexIfNotExists(DSL.name(indexName))
                .on(DSL.table(spec.qualifiedName()), names(columns).stream().<org.jooq.OrderField<?>>map(DSL::field).toList());
    }

    /** The name {@link #createIndex} gives an index on the parent. */
    public static String indexName(PartitionSpec spec, List<String> columns) {
        return shortName(spec.table() + "_" + String.join("_", columns) + "_idx");
    }

    /**
     * A new table shaped like the parent, not yet attached; partitioned itself when the spec has a
     * second level.
     */
    public static Query createLikeParent(PartitionSpec spec, String child) {
        QueryPart partitioned = spec.second().map(PartitionDdl::partitionBy).orElse(DSL.sql(""));
        return DSL.query("create table {0} (like {1} including defaults including constraints including storage"
                + " including comments) {2}", name(spec, child), spec.qualifiedName(), partitioned);
    }

    /** A new plain (leaf) table shaped like the parent, not yet attached, for a second-level partition. */
    public static Query createLeafLikeParent(PartitionSpec spec, String child) {
        return DSL.query("create table {0} (like {1} including defaults including constraints including storage"
                + " including comments)", name(spec, child), spec.qualifiedName());
    }

    /** {@code CREATE TABLE child PARTITION OF parent <bound>}. */
    public static Query createPartitionOf(PartitionSpec spec, String parent, String child, QueryPart bound) {
        return DSL.query("create table {0} partition of {1} {2}", name(spec, child), name(spec, parent), bound);
    }

    /** {@code ALTER TABLE parent ATTACH PARTITION child <bound>}. */
    public static Query attach(PartitionSpec spec, String parent, String child, QueryPart bound) {
        return DSL.query("alter table {0} attach partition {1} {2}", name(spec, parent), name(spec, child), bound);
    }

    /** {@code ALTER TABLE parent DETACH PARTITION child [CONCURRENTLY | FINALIZE]}. */
    public static Query detach(PartitionSpec spec, String child, String mode) {
        return DSL.query("alter table {0} detach partition {1} {2}", spec.qualifiedName(), name(spec, child),
                DSL.keyword(mode));
    }

    /** The bound of a first-level RANGE partition. */
    public static QueryPart rangeBound(PartitionSpec spec, PartitionRange range) {
        String from = spec.rangeKeyType().orElseThrow().literal(range.from(), spec.zone());
        String to = spec.rangeKeyType().orElseThrow().literal(range.to(), spec.zone());
        return DSL.sql("for values from ({0}) to ({1})", DSL.inline(from), DSL.inline(to));
    }

    /** The bound of a LIST partition for a value given as text (PostgreSQL converts it to the key type). */
    public static QueryPart listBound(String value) {
        return DSL.sql("for values in ({0})", DSL.inline(value));
    }

    /** The bound of a HASH partition. */
    public static QueryPart hashBound(int modulus, int remainder) {
        return DSL.sql("for values with (modulus {0}, remainder {1})", DSL.inline(modulus), DSL.inline(remainder));
    }

    /** The DEFAULT bound. */
    public static QueryPart defaultBound() {
        return DSL.keyword("default");
    }

    /** {@code DROP TABLE}. */
    public static Query drop(Name table) {
        return DSL.using(SQLDialect.POSTGRES).dropTable(table);
    }

    /** {@code ALTER TABLE ... SET SCHEMA}. */
    public static Query setSchema(Name table, String schema) {
        return DSL.query("alter table {0} set schema {1}", table, DSL.name(schema));
    }

    /** {@code CREATE SCHEMA IF NOT EXISTS}. */
    public static Query createSchema(String schema) {
        return DSL.using(SQLDialect.POSTGRES).createSchemaIfNotExists(DSL.name(schema));
    }

    /** Row-level security on the parent, filtering the tenant column by the transaction's tenant setting. */
    public static List<Query> tenantPolicy(PartitionSpec spec, String setting) {
        String column = spec.tenantColumn().orElseThrow();
        DataType<?> type = spec.columns().get(column);
        Field<?> tenant = DSL.field(DSL.name(column));
        Field<String> current = DSL.field("current_setting({0}, true)", String.class, DSL.inline(setting));
        QueryPart condition = type != null ? DSL.sql("{0} = {1}", tenant, DSL.cast(current, type))
                : DSL.sql("{0}::text = {1}", tenant, current);
        Name policy = DSL.name(shortName(spec.table() + "_tenant_isolation"));
        return List.of(
                DSL.query("alter table {0} enable row level security", spec.qualifiedName()),
                DSL.query("alter table {0} force row level security", spec.qualifiedName()),
                DSL.query("drop policy if exists {0} on {1}", policy, spec.qualifiedName()),
                DSL.query("create policy {0} on {1} using ({2}) with check ({2})", policy, spec.qualifiedName(), condition));
    }

    /** The policy name {@link #tenantPolicy} creates. */
    public static String tenantPolicyName(PartitionSpec spec) {
        return shortName(spec.table() + "_tenant_isolation");
    }

    private static List<Name> names(List<String> columns) {
        return columns.stream().map(DSL::name).toList();
    }

    /** Keeps a generated name within 63 bytes by replacing its tail with a digest. */
    static String shortName(String name) {
        if (name.length() <= Identifiers.MAX_BYTES) {
            return name;
        }
        String digest = Integer.toHexString(name.hashCode());
        return name.substring(0, Identifiers.MAX_BYTES - digest.length() - 1) + "_" + digest;
    }
}
