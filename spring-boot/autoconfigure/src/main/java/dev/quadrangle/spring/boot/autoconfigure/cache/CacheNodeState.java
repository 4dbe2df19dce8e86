package dev.quadrangle.spring.boot.autoconfigure.cache;

import dev.quadrangle.cache.CacheLevel;
import dev.quadrangle.cache.CacheListener;
import dev.quadrangle.cache.FlushReason;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the health contributor shows of the cache node: the Redis circuit breaker's state, Redis failures
 * and the latest L1 flush, as reported to the node's listener ({@link #listener(List)}). Thread-safe.
 */
public final class CacheNodeState {
    private final AtomicReference<String> breakerState = new AtomicReference<>("closed");
    private final AtomicLong redisFailures = new AtomicLong();
    private final AtomicReference<String> lastFlush = new AtomicReference<>();

    /** An empty state: breaker closed, no failures, no flush. */
    public CacheNodeState() {
    }

    /**
     * The node's listener: records the state here and passes every event on to the given listeners.
     *
     * @param delegates the other listeners (the metrics, the application's), in order; thread-safe
     * @return the listener to give the node
     */
    public CacheListener listener(List<CacheListener> delegates) {
        return new Recorder(List.copyOf(Objects.requireNonNull(delegates, "delegates")));
    }

    /**
     * The Redis circuit breaker's state as last reported.
     *
     * @return {@code closed}, {@code open}, {@code half_open} or {@code forced_open}
     */
    public String breakerState() {
        return breakerState.get();
    }

    /**
     * Redis command failures seen since start.
     *
     * @return the count
     */
    public long redisFailures() {
        return redisFailures.get();
    }

    /**
     * The latest L1 flush, e.g. {@code question-pools: subscription_lost}.
     *
     * @return the flush, {@code null} when none happened
     */
    public String lastFlush() {
        return lastFlush.get();
    }

    /** Records the state and passes events on. */
    private final class Recorder implements CacheListener {
        private final List<CacheListener> delegates;

        Recorder(List<CacheListener> delegates) {
            this.delegates = delegates;
        }

        @Override
        public void onRegionCreated(String region) {
            delegates.forEach(d -> d.onRegionCreated(region));
        }

        @Override
        public void onGet(String region, CacheLevel level, boolean hit, int count) {
            delegates.forEach(d -> d.onGet(region, level, hit, count));
        }

        @Override
        public void onLoad(String region, long nanos, boolean success) {
            delegates.forEach(d -> d.onLoad(region, nanos, success));
        }

        @Override
        public void onEviction(String region, String cause) {
            delegates.forEach(d -> d.onEviction(region, cause));
        }

        @Override
        public void onInvalidationSent(String region, int count) {
            delegates.forEach(d -> d.onInvalidationSent(region, count));
        }

        @Override
        public void onInvalidationReceived(String region, int count) {
            delegates.forEach(d -> d.onInvalidationReceived(region, count));
        }

        @Override
        public void onFlush(String region, FlushReason reason) {
            lastFlush.set(region + ": " + reason.name().toLowerCase(java.util.Locale.ROOT));
            delegates.forEach(d -> d.onFlush(region, reason));
        }

        @Override
        public void onBreakerStateChange(CircuitBreaker.State from, CircuitBreaker.State to) {
            breakerState.set(to.name().toLowerCase(java.util.Locale.ROOT));
            delegates.forEach(d -> d.onBreakerStateChange(from, to));
        }

        @Override
        public void onRedisFailure(String operation, Throwable error) {
            redisFailures.incrementAndGet();
            delegates.forEach(d -> d.onRedisFailure(operation, error));
        }
    }
}
