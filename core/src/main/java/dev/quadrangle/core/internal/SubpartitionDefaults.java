package dev.quadrangle.core.internal;

import dev.quadrangle.core.partition.PartitionSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.Select;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The DEFAULT sub-partitions of a RANGE-&gt;LIST table ({@link PartitionSpec#subpartitionDefault()}): which
 * exist, how many rows wait in them, and their LIST values. Each question is one statement over all of
 * them, however many RANGE partitions there are.
 */
final class SubpartitionDefaults {
    /** The most LIST values read out of the sub-partitions per run. */
    static final int MAX_VALUES = 1000;

    private final MaintenanceSession session;
    private final PartitionSpec spec;

    SubpartitionDefaults(MaintenanceSession session, PartitionSpec spec) {
        this.session = session;
        this.spec = spec;
    }

    /** The existing DEFAULT sub-partitions, by name. */
    List<String> names() {
        if (!spec.subpartitionDefault() || !session.tableExists(spec.schema(), spec.table())) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (MaintenanceSession.Child range : session.children(spec.table())) {
            names.add(spec.subpartitionDefaultName(range.name()));
        }
        if (names.isEmpty()) {
            return names;
        }
        Field<String> relname = DSL.field(DSL.name("c", "relname"), SQLDataType.VARCHAR);
        return session.autocommit("listing DEFAULT sub-partitions of " + spec.table(), dsl -> dsl.select(relname)
                .from(DSL.table(DSL.name("pg_class")).as("c"))
                .join(DSL.table(DSL.name("pg_namespace")).as("n"))
                .on(DSL.field(DSL.name("n", "oid")).eq(DSL.field(DSL.name("c", "relnamespace"))))
                .where(DSL.field(DSL.name("n", "nspname"), SQLDataType.VARCHAR).eq(spec.schema()))
                .and(relname.in(names))
                .fetch(relname));
    }

    /** Rows waiting in all DEFAULT sub-partitions. */
    long count() {
        List<String> names = names();
        if (names.isEmpty()) {
            return 0;
        }
        Field<Long> n = DSL.field(DSL.name("n"), SQLDataType.BIGINT);
        Select<Record1<Long>> union = null;
        for (String name : names) {
            Select<Record1<Long>> one = DSL.select(DSL.count().cast(SQLDataType.BIGINT).as(n)).from(PartitionDdl.name(spec, name));
            union = union == null ? one : union.unionAll(one);
        }
        Select<Record1<Long>> all = union;
        Long sum = session.autocommit("counting DEFAULT sub-partitions of " + spec.table(), dsl -> dsl
                .select(DSL.sum(n).cast(SQLDataType.BIGINT)).from(all.asTable("counts")).fetchOne(0, Long.class));
        return sum == null ? 0 : sum;
    }

    /** The distinct LIST values (as text) waiting in the DEFAULT sub-partitions, at most {@value #MAX_VALUES}. */
    List<String> values() {
        List<String> names = names();
        if (names.isEmpty()) {
            return List.of();
        }
        Field<String> value = DSL.field("{0}::text", SQLDataType.VARCHAR, DSL.field(DSL.name(spec.second().orElseThrow().column())));
        Select<Record1<String>> union = null;
        for (String name : names) {
            Select<Record1<String>> one = DSL.selectDistinct(value.as("v")).from(PartitionDdl.name(spec, name));
            union = union == null ? one : union.union(one);
        }
        Select<Record1<String>> all = union;
        List<String> values = session.autocommit("reading DEFAULT sub-partition values of " + spec.table(), dsl -> dsl
                .select(DSL.field(DSL.name("v"), SQLDataType.VARCHAR)).from(all.asTable("vals")).limit(MAX_VALUES)
                .fetch(0, String.class));
        return List.copyOf(new TreeSet<>(values));
    }
}
