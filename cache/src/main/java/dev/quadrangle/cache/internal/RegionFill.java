package dev.quadrangle.cache.internal;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Stores what a loader returned: in Redis unless the entry changed since it was read (a fill that lost
 * to a write or an invalidation is cached nowhere), then in L1; only in L1, for the degraded TTL, when
 * Redis cannot be used.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class RegionFill<K, V> {
    private final L2Entries<K> l2;
    private final ValueEncoding<K, V> encoding;
    private final L1Store<K, V> l1;
    private final L1Lifetimes<V> lifetimes;

    RegionFill(L2Entries<K> l2, ValueEncoding<K, V> encoding, L1Store<K, V> l1, L1Lifetimes<V> lifetimes) {
        this.l2 = l2;
        this.encoding = encoding;
        this.l1 = l1;
        this.lifetimes = lifetimes;
    }

    /** Stores a loaded value (or miss, empty) that was loaded after the read {@code seen} at L1 epoch {@code epoch}. */
    void fill(K key, byte[] redisKey, L2Read seen, Optional<V> loaded, long epoch) {
        if (loaded.isEmpty() && !lifetimes.cachesMisses()) {
            return;
        }
        V value = loaded.orElse(null);
        if (!seen.available) {
            l1.install(key, lifetimes.degradedEntry(value), epoch);
            return;
        }
        byte[] payload = value == null ? null : encoding.encodeForFill(key, value);
        if (value != null && payload == null) {
            l1.install(key, lifetimes.entry(value), epoch);
            return;
        }
        switch (l2.fill(redisKey, seen, payload, TimeUnit.NANOSECONDS.toMillis(lifetimes.negativeTtlNanos()))) {
            case STORED:
                l1.install(key, lifetimes.entry(value), epoch);
                break;
            case UNAVAILABLE:
                l1.install(key, lifetimes.degradedEntry(value), epoch);
                break;
            default:
                break;
        }
    }
}
