package dev.quadrangle.core.internal;

import dev.quadrangle.core.partition.CitusDistribution;
import dev.quadrangle.core.partition.EnsureResult;
import dev.quadrangle.core.partition.PartitionLevel;
import dev.quadrangle.core.partition.PartitionMaintenanceException;
import dev.quadrangle.core.partition.PartitionRange;
import dev.quadrangle.core.partition.PartitionSpec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/** One {@code ensure} run under the table's maintenance lock. */
final class Ensurer {
    /** The most RANGE partitions one walk considers, a guard against absurd clocks. */
    private static final int MAX_WALK = 100_000;

    private final MaintenanceSession session;
    private final PartitionSpec spec;
    private final PartitionCatalog catalog;
    private final PartitionCreator creator;
    private final List<String> created = new ArrayList<>();
    private long moved;

    Ensurer(MaintenanceSession session, PartitionSpec spec, PartitionCatalog catalog) {
        this.session = session;
        this.spec = spec;
        this.catalog = catalog;
        this.creator = new PartitionCreator(session, spec);
    }

    EnsureResult run(LocalDate today) {
        ensureParent();
        if (spec.tenantColumn().isPresent()) {
            ensureTenantPolicy();
        }
        List<String> existing = childNames();
        switch (spec.first().strategy()) {
            case RANGE:
                ensureRanges(today, existing);
                break;
            case HASH:
                created.addAll(creator.createHash(existing));
                break;
            default:
                break;
        }
        if (spec.defaultPartition() && !existing.contains(spec.defaultPartitionName())) {
            creator.createDefault();
            created.add(spec.defaultPartitionName());
        }
        long inDefault = spec.defaultPartition() ? emptyDefault(today) : 0;
        if (spec.subpartitionDefault()) {
            inDefault = countDefault();
        }
        return new EnsureResult(spec.table(), false, created, moved, inDefault, session.retries());
    }

    int partitionsAhead(LocalDate today) {
        if (spec.first().strategy() != PartitionLevel.Strategy.RANGE) {
            return 0;
        }
        return (int) childNames().stream().map(spec::rangeNamed).flatMap(Optional::stream)
                .filter(r -> r.from().isAfter(today)).count();
    }

    private void ensureParent() {
        // on Citus the parent is distributed before it has partitions: partitions created later are then
        // distributed with it, shard by shard, and no row is ever copied through the coordinator
        Optional<CitusDistribution> distribution = spec.citusDistribution().filter(d -> session.citusVersion().isPresent());
        if (session.tableExists(spec.schema(), spec.table())) {
            distribution.ifPresent(this::ensureDistributed);
            return;
        }
        if (spec.columns().isEmpty()) {
            throw new PartitionMaintenanceException("table " + spec.schema() + "." + spec.table()
                    + " does not exist and its spec declares no columns to create it from", null);
        }
        session.inTransaction("creating table " + spec.schema() + "." + spec.table(), dsl -> {
            dsl.execute(PartitionDdl.createSchema(spec.schema()));
            dsl.execute(PartitionDdl.createParent(spec));
            for (List<String> index : spec.indexes()) {
                dsl.execute(PartitionDdl.createIndex(spec, index));
                requireIndexOnParent(dsl, index);
            }
            if (distribution.isPresent()) {
                dsl.fetch(distribution.get().query(spec));
            }
            return null;
        });
        created.add(spec.table());
    }

    /** Distributes an existing parent that has no partitions yet; checks the column of a distributed one. */
    private void ensureDistributed(CitusDistribution distribution) {
        String qualified = spec.schema() + "." + spec.table();
        Optional<CitusTables.Placement> placement = session.placement(spec.table());
        if (placement.isPresent() && placement.get().distributed()) {
            if (!distribution.column().equals(placement.get().column())) {
                throw new PartitionMaintenanceException("table " + qualified + " is distributed by " + placement.get().column()
                        + " but its spec is " + distribution + "; Citus cannot change the column of a table in use:"
                        + " change the spec, or redistribute the table with alter_distributed_table", null);
            }
            return;
        }
        if (placement.isPresent()) {
            throw new PartitionMaintenanceException("table " + qualified + " is a Citus reference or local table, but its spec"
                    + " is " + distribution + "; undistribute it (undistribute_table) or change the spec", null);
        }
        if (!childNames().isEmpty()) {
            throw new PartitionMaintenanceException("table " + qualified + " has partitions but is not distributed, and its spec"
                    + " is " + distribution + "; distributing a table in use copies every row through the coordinator, which"
                    + " the manager leaves to you: run " + distribution.sql(spec) + " once (it needs a single-level table), or"
                    + " remove the distribution from the spec", null);
        }
        session.inTransaction("distributing table " + qualified, dsl -> dsl.fetch(distribution.query(spec)));
    }

