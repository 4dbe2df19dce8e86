package dev.quadrangle.cache.internal;

import dev.quadrangle.cache.CacheLevel;
import dev.quadrangle.cache.CacheListener;
import java.util.Optional;

/**
 * Decides what a read of Redis found for a key: a hit (installed in L1 for at most as long as the Redis
 * copy stays fresh), a cached miss, a stale value that stale-while-revalidate may serve, or nothing.
 * Reports each L2 hit or miss to the listener.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class L2Lookup<K, V> {
    private final String region;
    private final CacheListener listener;
    private final L2Entries<K> l2;
    private final ValueEncoding<K, V> encoding;
    private final L1Store<K, V> l1;
    private final L1Lifetimes<V> lifetimes;

    L2Lookup(String region, CacheListener listener, L2Entries<K> l2, ValueEncoding<K, V> encoding, L1Store<K, V> l1,
            L1Lifetimes<V> lifetimes) {
        this.region = region;
        this.listener = listener;
        this.l2 = l2;
        this.encoding = encoding;
        this.l1 = l1;
        this.lifetimes = lifetimes;
    }

    /**
     * The value a read found, installed in L1: {@code null} when nothing usable was found (the caller
     * loads), empty for a cached miss when misses are wanted.
     */
    Optional<V> usable(K key, L2Read read, long epoch, boolean wantMisses) {
        if (!l2.isFresh(read) || (read.envelope.isNegative() && !wantMisses)) {
            listener.onGet(region, CacheLevel.L2, false, 1);
            return null;
        }
        V value = null;
        if (!read.envelope.isNegative()) {
            value = encoding.decode(read.envelope.payload);
            if (value == null) {
                listener.onGet(region, CacheLevel.L2, false, 1);
                return null;
            }
        }
        listener.onGet(region, CacheLevel.L2, true, 1);
        l1.install(key, lifetimes.entryFreshFor(value, l2.freshNanosLeft(read)), epoch);
        return Optional.ofNullable(value);
    }

    /** The stale value of an entry past its TTL but within stale-while-revalidate, or {@code null}. */
    V stale(L2Read read) {
        return l2.isServableStale(read) ? encoding.decode(read.envelope.payload) : null;
    }
}
