package dev.quadrangle.core.internal;

import dev.quadrangle.core.partition.PartitionLevel;
import dev.quadrangle.core.partition.PartitionMaintenanceException;
import dev.quadrangle.core.partition.PartitionRange;
import dev.quadrangle.core.partition.PartitionSpec;
import dev.quadrangle.spi.ContentKeyRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.QueryPart;
import org.jooq.impl.DSL;

/**
 * Creates partitions without blocking writers: a new table shaped like the parent is filled with any
 * rows of its range still in the DEFAULT partition and then attached with {@code ATTACH PARTITION},
 * which takes only {@code SHARE UPDATE EXCLUSIVE} on the parent. All of it is one transaction, so the
 * moved rows never disappear from view, and it is retried as a whole when a lock is busy.
 */
final class PartitionCreator {
    private final MaintenanceSession session;
    private final PartitionSpec spec;

    PartitionCreator(MaintenanceSession session, PartitionSpec spec) {
        this.session = session;
        this.spec = spec;
    }

    /**
     * The parent's distribution column when Citus distributes the parent, read from the server each time a
     * partition is created (another node or the operator may have distributed it since).
     */
    Optional<String> parentDistribution() {
        return session.placement(spec.table()).filter(CitusTables.Placement::distributed).map(CitusTables.Placement::column);
    }

    /**
     * Inside the caller's transaction: distributes a new table like the parent, each of its shards next to the
     * parent's shard of the same hash range, before rows are moved into it and it is attached. (Attaching a
     * plain table to a distributed parent would distribute it too, but would copy its rows through the
     * coordinator and leave them behind there, invisible, on disk.)
     *
     * @param dsl the transaction
     * @param table the new table
     * @param distribution the parent's distribution column, from {@link #parentDistribution()}; empty for none
     */
    void distributeLikeParent(DSLContext dsl, String table, Optional<String> distribution) {
        if (distribution.isPresent()) {
            dsl.fetch(CitusTables.distributeLike(PartitionDdl.name(spec, table), distribution.get(), spec.qualifiedName()));
        }
    }

    /** Whether the DEFAULT partition exists. */
    boolean hasDefault() {
        return spec.defaultPartition() && session.tableExists(spec.schema(), spec.defaultPartitionName());
    }

    /**
     * Creates a first-level RANGE partition with its second-level partitions.
     *
     * @param range the partition
     * @param listValues the known values of a second LIST level
     * @return rows moved into it out of the DEFAULT partition
     */
    long createRange(PartitionRange range, List<String> listValues) {
        boolean withDefault = hasDefault();
        Condition inRange = inRange(range);
        Optional<String> distribution = parentDistribution();
        return session.inTransaction("creating partition " + range.name() + " of " + spec.schema() + "." + spec.table(), dsl -> {
            if (withDefault) {
                lockDefault(dsl);
            }
            dsl.execute(PartitionDdl.createLikeParent(spec, range.name()));
            distributeLikeParent(dsl, range.name(), distribution);
            createSecondLevel(dsl, range.name(), withDefault ? missingListValues(dsl, inRange, listValues) : listValues);
            int moved = withDefault ? moveFromDefault(dsl, range.name(), inRange) : 0;
            dsl.execute(PartitionDdl.attach(spec, spec.table(), range.name(), PartitionDdl.rangeBound(spec, range)));
            return (long) moved;
        });
    }

    /**
     * Moves rows of a range that are in the DEFAULT partition although the range's partition is attached
     * (a row routed to DEFAULT by a statement that started before the partition was attached) into the
     * partition, through the parent so that second levels route them.
     *
     * @param range the attached partition's range
     * @return rows moved
     */
    long moveIntoAttached(PartitionRange range) {
        Condition inRange = inRange(range);
        return session.inTransaction("moving rows of " + range.name() + " out of the DEFAULT partition of " + spec.table(),
                dsl -> {
                    lockDefault(dsl);
                    return (long) moveFromDefault(dsl, spec.table(), inRange);
                });
    }

    /**
     * Attaches a detached first-level RANGE partition again, in one transaction with {@code alsoInTransaction}.
     * Rows of its range that reached the DEFAULT partition meanwhile are moved into it first (creating the
     * LIST sub-partitions they need), as PostgreSQL refuses the attach while DEFAULT holds them.
     *
     * @param range the partition's range
     * @param alsoInTransaction more work that must commit or roll back with the attach
     * @return rows moved into it out of the DEFAULT partition
     */
    long reattach(PartitionRange range, MaintenanceSession.Work<Void> alsoInTransaction) {
        return session.inTransaction("attaching partition " + range.name() + " of " + spec.schema() + "." + spec.table()
                + " again", dsl -> {
                    long moved = attachMovingDefaultRows(dsl, range);
                    alsoInTransaction.run(dsl);
                    return moved;
                });
    }

