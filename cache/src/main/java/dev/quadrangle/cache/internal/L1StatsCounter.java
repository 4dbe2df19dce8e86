package dev.quadrangle.cache.internal;

import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import dev.quadrangle.cache.CacheLevel;
import dev.quadrangle.cache.CacheListener;
import java.util.Locale;

/** Caffeine's statistics hook, forwarding L1 hits, misses and evictions to the cache listener. */
final class L1StatsCounter implements StatsCounter {
    private final String region;
    private final CacheListener listener;

    L1StatsCounter(String region, CacheListener listener) {
        this.region = region;
        this.listener = listener;
    }

    @Override
    public void recordHits(int count) {
        listener.onGet(region, CacheLevel.L1, true, count);
    }

    @Override
    public void recordMisses(int count) {
        listener.onGet(region, CacheLevel.L1, false, count);
    }

    @Override
    public void recordLoadSuccess(long loadTime) {
        // loads are timed by the region itself, which knows about L2 and leases
    }

    @Override
    public void recordLoadFailure(long loadTime) {
        // as above
    }

    @Override
    public void recordEviction(int weight, RemovalCause cause) {
        listener.onEviction(region, cause.name().toLowerCase(Locale.ROOT));
    }

    @Override
    public CacheStats snapshot() {
        return CacheStats.empty();
    }
}
