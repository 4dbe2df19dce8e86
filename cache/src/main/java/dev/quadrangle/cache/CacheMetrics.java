package dev.quadrangle.cache;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Micrometer metrics of a {@link CacheNode}: pass it to {@link CacheNode.Builder#listener} and bind it
 * to one or more registries.
 *
 * <!-- snippet: consumers/plain/src/test/java/dev/quadrangle/examples/JavadocExamples.java#cache-metrics -->
 * <pre>{@code
 * CacheMetrics metrics = new CacheMetrics();
 * CacheNode node = CacheNode.builder().application("campus").redis(client).listener(metrics).build();
 * metrics.bindTo(meterRegistry);
 * }</pre>
 *
 * <p>Meters, each tagged with {@code region}:
 * <ul>
 *   <li>{@code quadrangle.cache.gets} (counter; {@code level=l1|l2}, {@code result=hit|miss})</li>
 *   <li>{@code quadrangle.cache.loads} (timer of loader calls; {@code result=success|failure})</li>
 *   <li>{@code quadrangle.cache.evictions} (counter; {@code cause=size|expired|collected})</li>
 *   <li>{@code quadrangle.cache.invalidations} (counter; {@code direction=sent|received})</li>
 *   <li>{@code quadrangle.cache.flushes} (counter of whole-region L1 flushes;
 *       {@code reason=sequence_gap|subscription_lost|redis_recovered})</li>
 * </ul>
 * and, without a region tag, {@code quadrangle.cache.redis.failures} (counter; {@code operation}) and
 * {@code quadrangle.cache.breaker.state} (gauge, 1 for the current {@code state}, 0 for the others;
 * {@code state=closed|open|half_open|forced_open}, the last while a node that started without Redis
 * has not connected yet).
 *
 * <p>Thread-safe. Events before the first {@link #bindTo} are not counted.
 */
public final class CacheMetrics implements CacheListener, MeterBinder {
    private final CompositeMeterRegistry composite = new CompositeMeterRegistry();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final AtomicReference<CircuitBreaker.State> breakerState = new AtomicReference<>(CircuitBreaker.State.CLOSED);

    /** Creates the metrics; bind them with {@link #bindTo(MeterRegistry)}. */
    public CacheMetrics() {
        for (CircuitBreaker.State state : new CircuitBreaker.State[] {CircuitBreaker.State.CLOSED,
                CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN, CircuitBreaker.State.FORCED_OPEN}) {
            Gauge.builder("quadrangle.cache.breaker.state", breakerState, s -> s.get() == state ? 1 : 0)
                    .description("1 when the circuit breaker in front of Redis is in this state")
                    .tag("state", state.name().toLowerCase(Locale.ROOT))
                    .register(composite);
        }
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        composite.add(registry);
    }

    /** Registers the region's read counters and loader timers at zero, so they show before the first read. */
    @Override
    public void onRegionCreated(String region) {
        for (CacheLevel level : CacheLevel.values()) {
            gets(region, level, true);
            gets(region, level, false);
        }
        loads(region, true);
        loads(region, false);
    }

    @Override
    public void onGet(String region, CacheLevel level, boolean hit, int count) {
        gets(region, level, hit).increment(count);
    }

    private Counter gets(String region, CacheLevel level, boolean hit) {
        String levelTag = level == CacheLevel.L1 ? "l1" : "l2";
        String result = hit ? "hit" : "miss";
        return counter("gets|" + region + "|" + levelTag + "|" + result, () -> Counter.builder("quadrangle.cache.gets")
                .description("cache reads per level and result").baseUnit("reads")
                .tags("region", region, "level", levelTag, "result", result));
    }

    @Override
    public void onLoad(String region, long nanos, boolean success) {
        loads(region, success).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer loads(String region, boolean success) {
        String result = success ? "success" : "failure";
        return timers.computeIfAbsent("loads|" + region + "|" + result, k -> Timer.builder("quadrangle.cache.loads")
                .description("loader calls on this node and their duration")
                .tags("region", region, "result", result).register(composite));
    }

    @Override
    public void onEviction(String region, String cause) {
        counter("evictions|" + region + "|" + cause, () -> Counter.builder("quadrangle.cache.evictions")
                .description("L1 entries evicted by size or age").baseUnit("entries")
                .tags("region", region, "cause", cause)).increment();
    }

    @Override
    public void onInvalidationSent(String region, int count) {
        invalidations(region, "sent").increment(count);
    }

    @Override
    public void onInvalidationReceived(String region, int count) {
        invalidations(region, "received").increment(count);
    }

    private Counter invalidations(String region, String direction) {
        return counter("invalidations|" + region + "|" + direction, () -> Counter.builder("quadrangle.cache.invalidations")
                .description("invalidations published to or applied from other nodes").baseUnit("invalidations")
                .tags("region", region, "direction", direction));
    }

    @Override
    public void onFlush(String region, FlushReason reason) {
        String reasonTag = reason.name().toLowerCase(Locale.ROOT);
        counter("flushes|" + region + "|" + reasonTag, () -> Counter.builder("quadrangle.cache.flushes")
                .description("whole L1 regions dropped because invalidations may have been missed").baseUnit("flushes")
                .tags("region", region, "reason", reasonTag)).increment();
    }

    @Override
    public void onBreakerStateChange(CircuitBreaker.State from, CircuitBreaker.State to) {
        breakerState.set(to);
    }

    @Override
    public void onRedisFailure(String operation, Throwable error) {
        counter("failures|" + operation, () -> Counter.builder("quadrangle.cache.redis.failures")
                .description("Redis commands that failed, timed out or were refused by the circuit breaker")
                .baseUnit("commands").tag("operation", operation)).increment();
    }

    private Counter counter(String key, java.util.function.Supplier<Counter.Builder> builder) {
        Counter counter = counters.get(key);
        if (counter == null) {
            counter = counters.computeIfAbsent(key, k -> builder.get().register(composite));
        }
        return counter;
    }
}