    /**
     * {@code CREATE INDEX IF NOT EXISTS} does nothing when an index of another table has the derived name:
     * refuse that instead of leaving the table without its index.
     */
    private void requireIndexOnParent(DSLContext dsl, List<String> columns) {
        String index = PartitionDdl.indexName(spec, columns);
        boolean onParent = dsl.fetchExists(dsl.selectOne().from(DSL.table(DSL.name("pg_index"))).where(
                DSL.condition("indexrelid = to_regclass({0}) and indrelid = to_regclass({1})",
                        DSL.val(DSL.using(SQLDialect.POSTGRES).render(PartitionDdl.name(spec, index))),
                        DSL.val(DSL.using(SQLDialect.POSTGRES).render(spec.qualifiedName())))));
        if (!onParent) {
            throw new PartitionMaintenanceException("index " + index + " on (" + String.join(", ", columns) + ") of table "
                    + spec.schema() + "." + spec.table() + " cannot be created: an index of that name exists on another"
                    + " table; rename one of the tables or drop that index", null);
        }
    }

    private void ensureTenantPolicy() {
        Field<Integer> one = DSL.inline(1);
        boolean present = session.autocommit("checking the tenant policy of " + spec.table(), dsl -> dsl.fetchExists(
                dsl.select(one).from(DSL.table(DSL.name("pg_policies"))).where(
                        DSL.field(DSL.name("schemaname"), String.class).eq(spec.schema()),
                        DSL.field(DSL.name("tablename"), String.class).eq(spec.table()),
                        DSL.field(DSL.name("policyname"), String.class).eq(PartitionDdl.tenantPolicyName(spec)))));
        if (!present) {
            session.inTransaction("creating the tenant policy of " + spec.table(), dsl -> {
                PartitionDdl.tenantPolicy(spec, PartitionSpec.TENANT_SETTING).forEach(dsl::execute);
                return null;
            });
        }
    }

    private void ensureRanges(LocalDate today, List<String> existing) {
        Optional<LocalDate> cutoff = spec.retention().map(r -> r.cutoff(today));
        Optional<PartitionRange> current = spec.rangeContaining(today)
                .or(() -> spec.rangeAfter(new PartitionRange("today", today.minusDays(1), today)));
        if (current.isEmpty()) {
            return;
        }
        PartitionRange last = current.get();
        for (int i = 0; i < spec.premake(); i++) {
            Optional<PartitionRange> next = spec.rangeAfter(last);
            if (next.isEmpty()) {
                break;
            }
            last = next.get();
        }
        // after downtime, fill the gap between the newest partition and the current one
        PartitionRange start = existing.stream().map(spec::rangeNamed).flatMap(Optional::stream)
                .max(Comparator.comparing(PartitionRange::from))
                .filter(newest -> newest.to().isBefore(current.get().from()))
                .flatMap(spec::rangeAfter).orElse(current.get());
        List<String> values = listValues();
        PartitionRange range = start;
        for (int i = 0; i < MAX_WALK && !range.from().isAfter(last.from()); i++) {
            boolean expired = cutoff.isPresent() && !range.to().isAfter(cutoff.get());
            if (!expired && !existing.contains(range.name())) {
                moved += creator.createRange(range, values);
                created.add(range.name());
            }
            Optional<PartitionRange> next = spec.rangeAfter(range);
            if (next.isEmpty()) {
                break;
            }
            range = next.get();
        }
    }

