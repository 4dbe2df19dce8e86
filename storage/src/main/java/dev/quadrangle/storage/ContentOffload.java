package dev.quadrangle.storage;

import dev.quadrangle.spi.ReadThroughCache;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The storage module's front door: one configuration (the host's data source, the store, the offload
 * policy with its key prefix, and where rows keep references) from which the four parts of content
 * offload are made, so that no setting is repeated or kept equal by hand:
 *
 * <ul>
 *   <li>{@link #offloader()}: writes content inline or to the store, reads it back verified, queues
 *       deletes;</li>
 *   <li>{@link #outbox()}: deletes queued objects after the deleting transaction commits;</li>
 *   <li>{@link #reconciler()}: reports orphans and dangling references under the policy's key prefix
 *       and deletes orphans past a grace period;</li>
 *   <li>{@link #versions()}: document history as JSON Patches, its bodies stored through the offloader.</li>
 * </ul>
 *
 * <p>The outbox processor and the reconciler consult the {@link Builder#references(ReferenceSource...)
 * host's reference sources} and the version history's own ({@link ContentSchema#VERSION_TABLE}); the
 * reconciler works under the policy's {@link OffloadPolicy#keyPrefix() key prefix}.
 *
 * <!-- snippet: consumers/plain/src/test/java/dev/quadrangle/examples/StorageExampleIT.java#content-offload -->
 * <pre>{@code
 * offload = ContentOffload.builder()
 *         .dataSource(db.primary())    // the host's PostgreSQL, never closed here
 *         .store(store)                // S3ContentStore.builder().client(s3Client).bucket(bucket)...build()
 *         .policy(OffloadPolicy.builder().inlineThreshold(THRESHOLD).keyPrefix(prefix).build())
 *         .references(JdbcReferenceColumn.of("activity", "id", "content_ref")) // every column holding references
 *         .cache(cache)                // any ReadThroughCache<String, byte[]>, optional
 *         .listener(metrics)           // StorageMetrics, optional
 *         .build();
 * offloader = offload.offloader();
 * }</pre>
 *
 * <p>Without a {@link Builder#dataSource(DataSource) data source} only the offloader and the versions
 * are available (for stores that are never cleaned up, and for tests). {@link #close()} stops the
 * outbox processor's thread if it was {@linkplain OutboxProcessor#start(Duration) started}; the data
 * source, the store and the cache are the host's and are never closed. Immutable and thread-safe.
 */
public final class ContentOffload implements AutoCloseable {
    /** Default outbox entries handled per {@link OutboxProcessor#processPending()} call: 500. */
    public static final int DEFAULT_OUTBOX_BATCH_SIZE = 500;
    /** Default grace period before an unreferenced object counts as an orphan: 24 hours. */
    public static final Duration DEFAULT_RECONCILER_GRACE_PERIOD = Duration.ofHours(24);
    /** Default version snapshot interval: a full snapshot every 20 versions. */
    public static final int DEFAULT_VERSIONS_SNAPSHOT_EVERY = 20;

    private final Builder config;
    private final List<ReferenceSource> references;
    private final ContentOffloader offloader;
    private final ContentVersions versions;
    private final OutboxProcessor outbox;
    private final ContentReconciler reconciler;

    private ContentOffload(Builder b) {
        this.config = b.copy();
        StorageListener listener = b.listener;
        this.offloader = new ContentOffloader(b.store, b.policy, b.cache, listener, b.clock);
        this.versions = new ContentVersions(offloader, b.snapshotEvery == null ? DEFAULT_VERSIONS_SNAPSHOT_EVERY : b.snapshotEvery);
        if (b.dataSource == null) {
            this.references = List.of();
            this.outbox = null;
            this.reconciler = null;
        } else {
            List<ReferenceSource> all = new ArrayList<>(b.references);
            all.add(ContentVersions.referenceSource());
            this.references = List.copyOf(all);
            this.outbox = new OutboxProcessor(b.dataSource, b.store, references, listener,
                    b.batchSize == null ? DEFAULT_OUTBOX_BATCH_SIZE : b.batchSize);
            this.reconciler = new ContentReconciler(b.dataSource, b.store, b.policy.keyPrefix(), references,
                    b.gracePeriod == null ? DEFAULT_RECONCILER_GRACE_PERIOD : b.gracePeriod,
                    b.repair == null || b.repair, listener, b.clock);
        }
    }

    /**
     * Starts a configuration.
     *
     * @return a builder with the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this configuration, to derive another one (another clock, no cache, ...).
     *
     * @return a new builder; changing it does not change this object
     */
    public Builder toBuilder() {
        return config.copy();
    }

    /**
     * The offloader: offload, read, resolve, schedule deletes.
     *
     * @return the offloader, never {@code null}
     */
    public ContentOffloader offloader() {
        return offloader;
    }

    /**
     * The version history, whose bodies go through {@link #offloader()}.
     *
     * @return the versions, never {@code null}
     */
    public ContentVersions versions() {
        return versions;
    }

    /**
     * The outbox processor, owned by this object: {@link #close()} stops its thread.
     *
     * @return the outbox processor
     * @throws IllegalStateException when no data source was configured
     */
    public OutboxProcessor outbox() {
        if (outbox == null) {
            throw withoutDataSource("outbox()");
        }
        return outbox;
    }

    /**
     * The reconciler, working under the policy's key prefix.
     *
     * @return the reconciler
     * @throws IllegalStateException when no data source was configured
     */
    public ContentReconciler reconciler() {
        if (reconciler == null) {
            throw withoutDataSource("reconciler()");
        }
        return reconciler;
    }

    /**
     * Every place the outbox processor and the reconciler look for references: the host's sources, in
     * the order given, then the version history's.
     *
     * @return the sources; empty when no data source was configured
     */
    public List<ReferenceSource> references() {
        return references;
    }

    private static IllegalStateException withoutDataSource(String accessor) {
        return new IllegalStateException(accessor + " needs the host's data source: set dataSource(...) and "
                + "references(...) on ContentOffload.builder()");
    }

    /** Stops the outbox processor's thread, if it was started; idempotent. Closes nothing the host passed in. */
    @Override
    public void close() {
        if (outbox != null) {
            outbox.close();
        }
    }

    @Override
    public String toString() {
        return "ContentOffload[store=" + config.store.baseUri() + ", policy=" + config.policy
                + ", references=" + references + "]";
    }

    /**
     * Builds a {@link ContentOffload}. Not thread-safe; {@link #build()} may be called more than once,
     * each call making independent parts.
     */
    public static final class Builder {
        private DataSource dataSource;
        private LocatedContentStore store;
        private OffloadPolicy policy = OffloadPolicy.defaults();
        private List<ReferenceSource> references = List.of();
        private ReadThroughCache<String, byte[]> cache;
        private StorageListener listener = StorageListener.NOOP;
        private Clock clock = Clock.systemUTC();
        // null: not set (the default applies); set values need a data source
        private Integer batchSize;
        private Duration gracePeriod;
        private Boolean repair;
        private Integer snapshotEvery;

        private Builder() {
        }

        private Builder copy() {
            Builder b = new Builder();
            b.dataSource = dataSource;
            b.store = store;
            b.policy = policy;
            b.references = references;
            b.cache = cache;
            b.listener = listener;
            b.clock = clock;
            b.batchSize = batchSize;
            b.gracePeriod = gracePeriod;
            b.repair = repair;
            b.snapshotEvery = snapshotEvery;
            return b;
        }

        /**
         * Sets the host's PostgreSQL data source, which the outbox processor and the reconciler use (the
         * offloader and the versions run on the caller's connections). Never closed here. Required for
         * {@link ContentOffload#outbox()} and {@link ContentOffload#reconciler()}, together with
         * {@link #references(ReferenceSource...)}.
         *
         * @param dataSource the data source
         * @return this builder
         * @throws NullPointerException when {@code dataSource} is {@code null}
         */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            return this;
        }

        /**
         * Sets the store the objects live in ({@link S3ContentStore}, {@link FileSystemContentStore},
         * {@link InMemoryContentStore}). Required. The store is the host's resource.
         *
         * @param store the store
         * @return this builder
         * @throws NullPointerException when {@code store} is {@code null}
         * @throws IllegalArgumentException when the store's {@link LocatedContentStore#baseUri()} is not a
         *         URI ending with {@code /}
         */
        public Builder store(LocatedContentStore store) {
            Objects.requireNonNull(store, "store");
            String baseUri = store.baseUri();
            if (baseUri == null || !baseUri.endsWith("/") || baseUri.length() < 4
                    || baseUri.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("store.baseUri() must be a URI ending with '/', was '"
                        + (baseUri == null ? "null" : ContentKeys.printable(baseUri)) + "'");
            }
            this.store = store;
            return this;
        }

        /**
         * Sets the offload policy: threshold, codec, content type and the key prefix that the offloader
         * writes under and the reconciler reconciles. Default {@link OffloadPolicy#defaults()}.
         *
         * @param policy the policy
         * @return this builder
         * @throws NullPointerException when {@code policy} is {@code null}
         */
        public Builder policy(OffloadPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sets every place the host's rows keep {@link ContentRef}s (replacing earlier calls), so that the
         * outbox processor never deletes a referenced object and the reconciler can tell orphans from
         * referenced objects. The version history's own references are added internally. Required with
         * {@link #dataSource(DataSource)}.
         *
         * @param references one or more sources, e.g. {@link JdbcReferenceColumn#of(String, String, String)}
         * @return this builder
         * @throws IllegalArgumentException when no source is given or one is {@code null}
         */
        public Builder references(ReferenceSource... references) {
            if (references == null || references.length == 0) {
                throw new IllegalArgumentException("references must name at least one ReferenceSource");
            }
            for (ReferenceSource source : references) {
                if (source == null) {
                    throw new IllegalArgumentException("references must not contain null");
                }
            }
            this.references = List.of(references);
            return this;
        }

        /**
         * Sets a read-through cache for resolved content, keyed by object key (content-addressed, so
         * entries never go stale; only verified content is cached). The cache is the host's.
         *
         * @param cache the cache, or {@code null} for none (the default)
         * @return this builder
         */
        public Builder cache(ReadThroughCache<String, byte[]> cache) {
            this.cache = cache;
            return this;
        }

        /**
         * Sets the listener of the offloader, the outbox processor and the reconciler. The store has its
         * own ({@link S3ContentStore.Builder#listener(StorageListener)}). Default: none.
         *
         * @param listener e.g. a {@link StorageMetrics}
         * @return this builder
         * @throws NullPointerException when {@code listener} is {@code null}
         */
        public Builder listener(StorageListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Sets the clock that dates the offloader's keys ({@code yyyy/mm}) and measures the reconciler's
         * grace period. Default {@link Clock#systemUTC()}.
         *
         * @param clock the clock
         * @return this builder
         * @throws NullPointerException when {@code clock} is {@code null}
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the outbox entries handled per {@link OutboxProcessor#processPending()} call. Default
         * {@value ContentOffload#DEFAULT_OUTBOX_BATCH_SIZE}; needs {@link #dataSource(DataSource)}.
         *
         * @param entries 1 to 100000
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder outboxBatchSize(int entries) {
            if (entries < 1 || entries > 100_000) {
                throw new IllegalArgumentException("outboxBatchSize must be between 1 and 100000, was " + entries);
            }
            this.batchSize = entries;
            return this;
        }

        /**
         * Sets how old an unreferenced object must be before the reconciler counts it as an orphan:
         * longer than any transaction that writes content. Default 24 hours
         * ({@link ContentOffload#DEFAULT_RECONCILER_GRACE_PERIOD}); needs {@link #dataSource(DataSource)}.
         *
         * @param grace between 0 and 365 days
         * @return this builder
         * @throws IllegalArgumentException when {@code null} or out of range
         */
        public Builder reconcilerGracePeriod(Duration grace) {
            if (grace == null || grace.isNegative() || grace.compareTo(Duration.ofDays(365)) > 0) {
                throw new IllegalArgumentException("reconcilerGracePeriod must be between PT0S and P365D, was " + grace);
            }
            this.gracePeriod = grace;
            return this;
        }

        /**
         * Sets whether the reconciler deletes orphans ({@code true}, the default) or only reports them;
         * needs {@link #dataSource(DataSource)}.
         *
         * @param repair whether to delete orphans
         * @return this builder
         */
        public Builder reconcilerRepair(boolean repair) {
            this.repair = repair;
            return this;
        }

        /**
         * Sets K: the version history stores a full snapshot every K versions (1 stores only snapshots).
         * Default {@value ContentOffload#DEFAULT_VERSIONS_SNAPSHOT_EVERY}.
         *
         * @param versions 1 to 1000
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder versionsSnapshotEvery(int versions) {
            if (versions < 1 || versions > 1000) {
                throw new IllegalArgumentException("versionsSnapshotEvery must be between 1 and 1000, was " + versions);
            }
            this.snapshotEvery = versions;
            return this;
        }

        /**
         * Builds the parts.
         *
         * @return the content offload
         * @throws IllegalStateException when no store was set; when a data source was set without
         *         references, or references or an outbox or reconciler setting without a data source
         */
        public ContentOffload build() {
            if (store == null) {
                throw new IllegalStateException("store is required");
            }
            if (dataSource != null && references.isEmpty()) {
                throw new IllegalStateException("references(...) is required with dataSource(...): name every "
                        + "column that holds content references, or the outbox processor and the reconciler would "
                        + "take the objects those rows reference for unreferenced ones");
            }
            if (dataSource == null) {
                String needing = !references.isEmpty() ? "references(...)"
                        : batchSize != null ? "outboxBatchSize(...)"
                        : gracePeriod != null ? "reconcilerGracePeriod(...)"
                        : repair != null ? "reconcilerRepair(...)" : null;
                if (needing != null) {
                    throw new IllegalStateException(needing + " is set but dataSource(...) is not: the outbox "
                            + "processor and the reconciler need the host's data source");
                }
            }
            return new ContentOffload(this);
        }
    }
}
