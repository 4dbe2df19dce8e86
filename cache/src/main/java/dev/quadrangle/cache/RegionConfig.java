package dev.quadrangle.cache;

import dev.quadrangle.cache.internal.Checks;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToIntBiFunction;

/**
 * The immutable configuration of one cache region: its name, codecs, bounds and timings. Build one
 * with {@link #builder(String, KeyCodec, ValueCodec)}, then open the region with
 * {@link CacheNode#region(RegionConfig)}.
 *
 * <p>Entries live in Redis as {@code {app}:{region}:k:{tenant}:{key}}, with an empty tenant for keys
 * without one; what the cache keeps for itself (load leases, generation counters) lives under
 * {@code {app}:{region}:i:...}, a space no key, tenant or tag can reach. Thread-safe and immutable;
 * {@link #toBuilder()} copies it.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class RegionConfig<K, V> {
    /** Default size bound of the in-process level: 10,000 entries. */
    public static final long DEFAULT_MAXIMUM_SIZE = 10_000;
    /** Default hard bound on the age of an in-process entry: 60 seconds. */
    public static final Duration DEFAULT_MAX_L1_AGE = Duration.ofSeconds(60);
    /** Default jitter: up to 10% of the TTL is taken off each Redis entry's life. */
    public static final double DEFAULT_JITTER = 0.10;
    /** Default time a miss ({@code Optional.empty()} from a loader) stays cached: 30 seconds. */
    public static final Duration DEFAULT_NEGATIVE_TTL = Duration.ofSeconds(30);
    /** Default largest encoded value: 1 MiB. */
    public static final int DEFAULT_MAX_VALUE_BYTES = 1 << 20;
    /** Default life of a cross-node load lease: 10 seconds. */
    public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(10);
    /** Default life of the marker an invalidation leaves in Redis: 30 seconds. */
    public static final Duration DEFAULT_TOMBSTONE_TTL = Duration.ofSeconds(30);

    private final Builder<K, V> b;

    private RegionConfig(Builder<K, V> builder) {
        this.b = builder.copy();
    }

    /**
     * Starts a region configuration.
     *
     * @param name the region name: 1 to 64 of {@code a-z 0-9 . _ -}
     * @param keys the key codec
     * @param values the value codec
     * @param <K> the key type
     * @param <V> the value type
     * @return a builder with the defaults
     * @throws IllegalArgumentException when the name is not allowed
     */
    public static <K, V> Builder<K, V> builder(String name, KeyCodec<K> keys, ValueCodec<V> values) {
        return new Builder<>(Checks.name("region name", name), Objects.requireNonNull(keys, "keys must not be null"),
                Objects.requireNonNull(values, "values must not be null"));
    }

    /**
     * A builder holding this configuration, to derive another.
     *
     * @return a new builder
     */
    public Builder<K, V> toBuilder() {
        return b.copy();
    }

    /** @return the region name */
    public String name() {
        return b.name;
    }

    /** @return the key codec */
    public KeyCodec<K> keyCodec() {
        return b.keys;
    }

    /** @return the value codec */
    public ValueCodec<V> valueCodec() {
        return b.values;
    }

    /** @return the Redis time to live before jitter */
    public Duration ttl() {
        return b.ttl;
    }

    /** @return the fraction of the TTL that jitter may take off */
    public double jitter() {
        return b.jitter;
    }

    /** @return the entry bound of the in-process level, or -1 when a weight bound is set */
    public long maximumSize() {
        return b.weigher == null ? b.maximumSize : -1;
    }

    /** @return the weight bound of the in-process level, or -1 when an entry bound is set */
    public long maximumWeight() {
        return b.weigher == null ? -1 : b.maximumWeight;
    }

    /** @return the weigher for the weight bound, or {@code null} */
    public ToIntBiFunction<? super K, ? super V> weigher() {
        return b.weigher;
    }

    /**
     * The life of an in-process entry: the smaller of the L1 expire-after-write (default: the TTL)
     * and the maximum L1 age.
     *
     * @return the effective in-process time to live
     */
    public Duration l1Ttl() {
        Duration wanted = b.l1ExpireAfterWrite == null ? b.ttl : b.l1ExpireAfterWrite;
        return wanted.compareTo(b.maxL1Age) < 0 ? wanted : b.maxL1Age;
    }

    /** @return the hard bound on an in-process entry's age */
    public Duration maxL1Age() {
        return b.maxL1Age;
    }

    /** @return the refresh-after-write interval, or {@code Duration.ZERO} when off */
    public Duration refreshAfterWrite() {
        return b.refreshAfterWrite;
    }

    /** @return how long misses stay cached, {@code Duration.ZERO} when misses are not cached */
    public Duration negativeTtl() {
        return b.negativeTtl;
    }

    /** @return the tenant of a key, or {@code null} when the region has no tenants */
    public Function<? super K, String> tenantOf() {
        return b.tenantOf;
    }

    /** @return whether every key must have a tenant */
    public boolean tenantRequired() {
        return b.tenantRequired;
    }

    /** @return the tag of a key (for {@link MultiLevelCache#invalidateTag}), or {@code null} */
    public Function<? super K, String> tagOf() {
        return b.tagOf;
    }

    /** @return the largest encoded value accepted */
    public int maxValueBytes() {
        return b.maxValueBytes;
    }

    /** @return whether a miss takes a Redis lease so that one node in the cluster loads */
    public boolean crossNodeSingleFlight() {
        return b.crossNodeSingleFlight;
    }

    /** @return the life of a load lease, also the longest a node waits for another's load */
    public Duration leaseTtl() {
        return b.leaseTtl;
    }

    /** @return how long past its TTL a Redis entry may be served while one node reloads it */
    public Duration staleWhileRevalidate() {
        return b.staleWhileRevalidate;
    }

    /** @return the life of an invalidation marker in Redis (longer than any load) */
    public Duration tombstoneTtl() {
        return b.tombstoneTtl;
    }

    @Override
    public String toString() {
        return "RegionConfig[" + b.name + ", ttl=" + b.ttl + ", l1Ttl=" + l1Ttl() + ", values=" + b.values + "]";
    }

    /**
     * Builds a {@link RegionConfig}. Not thread-safe; every setter validates at once and
     * {@link #build()} checks settings against each other.
     *
     * @param <K> the key type
     * @param <V> the value type
     */
    public static final class Builder<K, V> {
        private final String name;
        private final KeyCodec<K> keys;
        private final ValueCodec<V> values;
        private Duration ttl = TtlTier.WARM.ttl();
        private double jitter = DEFAULT_JITTER;
        private long maximumSize = DEFAULT_MAXIMUM_SIZE;
        private long maximumWeight;
        private ToIntBiFunction<? super K, ? super V> weigher;
        private Duration l1ExpireAfterWrite;
        private Duration maxL1Age = DEFAULT_MAX_L1_AGE;
        private Duration refreshAfterWrite = Duration.ZERO;
        private Duration negativeTtl = DEFAULT_NEGATIVE_TTL;
        private Function<? super K, String> tenantOf;
        private boolean tenantRequired;
        private Function<? super K, String> tagOf;
        private int maxValueBytes = DEFAULT_MAX_VALUE_BYTES;
        private boolean crossNodeSingleFlight;
        private Duration leaseTtl = DEFAULT_LEASE_TTL;
        private Duration staleWhileRevalidate = Duration.ZERO;
        private Duration tombstoneTtl = DEFAULT_TOMBSTONE_TTL;

        private Builder(String name, KeyCodec<K> keys, ValueCodec<V> values) {
            this.name = name;
            this.keys = keys;
            this.values = values;
        }

        private Builder<K, V> copy() {
            Builder<K, V> c = new Builder<>(name, keys, values);
            c.ttl = ttl;
            c.jitter = jitter;
            c.maximumSize = maximumSize;
            c.maximumWeight = maximumWeight;
            c.weigher = weigher;
            c.l1ExpireAfterWrite = l1ExpireAfterWrite;
            c.maxL1Age = maxL1Age;
            c.refreshAfterWrite = refreshAfterWrite;
            c.negativeTtl = negativeTtl;
            c.tenantOf = tenantOf;
            c.tenantRequired = tenantRequired;
            c.tagOf = tagOf;
            c.maxValueBytes = maxValueBytes;
            c.crossNodeSingleFlight = crossNodeSingleFlight;
            c.leaseTtl = leaseTtl;
            c.staleWhileRevalidate = staleWhileRevalidate;
            c.tombstoneTtl = tombstoneTtl;
            return c;
        }

        /**
         * Sets the Redis TTL from a tier.
         *
         * @param tier the tier
         * @return this builder
         */
        public Builder<K, V> ttl(TtlTier tier) {
            return ttl(Objects.requireNonNull(tier, "tier must not be null").ttl());
        }

        /**
         * Sets the Redis TTL (default {@link TtlTier#WARM}).
         *
         * @param ttl 1 second to 30 days
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder<K, V> ttl(Duration ttl) {
            this.ttl = Checks.duration("ttl", ttl, Duration.ofSeconds(1), Duration.ofDays(30));
            return this;
        }

        /**
         * Sets the jitter: each Redis entry lives the TTL minus a random part of up to this fraction.
         *
         * @param fraction 0.0 to 0.5 (default 0.1)
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder<K, V> jitter(double fraction) {
            if (!(fraction >= 0.0 && fraction <= 0.5)) {
                throw new IllegalArgumentException("jitter must be between 0.0 and 0.5, was " + fraction);
            }
            this.jitter = fraction;
            return this;
        }

        /**
         * Bounds the in-process level by entry count (the default, 10,000).
         *
         * @param entries 1 to 100,000,000
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder<K, V> maximumSize(long entries) {
            this.maximumSize = Checks.range("maximumSize", entries, 1, 100_000_000);
            this.weigher = null;
            return this;
        }

        /**
         * Bounds the in-process level by total weight instead of entry count.
         *
         * @param weight 1 to {@code Long.MAX_VALUE}
         * @param weigher the weight of one entry, non-negative
         * @return this builder
         * @throws IllegalArgumentException when the weight is out of range
         */
        public Builder<K, V> maximumWeight(long weight, ToIntBiFunction<? super K, ? super V> weigher) {
            this.maximumWeight = Checks.range("maximumWeight", weight, 1, Long.MAX_VALUE);
            this.weigher = Objects.requireNonNull(weigher, "weigher must not be null");
            return this;
        }

        /**
         * Sets how long an in-process entry lives after it was written (default: the TTL, capped by
         * {@link #maxL1Age(Duration)}).
         *
         * @param duration 1 millisecond to 30 days
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder<K, V> l1ExpireAfterWrite(Duration duration) {
            this.l1ExpireAfterWrite = Checks.duration("l1ExpireAfterWrite", duration, Duration.ofMillis(1), Duration.ofDays(30));
            return this;
        }

        /**
         * Sets the hard bound on an in-process entry's age: however invalidation fails, no node serves
         * an entry from its in-process level longer than this after it was cached (default 60 s).
         *
         * @param duration 1 millisecond to 1 day
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder<K, V> maxL1Age(Duration duration) {
            this.maxL1Age = Checks.duration("maxL1Age", duration, Duration.ofMillis(1), Duration.ofDays(1));
            return this;
        }

        /**
         * Turns on refresh-after-write: a {@code get} that finds an in-process entry older than this
         * returns it and reloads it in the background (one reload per key and node).
         *
         * @param duration 1 millisecond to 1 day, shorter than the in-process TTL
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder<K, V> refreshAfterWrite(Duration duration) {
            this.refreshAfterWrite = Checks.duration("refreshAfterWrite", duration, Duration.ofMillis(1), Duration.ofDays(1));
            return this;
        }

        /**
         * Sets how long a miss ({@code Optional.empty()} from a {@code find} loader) stays cached.
         *
         * @param duration 0 (misses not cached) to 1 hour (default 30 s)
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder<K, V> negativeTtl(Duration duration) {
            this.negativeTtl = Checks.duration("negativeTtl", duration, Duration.ZERO, Duration.ofHours(1));
            return this;
        }

        /**
         * Names the tenant of each key; keys whose tenant is {@code null} or blank (as
         * {@link dev.quadrangle.spi.Arguments#isBlank(CharSequence)} defines it, Unicode spaces and
         * format characters included) are stored in the shared space of the region, which no tenant
         * (not {@code "_"}, not anything) can name.
         *
         * @param tenantOf the tenant of a key: no ':' and no unpaired surrogate in it; a key with such a
         *     tenant is refused with an {@link IllegalArgumentException}
         * @return this builder
         */
        public Builder<K, V> tenantOf(Function<? super K, String> tenantOf) {
            this.tenantOf = Objects.requireNonNull(tenantOf, "tenantOf must not be null");
            this.tenantRequired = false;
            return this;
        }

        /**
         * Names the tenant of each key and makes it mandatory: a key whose tenant is {@code null} or
         * blank is refused with an {@link IllegalArgumentException}. Blank is
         * {@link dev.quadrangle.spi.Arguments#isBlank(CharSequence)}: empty, or only white space
         * (U+00A0, U+2007, U+202F and U+3000 included), control or format characters (U+200B, U+FEFF).
         *
         * @param tenantOf the tenant of a key: no ':' and no unpaired surrogate in it
         * @return this builder
         */
        public Builder<K, V> tenantRequired(Function<? super K, String> tenantOf) {
            this.tenantOf = Objects.requireNonNull(tenantOf, "tenantOf must not be null");
            this.tenantRequired = true;
            return this;
        }

        /**
         * Names the tag of each key (for example the topic of a question pool), so that
         * {@link MultiLevelCache#invalidateTag(String)} drops every key with that tag at once, without
         * scanning Redis. A key whose tag is {@code null} has none.
         *
         * @param tagOf the tag of a key: at most 4,096 characters and no unpaired surrogate; a key with
         *     another tag is refused with an {@link IllegalArgumentException}
         * @return this builder
         */
        public Builder<K, V> tagOf(Function<? super K, String> tagOf) {
            this.tagOf = Objects.requireNonNull(tagOf, "tagOf must not be null");
            return this;
        }

        /**
         * Sets the largest encoded value; {@code put} refuses larger ones.
         *
         * @param bytes 1 to 536,870,912 (512 MiB, Redis's limit; default 1 MiB)
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder<K, V> maxValueBytes(int bytes) {
            this.maxValueBytes = (int) Checks.range("maxValueBytes", bytes, 1, 512L * 1024 * 1024);
            return this;
        }

        /**
         * Turns on cross-node single flight: a miss takes a lease in Redis ({@code SET NX PX}) so that
         * one node of the cluster runs the loader while the others wait for its result.
         *
         * @param enabled whether to take leases (default off: one load per key per node)
         * @return this builder
         */
        public Builder<K, V> crossNodeSingleFlight(boolean enabled) {
            this.crossNodeSingleFlight = enabled;
            return this;
        }

        /**
         * Sets the life of a load lease: a node waits at most this long for another node's load.
         *
         * @param duration 10 milliseconds to 5 minutes (default 10 s)
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder<K, V> leaseTtl(Duration duration) {
            this.leaseTtl = Checks.duration("leaseTtl", duration, Duration.ofMillis(10), Duration.ofMinutes(5));
            return this;
        }

        /**
         * Lets a Redis entry be served this long past its TTL while one node reloads it
         * (stale-while-revalidate).
         *
         * @param duration 0 (off, the default) to 1 day
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder<K, V> staleWhileRevalidate(Duration duration) {
            this.staleWhileRevalidate = Checks.duration("staleWhileRevalidate", duration, Duration.ZERO, Duration.ofDays(1));
            return this;
        }

        /**
         * Sets the life of the marker an invalidation leaves in Redis; a load that started before the
         * invalidation and ends within this time does not write its (possibly stale) result.
         *
         * @param duration 1 second to 1 hour (default 30 s)
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder<K, V> tombstoneTtl(Duration duration) {
            this.tombstoneTtl = Checks.duration("tombstoneTtl", duration, Duration.ofSeconds(1), Duration.ofHours(1));
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the immutable configuration
         * @throws IllegalStateException when refresh-after-write is not shorter than the in-process TTL
         */
        public RegionConfig<K, V> build() {
            RegionConfig<K, V> config = new RegionConfig<>(this);
            if (!refreshAfterWrite.isZero() && refreshAfterWrite.compareTo(config.l1Ttl()) >= 0) {
                throw new IllegalStateException("refreshAfterWrite (" + refreshAfterWrite
                        + ") must be shorter than the in-process TTL (" + config.l1Ttl() + ") of region '" + name + "'");
            }
            return config;
        }
    }
}
