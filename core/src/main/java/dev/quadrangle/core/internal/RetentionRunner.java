package dev.quadrangle.core.internal;

import dev.quadrangle.core.partition.ArchivedPartition;
import dev.quadrangle.core.partition.PartitionListener;
import dev.quadrangle.core.partition.PartitionMaintenanceException;
import dev.quadrangle.core.partition.PartitionRange;
import dev.quadrangle.core.partition.PartitionSpec;
import dev.quadrangle.core.partition.Retention;
import dev.quadrangle.core.partition.RetentionResult;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Name;
import org.jooq.impl.DSL;

/**
 * One retention run under the table's maintenance lock. Every step is recorded in the catalog before
 * and after it runs, so an interrupted run is resumed by the next one: a pending detach is finalized,
 * a detached partition is archived, an exported one is dropped.
 *
 * <p>A partition is detached before it is archived, so that no writer can add rows to it while its rows
 * are exported or moved. When the step that makes its rows safe fails (the content store refuses the
 * object, verification fails, the move to the archive schema fails), the partition is attached again in
 * the same transaction that restores its catalog record, so a failure never leaves rows out of the
 * parent's sight; rows of its range that reached the DEFAULT partition meanwhile go back with it.
 */
final class RetentionRunner {
    static final String DETACHING = "DETACHING";
    static final String DETACHED = "DETACHED";
    static final String ARCHIVED = "ARCHIVED";
    static final String EXPORTED = "EXPORTED";
    static final String DROPPED = "DROPPED";
    static final String RESTORED = "RESTORED";
    static final String MISSING = "MISSING";

    private final MaintenanceSession session;
    private final PartitionSpec spec;
    private final PartitionCatalog catalog;
    private final ArchiveExporter exporter;
    private final PartitionListener listener;
    private final Retention retention;

    RetentionRunner(MaintenanceSession session, PartitionSpec spec, PartitionCatalog catalog, ArchiveExporter exporter,
            PartitionListener listener) {
        this.session = session;
        this.spec = spec;
        this.catalog = catalog;
        this.exporter = exporter;
        this.listener = listener;
        this.retention = spec.retention().orElseThrow();
    }

    RetentionResult run(LocalDate today) {
        catalog.bootstrap(session);
        List<String> finalized = new ArrayList<>();
        for (MaintenanceSession.Child child : session.children(spec.table())) {
            if (child.detachPending()) {
                session.autocommit("finishing the pending detach of " + child.name(),
                        dsl -> dsl.execute(PartitionDdl.detach(spec, child.name(), "finalize")));
                finalized.add(child.name());
            }
        }
        Map<String, ArchivedPartition> records = session.autocommit("reading the archive catalog",
                dsl -> catalog.all(dsl, spec)).stream().collect(Collectors.toMap(ArchivedPartition::partition, Function.identity()));
        List<ArchivedPartition> done = new ArrayList<>();
        List<String> attached = session.children(spec.table()).stream().map(MaintenanceSession.Child::name).toList();
        for (ArchivedPartition record : records.values()) {
            boolean unfinished = record.state().equals(DETACHING) || record.state().equals(DETACHED)
                    || record.state().equals(EXPORTED);
            if (unfinished && !attached.contains(record.partition())) {
                done.add(resume(record));
            }
        }
        LocalDate cutoff = retention.cutoff(today);
        for (String name : attached) {
            Optional<PartitionRange> range = spec.rangeNamed(name);
            boolean restored = Optional.ofNullable(records.get(name)).map(r -> r.state().equals(RESTORED)).orElse(false);
            if (range.isPresent() && !range.get().to().isAfter(cutoff) && !restored) {
                // a partition re-created for late rows of an archived range: its rows join the existing archive
                Optional<ArchivedPartition> before = Optional.ofNullable(records.get(name));
                Optional<ArchivedPartition> previous = before.filter(RetentionRunner::holdsArchive);
                detach(name, previous, before);
                done.add(archive(name, previous, before));
            }
        }
        return new RetentionResult(spec.table(), false, finalized, done, session.retries());
    }

    /** Whether a record points at an archive that later rows of the same partition must be merged into. */
    private static boolean holdsArchive(ArchivedPartition record) {
        if (record.location().isEmpty() || record.state().equals(RESTORED) || record.state().equals(EXPORTED)) {
            return false;
        }
        return record.action() == Retention.Action.ARCHIVE_SCHEMA || record.sha256().isPresent();
    }

