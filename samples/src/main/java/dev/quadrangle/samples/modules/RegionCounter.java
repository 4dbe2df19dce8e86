package dev.quadrangle.samples.modules;

import dev.quadrangle.cache.CacheLevel;
import dev.quadrangle.cache.CacheListener;
import dev.quadrangle.cache.FlushReason;
import dev.quadrangle.samples.ops.CampusBackend;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts cache lookups per region for the report: a lookup is a hit when L1 or L2 held the value, a
 * miss when the loader had to run; also counts the Redis breaker's openings and Redis failures.
 *
 * <p>Thread-safe.
 */
final class RegionCounter implements CacheListener {
    private final Map<String, LongAdder[]> regions = new ConcurrentHashMap<>();
    private final LongAdder breakerOpenings = new LongAdder();
    private final LongAdder redisFailures = new LongAdder();
    private final Map<FlushReason, LongAdder> flushes = new ConcurrentHashMap<>();

    @Override
    public void onGet(String region, CacheLevel level, boolean hit, int count) {
        LongAdder[] c = regions.computeIfAbsent(region, r -> new LongAdder[] {new LongAdder(), new LongAdder()});
        if (level == CacheLevel.L1) {
            c[0].add(count);
        }
        if (hit) {
            c[1].add(count);
        }
    }

    @Override
    public void onBreakerStateChange(CircuitBreaker.State from, CircuitBreaker.State to) {
        if (to == CircuitBreaker.State.OPEN) {
            breakerOpenings.increment();
        }
    }

    @Override
    public void onFlush(String region, FlushReason reason) {
        flushes.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    @Override
    public void onRedisFailure(String operation, Throwable error) {
        redisFailures.increment();
    }

    /** Hits and misses per region, by name. */
    List<CampusBackend.CacheRegionStats> stats() {
        Map<String, LongAdder[]> sorted = new TreeMap<>(regions);
        return sorted.entrySet().stream().map(e -> {
            long lookups = e.getValue()[0].sum();
            long hits = Math.min(lookups, e.getValue()[1].sum());
            return new CampusBackend.CacheRegionStats(e.getKey(), hits, lookups - hits);
        }).toList();
    }

    long breakerOpenings() {
        return breakerOpenings.sum();
    }

    /** L1 flushes by reason, e.g. {@code SUBSCRIPTION_LOST=5}; empty when none. */
    String flushes() {
        Map<String, Long> sorted = new TreeMap<>();
        flushes.forEach((reason, n) -> sorted.put(reason.name(), n.sum()));
        return sorted.toString();
    }

    long redisFailures() {
        return redisFailures.sum();
    }
}
