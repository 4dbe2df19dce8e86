package dev.quadrangle.cache.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.quadrangle.cache.CacheClock;
import dev.quadrangle.cache.CacheListener;
import dev.quadrangle.cache.RegionConfig;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;
import java.util.function.ToIntBiFunction;

/**
 * The in-process level of one region: a Caffeine cache with the region's L1 TTL on the node's clock (entries that must
 * die sooner carry their own deadline, checked on read), plus invalidation epochs in stripes. A fill
 * records the epoch of its key's stripe before it reads Redis or runs the loader and drops what it
 * installed if an invalidation moved the epoch meanwhile, so a load that raced an invalidation never
 * leaves its result behind.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class L1Store<K, V> {
    private static final int STRIPES = 64;
    private final Cache<K, L1Entry<V>> cache;
    private final AtomicLongArray epochs = new AtomicLongArray(STRIPES);
    private final long ttlNanos;
    private final CacheClock clock;

    L1Store(RegionConfig<K, V> config, CacheListener listener, boolean recordStats, CacheClock clock) {
        this.ttlNanos = config.l1Ttl().toNanos();
        this.clock = clock;
        // maintenance (eviction, expiry) on the calling thread: no wake-up of a pool thread per write
        Caffeine<Object, Object> builder = Caffeine.newBuilder().executor(Runnable::run)
                .ticker(clock::nanoTime).expireAfterWrite(config.l1Ttl());
        ToIntBiFunction<? super K, ? super V> weigher = config.weigher();
        if (weigher == null) {
            builder.maximumSize(config.maximumSize());
        } else {
            builder.maximumWeight(config.maximumWeight());
        }
        if (recordStats) {
            builder.recordStats(() -> new L1StatsCounter(config.name(), listener));
        }
        if (weigher != null) {
            this.cache = builder.weigher((K k, L1Entry<V> e) -> e.isNegative() ? 1 : Math.max(1, weigher.applyAsInt(k, e.value)))
                    .build();
        } else {
            this.cache = builder.build();
        }
    }

    /** The region's L1 time to live in nanoseconds: entries without their own deadline live this long. */
    long ttlNanos() {
        return ttlNanos;
    }

    L1Entry<V> get(K key) {
        L1Entry<V> entry = cache.getIfPresent(key);
        if (entry != null && entry.deadlineNanos != L1Entry.NO_DEADLINE && entry.isExpired(clock.nanoTime())) {
            cache.asMap().remove(key, entry);
            return null;
        }
        return entry;
    }

    Map<K, L1Entry<V>> getAllPresent(Collection<? extends K> keys) {
        Map<K, L1Entry<V>> present = new java.util.HashMap<>(cache.getAllPresent(keys));
        long now = clock.nanoTime();
        present.values().removeIf(e -> e.isExpired(now));
        return present;
    }

    long epoch(K key) {
        return epochs.get(stripe(key));
    }

    /**
     * Installs an entry that was read or loaded when the key's epoch was {@code epochSeen}; drops it
     * again when an invalidation moved the epoch in between.
     */
    void install(K key, L1Entry<V> entry, long epochSeen) {
        cache.put(key, entry);
        if (epochs.get(stripe(key)) != epochSeen) {
            cache.invalidate(key);
        }
    }

    /** Installs a value written on this node (the write moved the epoch itself). */
    void write(K key, L1Entry<V> entry) {
        epochs.incrementAndGet(stripe(key));
        cache.put(key, entry);
    }

    void invalidate(K key) {
        epochs.incrementAndGet(stripe(key));
        cache.invalidate(key);
    }

    void invalidateIf(Function<? super K, Boolean> predicate) {
        bumpAll();
        cache.asMap().keySet().removeIf(predicate::apply);
    }

    void invalidateAll() {
        bumpAll();
        cache.invalidateAll();
    }

    /** Shortens the remaining life of every entry to at most {@code cap} (when invalidations may be lost). */
    void capLifetimes(Duration cap) {
        long latest = clock.nanoTime() + cap.toNanos();
        cache.asMap().replaceAll((k, e) -> e.withDeadlineAtMost(Math.min(latest, e.cachedAtNanos + ttlNanos)));
    }

    long estimatedSize() {
        return cache.estimatedSize();
    }

    private void bumpAll() {
        for (int i = 0; i < STRIPES; i++) {
            epochs.incrementAndGet(i);
        }
    }

    private static int stripe(Object key) {
        int h = key.hashCode();
        return (h ^ (h >>> 16)) & (STRIPES - 1);
    }

}