    private ArchivedPartition resume(ArchivedPartition record) {
        String name = record.partition();
        if (session.tableExists(spec.schema(), name)) {
            if (record.state().equals(EXPORTED) && record.action() == Retention.Action.EXPORT) {
                // exported and verified, but not dropped yet: dropping is all that is left
                ArchivedPartition dropped = dropExported(name, PartitionDdl.name(spec, name), record);
                record(dropped);
                return dropped;
            }
            Optional<ArchivedPartition> previous = Optional.of(record).filter(RetentionRunner::holdsArchive);
            return archive(name, previous, previous.map(RetentionRunner::archivedBefore));
        }
        ArchivedPartition finished;
        if (record.state().equals(EXPORTED)) {
            finished = new ArchivedPartition(name, record.action(), DROPPED, record.location(), record.rows(), record.bytes(),
                    record.sha256());
        } else {
            // dropped outside Quadrangle before it was archived: say so instead of pretending it was archived (an
            // earlier archive of the same range, if the record carries one, still stands). A table of that name in the
            // archive schema proves nothing: a move records ARCHIVED in its own transaction, and the table may be the
            // archived partition of a table of another schema
            finished = new ArchivedPartition(name, record.action(), MISSING, record.location(), record.rows(), record.bytes(),
                    record.sha256());
        }
        record(finished);
        return finished;
    }

    /** The record of the earlier archive that a DETACHING or DETACHED record carries, as it stood before this detach. */
    private static ArchivedPartition archivedBefore(ArchivedPartition carried) {
        boolean exported = carried.sha256().isPresent();
        return new ArchivedPartition(carried.partition(), exported ? Retention.Action.EXPORT : Retention.Action.ARCHIVE_SCHEMA,
                exported ? DROPPED : ARCHIVED, carried.location(), carried.rows(), carried.bytes(), carried.sha256());
    }

    private void detach(String name, Optional<ArchivedPartition> previous, Optional<ArchivedPartition> before) {
        // the records keep pointing at an earlier archive of the partition until the merged one replaces it
        record(carrying(name, DETACHING, previous));
        // PostgreSQL refuses a concurrent detach while the table has a DEFAULT partition, and Citus refuses it on a
        // distributed table ("DETACH PARTITION ... CONCURRENTLY commands are currently unsupported"): both are read
        // from the server, so a table distributed by hand is detached the way Citus accepts too
        boolean concurrently = !(spec.defaultPartition() && session.tableExists(spec.schema(), spec.defaultPartitionName()))
                && !session.distributed(spec.table());
        try {
            session.autocommit("detaching partition " + name + " of " + spec.schema() + "." + spec.table(), dsl -> {
                // a retry after a lock timeout may find the first phase done: then the detach is finalized
                boolean pending = session.children(spec.table()).stream()
                        .anyMatch(c -> c.name().equals(name) && c.detachPending());
                return dsl.execute(PartitionDdl.detach(spec, name, pending ? "finalize" : concurrently ? "concurrently" : ""));
            });
        } catch (RuntimeException failure) {
            // a detach left pending stays DETACHING for the next run to finalize; one that did not start changed nothing
            boolean attached = session.children(spec.table()).stream().anyMatch(c -> c.name().equals(name) && !c.detachPending());
            if (attached) {
                try {
                    session.autocommit("restoring the catalog record of " + name, dsl -> {
                        restoreRecord(dsl, name, before);
                        return null;
                    });
                } catch (RuntimeException recordFailure) {
                    // the stale DETACHING record of an attached partition is ignored by the next run
                    failure.addSuppressed(recordFailure);
                }
            }
            throw failure;
        }
        record(carrying(name, DETACHED, previous));
    }

    private void restoreRecord(DSLContext dsl, String name, Optional<ArchivedPartition> before) {
        if (before.isPresent()) {
            catalog.put(dsl, spec, before.get());
        } else {
            catalog.delete(dsl, spec, name);
        }
    }

    private ArchivedPartition carrying(String name, String state, Optional<ArchivedPartition> previous) {
        return previous.map(p -> new ArchivedPartition(name, retention.action(), state, p.location(), p.rows(), p.bytes(),
                p.sha256())).orElseGet(() -> new ArchivedPartition(name, retention.action(), state, Optional.empty(), -1, -1,
                Optional.empty()));
    }

    /**
     * Archives a detached partition. Until its rows are safe (dropped on purpose, in the archive schema, or
     * exported and verified) a failing step attaches the partition again, so that no failure leaves rows
     * out of the parent's sight; the catalog record then returns to {@code before}.
     */
    private ArchivedPartition archive(String name, Optional<ArchivedPartition> previous, Optional<ArchivedPartition> before) {
        Name table = PartitionDdl.name(spec, name);
        ArchivedPartition result;
        switch (retention.action()) {
            case DROP:
                result = attachedAgainOnFailure(name, before, () -> {
                    session.inTransaction("dropping partition " + name, dsl -> dsl.execute(PartitionDdl.drop(table)));
                    return new ArchivedPartition(name, Retention.Action.DROP, DROPPED, Optional.empty(), -1, -1, Optional.empty());
                });
                break;
            case ARCHIVE_SCHEMA:
                result = attachedAgainOnFailure(name, before, () -> moveToArchiveSchema(name, previous));
                break;
            default:
                result = export(name, table, previous, before);
                break;
        }
        record(result);
        listener.onArchived(spec, name, retention.action(), Math.max(0, result.bytes()));
        return result;
    }

