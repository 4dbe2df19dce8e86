package dev.quadrangle.storage;

import dev.quadrangle.storage.internal.AdvisoryLocks;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Finds what a crash between the two halves of a write or delete can leave behind: orphan objects (no
 * row references them) and dangling references (a row points at a missing object), reports them, and
 * deletes orphans older than the grace period.
 *
 * <p>A run reads every reference first and lists the objects second, so an object written after the
 * references were read is young and left alone, and a reference found dangling is confirmed with a
 * second look before it is reported. Each orphan is deleted under the key's exclusive advisory lock
 * after re-checking that still no row references it, so a writer storing the same content at that
 * moment is never left with a dangling row. Dangling references cannot be repaired safely (the content
 * is gone) and are only reported.
 *
 * <p>Made by {@link ContentOffload} ({@link ContentOffload#reconciler()}), which gives it the data source,
 * the store, the offload policy's key prefix and every {@link ReferenceSource} (the host's and the version
 * history's). Memory grows with the number of objects and references under the prefix (their keys are
 * held for the run). The {@link DataSource} is the host's and never closed. Thread-safe; run one at a time.
 */
public final class ContentReconciler {
    private final DataSource dataSource;
    private final LocatedContentStore store;
    private final String keyPrefix;
    private final List<ReferenceSource> references;
    private final Duration gracePeriod;
    private final boolean repair;
    private final StorageListener listener;
    private final Clock clock;

    ContentReconciler(DataSource dataSource, LocatedContentStore store, String keyPrefix, List<ReferenceSource> references,
            Duration gracePeriod, boolean repair, StorageListener listener, Clock clock) {
        this.dataSource = dataSource;
        this.store = store;
        this.keyPrefix = keyPrefix;
        this.references = List.copyOf(references);
        this.gracePeriod = gracePeriod;
        this.repair = repair;
        this.listener = listener;
        this.clock = clock;
    }

    /** The key prefix reconciled: the {@link OffloadPolicy#keyPrefix()} of the offloader made with it. */
    public String keyPrefix() {
        return keyPrefix;
    }

    /** How old an unreferenced object must be before it counts as an orphan. */
    public Duration gracePeriod() {
        return gracePeriod;
    }

    /** Whether orphans are deleted ({@code true}) or only reported. */
    public boolean repairs() {
        return repair;
    }

    /**
     * Runs one reconciliation.
     *
     * @return what was found and repaired
     * @throws SQLException when the database fails
     * @throws dev.quadrangle.spi.ContentUnavailableException when the store cannot be listed
     */
    public ReconcileReport run() throws SQLException {
        String baseUri = store.baseUri();
        String prefix = keyPrefix + "/";
        Set<String> referencedUris = new HashSet<>();
        List<ReferenceSource.RowReference> ours = new ArrayList<>();
        long[] scanned = {0};
        try (Connection c = dataSource.getConnection()) {
            for (ReferenceSource source : references) {
                source.forEach(c, row -> {
                    scanned[0]++;
                    referencedUris.add(row.ref().uri());
                    if (row.ref().uri().startsWith(baseUri + prefix)) {
                        ours.add(row);
                    }
                });
            }
        }
        Set<String> listedKeys = new HashSet<>();
        List<String> orphanCandidates = new ArrayList<>();
        long[] young = {0};
        long cutoff = clock.millis() - gracePeriod.toMillis();
        store.list(prefix, object -> {
            listedKeys.add(object.key());
            if (!referencedUris.contains(baseUri + object.key())) {
                if (object.lastModifiedEpochMillis() <= cutoff) {
                    orphanCandidates.add(object.key());
                } else {
                    young[0]++;
                }
            }
        });
        List<ReferenceSource.RowReference> dangling = new ArrayList<>();
        for (ReferenceSource.RowReference row : ours) {
            String key = row.ref().uri().substring(baseUri.length());
            if (!listedKeys.contains(key) && store.describe(key).isEmpty()) {
                dangling.add(row);
            }
        }
        long deleted = repair ? deleteOrphans(orphanCandidates) : 0;
        ReconcileReport report = new ReconcileReport(listedKeys.size(), scanned[0],
                orphanCandidates.size(), deleted, young[0], dangling);
        listener.onReconcile(report);
        return report;
    }

    private long deleteOrphans(List<String> keys) throws SQLException {
        long deleted = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (String key : keys) {
                    AdvisoryLocks.lockExclusive(c, key);
                    String uri = store.baseUri() + key;
                    boolean referenced = false;
                    for (ReferenceSource source : references) {
                        referenced |= !source.referenced(c, List.of(uri)).isEmpty();
                    }
                    if (!referenced) {
                        store.delete(key);
                        deleted++;
                    }
                    c.commit();
                }
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
        return deleted;
    }
}