    /**
     * Inside the caller's transaction: moves the rows of a range out of the DEFAULT partition into its
     * detached or new table and attaches the table to the parent.
     *
     * @param dsl the transaction
     * @param range the table's range
     * @return rows moved
     */
    long attachMovingDefaultRows(DSLContext dsl, PartitionRange range) {
        int moved = 0;
        if (hasDefault()) {
            Condition inRange = inRange(range);
            lockDefault(dsl);
            createListPartitionsForDefaultRows(dsl, range.name(), inRange);
            moved = moveFromDefault(dsl, range.name(), inRange);
        }
        dsl.execute(PartitionDdl.attach(spec, spec.table(), range.name(), PartitionDdl.rangeBound(spec, range)));
        return moved;
    }

    /** For RANGE->LIST: the sub-partitions of the LIST values of DEFAULT rows of a range that its table lacks. */
    private void createListPartitionsForDefaultRows(DSLContext dsl, String rangePartition, Condition inRange) {
        boolean subList = spec.second().map(l -> l.strategy() == PartitionLevel.Strategy.LIST).orElse(false);
        if (!subList || spec.subpartitionDefault() && session.tableExists(spec.schema(), spec.subpartitionDefaultName(rangePartition))) {
            return;
        }
        List<String> existing = session.children(rangePartition).stream().map(MaintenanceSession.Child::name).toList();
        for (String value : missingListValues(dsl, inRange, List.of())) {
            String name = spec.listPartitionName(rangePartition, value);
            if (!existing.contains(name)) {
                dsl.execute(PartitionDdl.createPartitionOf(spec, rangePartition, name, PartitionDdl.listBound(value)));
            }
        }
    }

    private Condition inRange(PartitionRange range) {
        String from = spec.rangeKeyType().orElseThrow().literal(range.from(), spec.zone());
        String to = spec.rangeKeyType().orElseThrow().literal(range.to(), spec.zone());
        return DSL.condition("{0} >= {1} and {0} < {2}", DSL.field(DSL.name(spec.first().column())), DSL.inline(from),
                DSL.inline(to));
    }

    /**
     * The name of the LIST partition to create for a value under a parent, or empty when a partition of the
     * parent already holds the value (found by its bound, whatever its name).
     *
     * @param parent the spec's table or a RANGE partition
     * @param value the value as text
     * @return the name to create, or empty
     * @throws PartitionMaintenanceException when the key column cannot hold the value, or a table has the
     *         value's partition name but is not its partition
     */
    Optional<String> listPartitionToCreate(String parent, String value) {
        String column = listColumn();
        String what = "the partition of " + parent + " for value '" + ContentKeyRules.printable(value) + "'";
        if (session.autocommit("looking up " + what, dsl -> ListBounds.partitionHolding(dsl, spec, column, parent, value))
                .isPresent()) {
            return Optional.empty();
        }
        String name = spec.listPartitionName(parent, value);
        Optional<String> taken = session.autocommit("looking up table " + name, dsl -> ListBounds.describe(dsl, spec, name));
        if (taken.isPresent()) {
            throw new PartitionMaintenanceException("table " + spec.schema() + "." + name + " has the name of the partition of "
                    + spec.schema() + "." + parent + " for value '" + ContentKeyRules.printable(value) + "' but is "
                    + taken.get() + "; rename or drop it so that the value's partition can be created", null);
        }
        return Optional.of(name);
    }

    /**
     * Checks that the LIST key column can hold a value, before anything is recorded for it.
     *
     * @throws PartitionMaintenanceException when it cannot
     */
    void checkListValue(String value) {
        session.autocommit("checking list value '" + ContentKeyRules.printable(value) + "' of " + spec.table(), dsl -> {
            ListBounds.check(dsl, spec, listColumn(), value);
            return null;
        });
    }

    private String listColumn() {
        return spec.levels().stream().filter(l -> l.strategy() == PartitionLevel.Strategy.LIST).findFirst().orElseThrow()
                .column();
    }

    /**
     * Creates a first-level LIST partition for a value.
     *
     * @param value the value as text
     * @return rows moved into it out of the DEFAULT partition
     */
    long createList(String value) {
        boolean withDefault = hasDefault();
        String name = spec.listPartitionName(spec.table(), value);
        Condition matches = DSL.condition("{0} = {1}", DSL.field(DSL.name(spec.first().column())), DSL.inline(value));
        Optional<String> distribution = parentDistribution();
        return session.inTransaction("creating partition " + name + " of " + spec.schema() + "." + spec.table(), dsl -> {
            if (withDefault) {
                lockDefault(dsl);
            }
            dsl.execute(PartitionDdl.createLikeParent(spec, name));
            distributeLikeParent(dsl, name, distribution);
            int moved = withDefault ? moveFromDefault(dsl, name, matches) : 0;
            dsl.execute(PartitionDdl.attach(spec, spec.table(), name, PartitionDdl.listBound(value)));
            return (long) moved;
        });
    }

