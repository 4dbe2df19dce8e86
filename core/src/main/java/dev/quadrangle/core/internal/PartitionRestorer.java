package dev.quadrangle.core.internal;

import dev.quadrangle.core.partition.ArchivedPartition;
import dev.quadrangle.core.partition.PartitionLevel;
import dev.quadrangle.core.partition.PartitionMaintenanceException;
import dev.quadrangle.core.partition.PartitionRange;
import dev.quadrangle.core.partition.PartitionSpec;
import dev.quadrangle.core.partition.Retention;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** Brings an archived partition back and attaches it again, in one transaction with its catalog record. */
final class PartitionRestorer {
    private final MaintenanceSession session;
    private final PartitionSpec spec;
    private final PartitionCatalog catalog;
    private final ArchiveExporter exporter;

    PartitionRestorer(MaintenanceSession session, PartitionSpec spec, PartitionCatalog catalog, ArchiveExporter exporter) {
        this.session = session;
        this.spec = spec;
        this.catalog = catalog;
        this.exporter = exporter;
    }

    long restore(String partition) {
        ArchivedPartition record = session.autocommit("reading the archive catalog", dsl -> catalog.find(dsl, spec, partition))
                .orElseThrow(() -> new IllegalArgumentException("the catalog has no archive of partition '" + partition
                        + "' of table " + spec.table()));
        PartitionRange range = spec.rangeNamed(partition).orElseThrow(() -> new IllegalArgumentException(
                "'" + partition + "' is not a partition name of " + spec));
        if (record.state().equals(RetentionRunner.RESTORED)) {
            throw new IllegalArgumentException("partition '" + partition + "' of table " + spec.table() + " is already restored");
        }
        ArchivedPartition restored = new ArchivedPartition(partition, record.action(), RetentionRunner.RESTORED,
                record.location(), record.rows(), record.bytes(), record.sha256());
        if (session.tableExists(spec.schema(), partition)) {
            return session.inTransaction("re-attaching " + partition, dsl -> attach(dsl, range, restored));
        } else if (record.action() == Retention.Action.ARCHIVE_SCHEMA && record.state().equals(RetentionRunner.ARCHIVED)) {
            return fromArchiveSchema(record, range, restored);
        } else if (record.action() == Retention.Action.EXPORT && record.location().isPresent() && record.sha256().isPresent()) {
            return fromExport(record, range, restored);
        }
        throw new IllegalArgumentException("partition '" + partition + "' of table " + spec.table()
                + " was dropped without an archive (state " + record.state() + ")");
    }

    private long fromArchiveSchema(ArchivedPartition record, PartitionRange range, ArchivedPartition restored) {
        String archive = record.location().orElseThrow();
        List<String> subPartitions = session.children(archive, range.name()).stream()
                .map(MaintenanceSession.Child::name).toList();
        return session.inTransaction("restoring " + range.name() + " from schema " + archive, dsl -> {
            dsl.execute(PartitionDdl.setSchema(DSL.name(archive, range.name()), spec.schema()));
            for (String sub : subPartitions) {
                dsl.execute(PartitionDdl.setSchema(DSL.name(archive, sub), spec.schema()));
            }
            return attach(dsl, range, restored);
        });
    }

    private long fromExport(ArchivedPartition record, PartitionRange range, ArchivedPartition restored) {
        if (exporter == null) {
            throw new IllegalStateException("partition '" + range.name() + "' was exported to a content store but the manager"
                    + " has none: set PartitionManager.Builder.contentStore(...)");
        }
        List<String> listValues = spec.second().map(l -> l.strategy() == PartitionLevel.Strategy.LIST).orElse(false)
                ? session.autocommit("reading list values", dsl -> catalog.listValues(dsl, spec)) : List.of();
        PartitionCreator creator = new PartitionCreator(session, spec);
        Optional<String> distribution = creator.parentDistribution();
        return session.inTransaction("restoring " + range.name() + " from " + record.location().get(), dsl -> {
            dsl.execute(PartitionDdl.createLikeParent(spec, range.name()));
            // on Citus the rows go straight into the new table's shards, never into the coordinator's own table
            creator.distributeLikeParent(dsl, range.name(), distribution);
            createSecondLevel(dsl, range.name(), listValues);
            long copied = exporter.restoreInto(session.connection(), PartitionDdl.name(spec, range.name()),
                    record.location().get(), record.sha256().get());
            if (record.rows() >= 0 && copied != record.rows()) {
                throw new PartitionMaintenanceException("archive " + record.location().get() + " held " + copied
                        + " rows but " + record.rows() + " were exported; not restoring it", null);
            }
            return attach(dsl, range, restored);
        });
    }

    private void createSecondLevel(DSLContext dsl, String parent, List<String> listValues) {
        Optional<PartitionLevel> second = spec.second();
        if (second.isEmpty()) {
            return;
        }
        if (second.get().strategy() == PartitionLevel.Strategy.HASH) {
            int modulus = second.get().modulus();
            for (int r = 0; r < modulus; r++) {
                dsl.execute(PartitionDdl.createPartitionOf(spec, parent, spec.hashPartitionName(parent, r),
                        PartitionDdl.hashBound(modulus, r)));
            }
        } else {
            for (String value : listValues) {
                dsl.execute(PartitionDdl.createPartitionOf(spec, parent, spec.listPartitionName(parent, value),
                        PartitionDdl.listBound(value)));
            }
        }
    }

    /**
     * Attaches the partition (with any rows of its range waiting in the DEFAULT partition) and records the
     * restore in the same transaction, so the catalog never says ARCHIVED or DROPPED for an attached
     * partition (the next retention run would archive its rows a second time).
     */
    private long attach(DSLContext dsl, PartitionRange range, ArchivedPartition restored) {
        new PartitionCreator(session, spec).attachMovingDefaultRows(dsl, range);
        catalog.put(dsl, spec, restored);
        return dsl.fetchCount(DSL.table(PartitionDdl.name(spec, range.name())));
    }
}
