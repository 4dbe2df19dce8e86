package dev.quadrangle.core.internal;

import dev.quadrangle.core.partition.ArchivedPartition;
import dev.quadrangle.core.partition.EnsureResult;
import dev.quadrangle.core.partition.PartitionLevel;
import dev.quadrangle.core.partition.PartitionListener;
import dev.quadrangle.core.partition.PartitionManager;
import dev.quadrangle.core.partition.PartitionMaintenanceException;
import dev.quadrangle.core.partition.PartitionRange;
import dev.quadrangle.core.partition.PartitionSpec;
import dev.quadrangle.core.partition.Retention;
import dev.quadrangle.core.partition.RetentionResult;
import dev.quadrangle.spi.ContentStore;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;

/** The {@link PartitionManager} behind {@link PartitionManager#builder}. Thread-safe: it keeps no state between runs. */
public final class DefaultPartitionManager implements PartitionManager {
    private final DataSource dataSource;
    private final ContentStore store;
    private final PartitionListener listener;
    private final ManagerSettings settings;
    private final PartitionCatalog catalog;

    /**
     * Creates the manager.
     *
     * @param dataSource the host's data source
     * @param store the content store for exports, may be {@code null}
     * @param listener the listener
     * @param settings the validated settings
     */
    public DefaultPartitionManager(DataSource dataSource, ContentStore store, PartitionListener listener,
            ManagerSettings settings) {
        this.dataSource = dataSource;
        this.store = store;
        this.listener = listener;
        this.settings = settings;
        this.catalog = new PartitionCatalog(settings.catalogSchema());
    }

    private LocalDate today(PartitionSpec spec) {
        return LocalDate.now(settings.clock().withZone(spec.zone()));
    }

    /**
     * The spec as it is laid out in the session's database: its {@link PartitionSpec#citusLayout() Citus layout}
     * where the database has the citus extension and the spec a distribution, else the spec as declared.
     */
    static PartitionSpec layout(MaintenanceSession session, PartitionSpec spec) {
        return spec.citusDistribution().isPresent() && session.citusVersion().isPresent() ? spec.citusLayout() : spec;
    }

    @Override
    public EnsureResult ensure(PartitionSpec declared) {
        Objects.requireNonNull(declared, "spec");
        return locked(declared, "ensure", EnsureResult.skipped(declared.table()), session -> {
            PartitionSpec spec = layout(session, declared);
            Ensurer ensurer = new Ensurer(session, spec, catalog);
            LocalDate today = today(spec);
            EnsureResult result = ensurer.run(today);
            if (spec.subpartitionDefault()) {
                result = createWaitingListValues(session, spec, ensurer, result);
            }
            listener.onEnsured(declared, ensurer.partitionsAhead(today), result.rowsInDefault(), settings.clock().instant());
            return result;
        });
    }

    @Override
    public List<String> ensureListValue(PartitionSpec spec, Object value) {
        Objects.requireNonNull(value, "value");
        boolean firstList = spec.first().strategy() == PartitionLevel.Strategy.LIST;
        boolean secondList = spec.second().map(l -> l.strategy() == PartitionLevel.Strategy.LIST).orElse(false);
        if (!firstList && !secondList) {
            throw new IllegalArgumentException("table " + spec.table() + " has no LIST level: " + spec);
        }
        String text = String.valueOf(value);
        try (MaintenanceSession session = MaintenanceSession.open(dataSource, spec, settings, listener)) {
            // list values are created on demand by writers: wait for the lock rather than skip
            awaitLock(session, spec);
            return createListValue(session, layout(session, spec), text, firstList);
        }
    }

    /** Creates the LIST values whose rows wait in DEFAULT sub-partitions, moving those rows in. */
    private EnsureResult createWaitingListValues(MaintenanceSession session, PartitionSpec spec, Ensurer ensurer,
            EnsureResult result) {
        List<String> values = new SubpartitionDefaults(session, spec).values();
        if (values.isEmpty()) {
            return result;
        }
        List<String> created = new ArrayList<>(result.created());
        long[] moved = {result.rowsMovedFromDefault()};
        for (String value : values) {
            created.addAll(createListValue(session, spec, value, false, moved));
        }
        return new EnsureResult(result.table(), false, created, moved[0], ensurer.countDefault(), session.retries());
    }

    private List<String> createListValue(MaintenanceSession session, PartitionSpec spec, String text, boolean firstList) {
        return createListValue(session, spec, text, firstList, new long[1]);
    }