    /**
     * Creates the LIST sub-partition for a value under a RANGE partition.
     *
     * @param rangePartition the RANGE partition's name
     * @param value the value as text
     * @return rows moved into it out of the range's DEFAULT sub-partition
     */
    long createSubList(String rangePartition, String value) {
        String name = spec.listPartitionName(rangePartition, value);
        String subDefault = spec.subpartitionDefaultName(rangePartition);
        if (!spec.subpartitionDefault() || !session.tableExists(spec.schema(), subDefault)) {
            session.inTransaction("creating partition " + name + " of " + rangePartition, dsl ->
                    dsl.execute(PartitionDdl.createPartitionOf(spec, rangePartition, name, PartitionDdl.listBound(value))));
            return 0;
        }
        // rows of the value wait in the range's DEFAULT sub-partition: move them in while attaching, as for the top level
        Condition matches = DSL.condition("{0} = {1}", DSL.field(DSL.name(spec.second().orElseThrow().column())),
                DSL.inline(value));
        return session.inTransaction("creating partition " + name + " of " + rangePartition, dsl -> {
            dsl.execute(DSL.query("lock table {0} in access exclusive mode", PartitionDdl.name(spec, subDefault)));
            dsl.execute(PartitionDdl.createLeafLikeParent(spec, name));
            int moved = dsl.execute(DSL.query("with moved as (delete from {0} where {1} returning *) insert into {2} select * from moved",
                    PartitionDdl.name(spec, subDefault), matches, PartitionDdl.name(spec, name)));
            dsl.execute(PartitionDdl.attach(spec, rangePartition, name, PartitionDdl.listBound(value)));
            return (long) moved;
        });
    }

    /** Creates the first-level HASH partitions that are missing; returns their names, by remainder. */
    List<String> createHash(List<String> existing) {
        int modulus = spec.first().modulus();
        List<String> made = new ArrayList<>();
        for (int r = 0; r < modulus; r++) {
            String name = spec.hashPartitionName(spec.table(), r);
            if (!existing.contains(name)) {
                QueryPart bound = PartitionDdl.hashBound(modulus, r);
                session.inTransaction("creating partition " + name, dsl ->
                        dsl.execute(PartitionDdl.createPartitionOf(spec, spec.table(), name, bound)));
                made.add(name);
            }
        }
        return made;
    }

    /** Creates the DEFAULT partition. */
    void createDefault() {
        session.inTransaction("creating the DEFAULT partition of " + spec.table(), dsl -> dsl.execute(
                PartitionDdl.createPartitionOf(spec, spec.table(), spec.defaultPartitionName(), PartitionDdl.defaultBound())));
    }

    private void lockDefault(DSLContext dsl) {
        dsl.execute(DSL.query("lock table {0} in access exclusive mode",
                PartitionDdl.name(spec, spec.defaultPartitionName())));
    }

    private void createSecondLevel(DSLContext dsl, String parent, List<String> listValues) {
        if (spec.second().isEmpty()) {
            return;
        }
        PartitionLevel second = spec.second().get();
        if (second.strategy() == PartitionLevel.Strategy.HASH) {
            for (int r = 0; r < second.modulus(); r++) {
                dsl.execute(PartitionDdl.createPartitionOf(spec, parent, spec.hashPartitionName(parent, r),
                        PartitionDdl.hashBound(second.modulus(), r)));
            }
        } else {
            for (String value : listValues) {
                dsl.execute(PartitionDdl.createPartitionOf(spec, parent, spec.listPartitionName(parent, value),
                        PartitionDdl.listBound(value)));
            }
            if (spec.subpartitionDefault()) {
                dsl.execute(PartitionDdl.createPartitionOf(spec, parent, spec.subpartitionDefaultName(parent),
                        PartitionDdl.defaultBound()));
            }
        }
    }

    /** For RANGE->LIST: the known values plus those of the DEFAULT rows about to move in. */
    private List<String> missingListValues(DSLContext dsl, Condition inRange, List<String> known) {
        if (spec.second().isEmpty() || spec.second().get().strategy() != PartitionLevel.Strategy.LIST) {
            return known;
        }
        Field<String> value = DSL.field("{0}::text", String.class, DSL.field(DSL.name(spec.second().get().column())));
        List<String> inDefault = dsl.selectDistinct(value).from(PartitionDdl.name(spec, spec.defaultPartitionName()))
                .where(inRange).fetch(value);
        java.util.TreeSet<String> all = new java.util.TreeSet<>(known);
        all.addAll(inDefault);
        return List.copyOf(all);
    }

    private int moveFromDefault(DSLContext dsl, String target, Condition condition) {
        Name source = PartitionDdl.name(spec, spec.defaultPartitionName());
        return dsl.execute(DSL.query("with moved as (delete from {0} where {1} returning *) insert into {2} select * from moved",
                source, condition, PartitionDdl.name(spec, target)));
    }
}