    private List<String> listValues() {
        boolean subList = spec.second().map(l -> l.strategy() == PartitionLevel.Strategy.LIST).orElse(false);
        if (!subList) {
            return List.of();
        }
        catalog.bootstrap(session);
        return session.autocommit("reading list values of " + spec.table(), dsl -> catalog.listValues(dsl, spec));
    }

    /** Moves rows out of the DEFAULT partition into partitions created for them; returns what is left. */
    private long emptyDefault(LocalDate today) {
        long rows = countDefault();
        if (rows == 0) {
            return 0;
        }
        if (spec.first().strategy() == PartitionLevel.Strategy.RANGE) {
            moveRanges();
        } else if (spec.first().strategy() == PartitionLevel.Strategy.LIST) {
            Field<String> value = DSL.field("{0}::text", String.class, DSL.field(DSL.name(spec.first().column())));
            List<String> values = session.autocommit("reading DEFAULT values of " + spec.table(), dsl -> dsl
                    .selectDistinct(value).from(PartitionDdl.name(spec, spec.defaultPartitionName())).limit(1000).fetch(value));
            for (String v : values) {
                Optional<String> name = creator.listPartitionToCreate(spec.table(), v);
                if (name.isPresent()) {
                    moved += creator.createList(v);
                    created.add(name.get());
                }
            }
        }
        return countDefault();
    }

    private void moveRanges() {
        Field<LocalDate> day = dayOf(DSL.field(DSL.name(spec.first().column())));
        Record2<LocalDate, LocalDate> span = session.autocommit("reading the DEFAULT span of " + spec.table(), dsl ->
                dsl.select(DSL.min(day), DSL.max(day)).from(PartitionDdl.name(spec, spec.defaultPartitionName())).fetchOne());
        if (span == null || span.value1() == null) {
            return;
        }
        Set<String> existing = new TreeSet<>(childNames());
        List<String> values = listValues();
        Optional<PartitionRange> range = spec.rangeContaining(span.value1())
                .or(() -> spec.rangeAfter(new PartitionRange("min", span.value1().minusDays(1), span.value1())));
        for (int i = 0; i < MAX_WALK && range.isPresent() && !range.get().from().isAfter(span.value2()); i++) {
            PartitionRange r = range.get();
            if (hasDefaultRows(day, r)) {
                if (existing.contains(r.name())) {
                    moved += creator.moveIntoAttached(r);
                } else {
                    moved += creator.createRange(r, values);
                    created.add(r.name());
                }
            }
            range = spec.rangeAfter(r);
        }
    }

    private boolean hasDefaultRows(Field<LocalDate> day, PartitionRange r) {
        return session.autocommit("probing the DEFAULT partition of " + spec.table(), dsl -> dsl.fetchExists(
                dsl.selectOne().from(PartitionDdl.name(spec, spec.defaultPartitionName()))
                        .where(day.ge(r.from()).and(day.lt(r.to())))));
    }

    private Field<LocalDate> dayOf(Field<Object> key) {
        switch (spec.rangeKeyType().orElseThrow()) {
            case DATE:
                return DSL.field("{0}", SQLDataType.LOCALDATE, key);
            case TIMESTAMP:
                return DSL.field("{0}::date", SQLDataType.LOCALDATE, key);
            default:
                return DSL.field("({0} at time zone {1})::date", SQLDataType.LOCALDATE, key, DSL.val(spec.zone().getId()));
        }
    }

    /** Rows in the DEFAULT partition and in any DEFAULT sub-partitions. */
    long countDefault() {
        long sub = new SubpartitionDefaults(session, spec).count();
        if (!spec.defaultPartition() || !session.tableExists(spec.schema(), spec.defaultPartitionName())) {
            return sub;
        }
        return sub + session.autocommit("counting the DEFAULT partition of " + spec.table(),
                dsl -> (long) dsl.fetchCount(DSL.table(PartitionDdl.name(spec, spec.defaultPartitionName()))));
    }

    private List<String> childNames() {
        return session.children(spec.table()).stream().map(MaintenanceSession.Child::name).toList();
    }
}