    private List<String> createListValue(MaintenanceSession session, PartitionSpec spec, String text, boolean firstList,
            long[] moved) {
        PartitionCreator creator = new PartitionCreator(session, spec);
        if (firstList) {
            Optional<String> name = creator.listPartitionToCreate(spec.table(), text);
            name.ifPresent(n -> moved[0] += creator.createList(text));
            return name.stream().toList();
        }
        // every live RANGE partition is checked before anything is created or recorded: a value the key column
        // cannot hold, or a name taken by another table, changes nothing
        creator.checkListValue(text);
        Optional<LocalDate> cutoff = spec.retention().map(r -> r.cutoff(today(spec)));
        Map<String, String> missing = new LinkedHashMap<>();
        for (MaintenanceSession.Child child : session.children(spec.table())) {
            Optional<PartitionRange> range = spec.rangeNamed(child.name());
            boolean live = range.isPresent() && cutoff.map(c -> range.get().to().isAfter(c)).orElse(true);
            if (live) {
                creator.listPartitionToCreate(child.name(), text).ifPresent(name -> missing.put(child.name(), name));
            }
        }
        catalog.bootstrap(session);
        session.autocommit("recording list value " + text, dsl -> {
            catalog.addListValue(dsl, spec, text);
            return null;
        });
        List<String> created = new ArrayList<>();
        for (Map.Entry<String, String> m : missing.entrySet()) {
            moved[0] += creator.createSubList(m.getKey(), text);
            created.add(m.getValue());
        }
        return created;
    }

    private void awaitLock(MaintenanceSession session, PartitionSpec spec) {
        if (!session.locked()) {
            session.autocommit("waiting for the maintenance lock of " + spec.table(), dsl -> dsl.fetch(
                    "select pg_advisory_lock(?)", MaintenanceSession.lockKey(spec)));
            session.markLocked();
        }
    }

    @Override
    public RetentionResult applyRetention(PartitionSpec spec) {
        Retention retention = spec.retention().orElseThrow(() -> new IllegalArgumentException(
                "table " + spec.table() + " has no retention: " + spec));
        if (retention.action() == Retention.Action.EXPORT && store == null) {
            throw new IllegalStateException("table " + spec.table() + " exports expired partitions but the manager has no"
                    + " ContentStore: set PartitionManager.Builder.contentStore(...)");
        }
        return locked(spec, "retention", RetentionResult.skipped(spec.table()), session -> {
            RetentionResult result = new RetentionRunner(session, layout(session, spec), catalog, new ArchiveExporter(store),
                    listener).run(today(spec));
            listener.onRetentionApplied(spec, settings.clock().instant());
            return result;
        });
    }

    @Override
    public long restore(PartitionSpec spec, String partition) {
        try (MaintenanceSession session = MaintenanceSession.open(dataSource, spec, settings, listener)) {
            if (!session.locked()) {
                throw new IllegalStateException("another node is maintaining " + spec.table() + "; restore " + partition
                        + " again when it has finished");
            }
            catalog.bootstrap(session);
            return new PartitionRestorer(session, layout(session, spec), catalog, store == null ? null
                    : new ArchiveExporter(store)).restore(partition);
        }
    }

    @Override
    public List<ArchivedPartition> archives(PartitionSpec spec) {
        try (MaintenanceSession session = MaintenanceSession.open(dataSource, spec, settings, listener)) {
            catalog.bootstrap(session);
            return session.autocommit("reading the archive catalog", dsl -> catalog.all(dsl, spec));
        }
    }

    @Override
    public List<String> partitions(PartitionSpec spec) {
        try (MaintenanceSession session = MaintenanceSession.open(dataSource, spec, settings, listener)) {
            return session.children(spec.table()).stream().map(MaintenanceSession.Child::name).sorted().toList();
        }
    }

    @Override
    public long rowsInDefault(PartitionSpec spec) {
        if (!spec.defaultPartition() && !spec.subpartitionDefault()) {
            return 0;
        }
        try (MaintenanceSession session = MaintenanceSession.open(dataSource, spec, settings, listener)) {
            return new Ensurer(session, layout(session, spec), catalog).countDefault();
        }
    }

    @Override
    public boolean ensureReferenceTable(String schema, String table) {
        return new ReferenceTables(dataSource).ensure(Identifiers.check("schema", schema), Identifiers.check("table", table));
    }

    private <T> T locked(PartitionSpec spec, String operation, T skipped, Function<MaintenanceSession, T> work) {
        try (MaintenanceSession session = MaintenanceSession.open(dataSource, spec, settings, listener)) {
            if (!session.locked()) {
                listener.onSkipped(spec, operation);
                return skipped;
            }
            return work.apply(session);
        } catch (PartitionMaintenanceException e) {
            listener.onFailure(spec, e);
            throw e;
        }
    }
}
