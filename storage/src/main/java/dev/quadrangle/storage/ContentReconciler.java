package dev.quadrangle.storage;

import dev.quadrangle.storage.internal.AdvisoryLocks;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
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
 * <p>Memory grows with the number of objects and references under the prefix (their keys are held for
 * the run). The {@link DataSource} is the host's and never closed. Thread-safe; run one at a time.
 */
public final class ContentReconciler {
    /** Default grace period before an unreferenced object counts as an orphan: 24 hours. */
    public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofHours(24);

    private final DataSource dataSource;
    private final LocatedContentStore store;
    private final String keyPrefix;
    private final List<ReferenceSource> references;
    private final Duration gracePeriod;
    private final boolean repair;
    private final StorageListener listener;
    private final Clock clock;

    private ContentReconciler(Builder b) {
        this.dataSource = b.dataSource;
        this.store = b.store;
        this.keyPrefix = b.keyPrefix;
        this.references = List.copyOf(b.references);
        this.gracePeriod = b.gracePeriod;
        this.repair = b.repair;
        this.listener = b.listener;
        this.clock = b.clock;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
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

    /** Builds a {@link ContentReconciler}; not thread-safe. */
    public static final class Builder {
        private DataSource dataSource;
        private LocatedContentStore store;
        private String keyPrefix = OffloadPolicy.DEFAULT_KEY_PREFIX;
        private List<ReferenceSource> references = List.of();
        private Duration gracePeriod = DEFAULT_GRACE_PERIOD;
        private boolean repair = true;
        private StorageListener listener = StorageListener.NOOP;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * Sets the host's data source (PostgreSQL, never closed here). Required.
         *
         * @param dataSource the data source
         * @return this builder
         */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            return this;
        }

        /**
         * Sets the store. Required.
         *
         * @param store the store
         * @return this builder
         */
        public Builder store(LocatedContentStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Sets the key prefix to reconcile (the {@link OffloadPolicy#keyPrefix()}).
         *
         * @param keyPrefix a key segment
         * @return this builder
         */
        public Builder keyPrefix(String keyPrefix) {
            this.keyPrefix = ContentKeys.validateSegment("keyPrefix", keyPrefix);
            return this;
        }

        /**
         * Sets every place rows keep references. Required, at least one.
         *
         * @param references the sources
         * @return this builder
         */
        public Builder references(ReferenceSource... references) {
            this.references = List.of(references);
            return this;
        }

        /**
         * Sets how old an unreferenced object must be before it counts as an orphan; longer than any
         * transaction that writes content.
         *
         * @param grace between 0 and 365 days
         * @return this builder
         */
        public Builder gracePeriod(Duration grace) {
            if (grace == null || grace.isNegative() || grace.compareTo(Duration.ofDays(365)) > 0) {
                throw new IllegalArgumentException("gracePeriod must be between PT0S and P365D, was " + grace);
            }
            this.gracePeriod = grace;
            return this;
        }

        /**
         * Sets whether orphans are deleted (default {@code true}) or only reported.
         *
         * @param repair whether to delete orphans
         * @return this builder
         */
        public Builder repair(boolean repair) {
            this.repair = repair;
            return this;
        }

        /**
         * Sets the listener.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(StorageListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Sets the clock the grace period is measured with.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the reconciler.
         *
         * @return the reconciler
         * @throws IllegalStateException when the data source, store or references are missing
         */
        public ContentReconciler build() {
            if (dataSource == null || store == null) {
                throw new IllegalStateException("dataSource and store are required");
            }
            if (references.isEmpty()) {
                throw new IllegalStateException("at least one reference source is required, or every object would look unreferenced");
            }
            return new ContentReconciler(this);
        }
    }
}