    /**
     * Runs the step that makes a detached partition's rows safe; when it fails, attaches the partition again
     * (with any rows of its range that reached the DEFAULT partition meanwhile) and restores the catalog
     * record, in one transaction, then reports the failure.
     */
    private <T> T attachedAgainOnFailure(String name, Optional<ArchivedPartition> before, Supplier<T> step) {
        try {
            return step.get();
        } catch (RuntimeException failure) {
            Optional<PartitionRange> range = spec.rangeNamed(name);
            if (range.isEmpty()) {
                throw failure;
            }
            try {
                new PartitionCreator(session, spec).reattach(range.get(), dsl -> {
                    restoreRecord(dsl, name, before);
                    return null;
                });
            } catch (RuntimeException reattachFailure) {
                failure.addSuppressed(reattachFailure);
                throw new PartitionMaintenanceException(failure.getMessage() + "; attaching the partition again failed too ("
                        + reattachFailure.getMessage() + "), so it stays detached until the next retention run resumes it",
                        failure);
            }
            throw new PartitionMaintenanceException(failure.getMessage() + "; the partition was attached again and keeps its rows",
                    failure);
        }
    }

    private ArchivedPartition moveToArchiveSchema(String name, Optional<ArchivedPartition> previous) {
        String schema = retention.target().orElseThrow();
        boolean archivedThere = previous.filter(p -> p.action() == Retention.Action.ARCHIVE_SCHEMA)
                .flatMap(ArchivedPartition::location).filter(schema::equals).isPresent();
        if (session.tableExists(schema, name) && !archivedThere) {
            // another table's partition of the same name (a table of another schema archiving here), or a stranger
            throw new PartitionMaintenanceException("moving partition " + name + " of " + spec.schema() + "." + spec.table()
                    + " to schema " + schema + " failed: table " + schema + "." + name + " exists and is not an archive of"
                    + " this partition (the catalog records none there)", null);
        }
        // the record commits with the move, so that a table of this name in the archive schema is ours only when recorded
        ArchivedPartition archived = new ArchivedPartition(name, Retention.Action.ARCHIVE_SCHEMA, ARCHIVED, Optional.of(schema),
                -1, -1, Optional.empty());
        if (archivedThere && session.tableExists(schema, name)) {
            // late rows of a range already in the archive schema join the archived table
            session.inTransaction("merging late rows of partition " + name + " into schema " + schema, dsl -> {
                dsl.execute(DSL.query("insert into {0} select * from {1}", DSL.name(schema, name), PartitionDdl.name(spec, name)));
                dsl.execute(PartitionDdl.drop(PartitionDdl.name(spec, name)));
                catalog.put(dsl, spec, archived);
                return null;
            });
            return archived;
        }
        List<String> subPartitions = session.children(name).stream().map(MaintenanceSession.Child::name).toList();
        session.inTransaction("moving partition " + name + " to schema " + schema, dsl -> {
            dsl.execute(PartitionDdl.createSchema(schema));
            dsl.execute(PartitionDdl.setSchema(PartitionDdl.name(spec, name), schema));
            for (String sub : subPartitions) {
                dsl.execute(PartitionDdl.setSchema(PartitionDdl.name(spec, sub), schema));
            }
            catalog.put(dsl, spec, archived);
            return null;
        });
        return archived;
    }

    private ArchivedPartition export(String name, Name table, Optional<ArchivedPartition> previous,
            Optional<ArchivedPartition> before) {
        Optional<ArchivedPartition> earlierExport = previous.filter(p -> p.action() == Retention.Action.EXPORT);
        ArchiveExporter.Exported exported = attachedAgainOnFailure(name, before, () -> exporter.export(session.connection(),
                spec, retention.target().orElseThrow(), name, earlierExport));
        ArchivedPartition verified = new ArchivedPartition(name, Retention.Action.EXPORT, EXPORTED, Optional.of(exported.key()),
                exported.rows(), exported.bytes(), Optional.of(exported.sha256()));
        record(verified);
        ArchivedPartition dropped = dropExported(name, table, verified);
        // the merged generation is recorded and holds every row of the one it replaces
        earlierExport.flatMap(ArchivedPartition::location).filter(k -> !k.equals(exported.key()))
                .ifPresent(exporter::deleteSuperseded);
        return dropped;
    }

    private ArchivedPartition dropExported(String name, Name table, ArchivedPartition verified) {
        session.inTransaction("dropping exported partition " + name, dsl -> dsl.execute(PartitionDdl.drop(table)));
        return new ArchivedPartition(name, Retention.Action.EXPORT, DROPPED, verified.location(), verified.rows(),
                verified.bytes(), verified.sha256());
    }

    private void record(ArchivedPartition state) {
        session.autocommit("recording " + state.state() + " of " + state.partition(), dsl -> {
            catalog.put(dsl, spec, state);
            return null;
        });
    }
}
