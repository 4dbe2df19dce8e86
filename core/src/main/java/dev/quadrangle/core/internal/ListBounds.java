package dev.quadrangle.core.internal;

import dev.quadrangle.core.partition.PartitionSpec;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record3;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Finds LIST partitions by the value they hold, as PostgreSQL stores their bound, never by their name
 * alone: a table can carry the name a value's partition would get and hold another value (or be no
 * partition at all). A value given as text is converted to the key column's type by PostgreSQL itself
 * ({@code json_populate_record} over the parent's row type), so a value that the column cannot hold is
 * refused before anything is created, and {@code 7} and {@code 07} find the same partition.
 *
 * <p>PostgreSQL prints a one-value bound as {@code FOR VALUES IN (<constant>)}, the constant being the
 * value's output text quoted as a literal, or bare for integer, numeric and boolean keys; both forms are
 * compared. Literals are compared as {@code standard_conforming_strings} prints them, which every
 * {@link MaintenanceSession} turns on. All values are bound.
 */
final class ListBounds {
    private static final String OPEN = "FOR VALUES IN (";
    private static final String CLOSE = ")";
    /** Types whose constants PostgreSQL may print unquoted: boolean, integer, numeric. */
    private static final String BARE_TYPES = "(16, 23, 1700)";

    private ListBounds() {
    }

    /**
     * A value of a key column as PostgreSQL reads it from text.
     *
     * @param spec the table, whose row type declares the column
     * @param column the LIST key column
     * @param text the value as text, e.g. a bind or a column of a derived table
     */
    static Field<Object> typed(PartitionSpec spec, String column, Field<String> text) {
        return DSL.field("(json_populate_record(null::{0}, json_build_object({1}, {2}))).{3}", Object.class,
                spec.qualifiedName(), DSL.val(column), text, DSL.name(column));
    }

    /**
     * Checks that the key column can hold a value.
     *
     * @throws org.jooq.exception.DataAccessException when it cannot (e.g. {@code abc} for a bigint key)
     */
    static void check(DSLContext dsl, PartitionSpec spec, String column, String value) {
        dsl.select(typed(spec, column, DSL.val(value))).fetch();
    }

    /** The bound of a partition holding exactly one typed value, as {@code pg_get_expr} prints a quoted constant. */
    private static Field<String> quotedBound(Field<Object> value) {
        return DSL.field("{0} || replace({1}::text, {2}, {3}) || {4}", String.class, DSL.val(OPEN + "'"), value, DSL.val("'"),
                DSL.val("''"), DSL.val("'" + CLOSE));
    }

    /** The same bound with the constant unquoted, as printed for integer, numeric and boolean keys; null for others. */
    private static Field<String> bareBound(Field<Object> value) {
        return DSL.field("case when pg_typeof({0})::oid in " + BARE_TYPES + " then {1} || {0}::text || {2} end", String.class,
                value, DSL.val(OPEN), DSL.val(CLOSE));
    }

    /** Whether a partition's bound (as {@code pg_get_expr} prints it) is exactly one typed value. */
    static Condition boundHolds(Field<String> bound, Field<Object> value) {
        return DSL.condition("coalesce({0} in ({1}, {2}), false)", bound, quotedBound(value), bareBound(value));
    }

    /**
     * The partition of a parent that holds a value, whatever its name.
     *
     * @param dsl the connection
     * @param spec the table
     * @param column the LIST key column
     * @param parent the parent (the spec's table or a RANGE partition), in the spec's schema
     * @param value the value as text
     * @return the partition's name, or empty when no partition of the parent holds the value
     * @throws org.jooq.exception.DataAccessException when the column cannot hold the value
     */
    static Optional<String> partitionHolding(DSLContext dsl, PartitionSpec spec, String column, String parent, String value) {
        Field<Object> typed = typed(spec, column, DSL.val(value));
        // the typed value is computed even when the parent has no partitions, so that a bad value is refused
        Field<String> found = DSL.field("(select c.relname::text from pg_inherits i join pg_class c on c.oid = i.inhrelid"
                + " where i.inhparent = to_regclass({0}) and {1} limit 1)", String.class, DSL.val(regclass(spec, parent)),
                boundHolds(DSL.field("pg_get_expr(c.relpartbound, c.oid)", String.class), DSL.field(DSL.name("v", "val"))));
        return Optional.ofNullable(dsl.select(found).from(DSL.select(typed.as("val")).asTable("v")).fetchOne(0, String.class));
    }

    /**
     * The values (as text) that some parent has no partition for.
     *
     * @param dsl the connection
     * @param spec the table
     * @param column the LIST key column
     * @param parents the parents whose partitions count (the spec's table, or its RANGE partitions)
     * @param values the values as text
     * @return the values without a partition under at least one of the parents, in no particular order
     * @throws org.jooq.exception.DataAccessException when the column cannot hold a value
     */
    static List<String> valuesWithoutPartition(DSLContext dsl, PartitionSpec spec, String column, Collection<String> parents,
            Collection<String> values) {
        if (parents.isEmpty() || values.isEmpty()) {
            return List.of();
        }
        // each bound is printed once and matched by equality (a hash join), however many values and partitions
        Field<Object> typedValue = DSL.field(DSL.name("t", "val"));
        return dsl.resultQuery("with p as (select to_regclass(n)::oid as oid from unnest({0}::text[]) as n),"
                + " b as (select i.inhparent as parent, pg_get_expr(c.relpartbound, c.oid) as bound from pg_inherits i"
                + " join pg_class c on c.oid = i.inhrelid where i.inhparent in (select oid from p)),"
                + " t as (select x.value, {1} as val from unnest({2}::text[]) as x(value)),"
                + " f as (select t.value, {3} as form from t union all select t.value, {4} from t),"
                + " missing as (select t.value, p.oid from t cross join p where p.oid is not null"
                + " except select f.value, b.parent from f join b on b.bound = f.form)"
                + " select distinct value from missing",
                DSL.val(parents.stream().map(p -> regclass(spec, p)).toArray(String[]::new)),
                typed(spec, column, DSL.field(DSL.name("x", "value"), SQLDataType.CLOB)),
                DSL.val(values.toArray(String[]::new)), quotedBound(typedValue), bareBound(typedValue))
                .fetch(0, String.class);
    }

    /**
     * The partitions attached to a parent of the spec's schema (a detach in progress excluded).
     *
     * @return their names
     */
    static List<String> children(DSLContext dsl, PartitionSpec spec, String parent) {
        return dsl.select(DSL.field("c.relname::text", String.class))
                .from(DSL.table("pg_inherits i join pg_class c on c.oid = i.inhrelid"))
                .where(DSL.condition("i.inhparent = to_regclass({0}) and not i.inhdetachpending", DSL.val(regclass(spec, parent))))
                .fetch(0, String.class);
    }

    /**
     * What a table is, for the message when it has a value's partition name but is not its partition.
     *
     * @return "not a partition", or "a partition of schema.parent BOUND"; empty when no such table exists
     */
    static Optional<String> describe(DSLContext dsl, PartitionSpec spec, String table) {
        Field<String> parentSchema = DSL.field("pn.nspname::text", String.class);
        Field<String> parentName = DSL.field("p.relname::text", String.class);
        Field<String> bound = DSL.field("pg_get_expr(c.relpartbound, c.oid)", String.class);
        Record3<String, String, String> row = dsl.select(parentSchema, parentName, bound)
                .from(DSL.table("pg_class c left join pg_inherits i on i.inhrelid = c.oid left join pg_class p on p.oid"
                        + " = i.inhparent left join pg_namespace pn on pn.oid = p.relnamespace"))
                .where(DSL.condition("c.oid = to_regclass({0})", DSL.val(regclass(spec, table))))
                .fetchOne();
        if (row == null) {
            return Optional.empty();
        }
        return Optional.of(row.value2() == null ? "not a partition"
                : "a partition of " + row.value1() + "." + row.value2() + " " + row.value3());
    }

    private static String regclass(PartitionSpec spec, String table) {
        return DSL.using(SQLDialect.POSTGRES).render(PartitionDdl.name(spec, table));
    }
}
