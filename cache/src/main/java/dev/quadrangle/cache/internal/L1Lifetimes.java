package dev.quadrangle.cache.internal;

import dev.quadrangle.cache.CacheClock;
import dev.quadrangle.cache.RegionConfig;

/**
 * How long an L1 entry of a region may live: the region's L1 TTL for values, the negative TTL for
 * cached misses, less when its Redis copy stops being fresh sooner, and at most the degraded TTL
 * while invalidations from other nodes may be missed. Also whether an entry is due for
 * refresh-after-write. Ages on the node's clock.
 *
 * @param <V> the value type
 */
final class L1Lifetimes<V> {
    private final NodeContext node;
    private final CacheClock clock;
    private final long l1TtlNanos;
    private final long negativeTtlNanos;
    private final long refreshNanos;

    L1Lifetimes(RegionConfig<?, V> config, NodeContext node) {
        this.node = node;
        this.clock = node.clock();
        this.l1TtlNanos = config.l1Ttl().toNanos();
        this.negativeTtlNanos = Math.min(config.negativeTtl().toNanos(), config.maxL1Age().toNanos());
        this.refreshNanos = config.refreshAfterWrite().toNanos();
    }

    /** Whether the region caches misses at all (a negative TTL above zero). */
    boolean cachesMisses() {
        return negativeTtlNanos > 0;
    }

    /** The negative TTL, capped by {@code maxL1Age}, in nanoseconds. */
    long negativeTtlNanos() {
        return negativeTtlNanos;
    }

    /** An entry for a value ({@code null} for a miss) with the full life of its kind. */
    L1Entry<V> entry(V value) {
        return entry(value, value == null ? negativeTtlNanos : l1TtlNanos);
    }

    /** An entry with at most the life its Redis copy has left ({@code freshNanos}). */
    L1Entry<V> entryFreshFor(V value, long freshNanos) {
        return entry(value, Math.min(freshNanos, value == null ? negativeTtlNanos : l1TtlNanos));
    }

    /** An entry that lives at most the degraded TTL (its Redis copy is missing or unknown). */
    L1Entry<V> degradedEntry(V value) {
        return entry(value, node.degradedL1TtlNanos());
    }

    /** Whether a value entry is older than refresh-after-write (never when that is off). */
    boolean dueForRefresh(L1Entry<V> entry) {
        return refreshNanos > 0 && clock.nanoTime() - entry.cachedAtNanos > refreshNanos;
    }

    private L1Entry<V> entry(V value, long ttlNanos) {
        long life = Math.max(1, ttlNanos);
        if (node.degraded()) {
            life = Math.min(life, node.degradedL1TtlNanos());
        }
        long now = clock.nanoTime();
        return new L1Entry<>(value, now, life >= l1TtlNanos ? L1Entry.NO_DEADLINE : now + life);
    }
}
