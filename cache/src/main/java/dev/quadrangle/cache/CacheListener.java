package dev.quadrangle.cache;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * Receives what a {@link CacheNode} and its regions do, for metrics and logs; every method has a
 * no-op default, so an implementation overrides only what it needs.
 *
 * <p>Methods are called on the thread that did the work (a caller's thread, a Lettuce I/O thread or a
 * cache thread), so they must be fast, thread-safe and must not throw; an exception thrown by a
 * listener is logged and otherwise ignored. {@link CacheMetrics} is the Micrometer implementation.
 */
public interface CacheListener {

    /** A listener that ignores everything. */
    CacheListener NONE = new CacheListener() {
    };

    /**
     * A region was created on this node, before any read of it; metrics use it to register the region's
     * meters at zero so they show from the start.
     *
     * @param region the region name
     */
    default void onRegionCreated(String region) {
    }

    /**
     * A read was answered by, or missed, one level.
     *
     * @param region the region name
     * @param level the level
     * @param hit whether the level held a usable value
     * @param count how many keys the read covered (bulk reads report once)
     */
    default void onGet(String region, CacheLevel level, boolean hit, int count) {
    }

    /**
     * The loader ran on this node.
     *
     * @param region the region name
     * @param nanos how long it ran
     * @param success whether it returned normally
     */
    default void onLoad(String region, long nanos, boolean success) {
    }

    /**
     * The in-process level evicted an entry because of its size bound or its age.
     *
     * @param region the region name
     * @param cause Caffeine's removal cause in lower case ({@code size}, {@code expired}, {@code collected})
     */
    default void onEviction(String region, String cause) {
    }

    /**
     * This node published invalidations to the other nodes.
     *
     * @param region the region name
     * @param count how many keys, tags or region flushes the message carried
     */
    default void onInvalidationSent(String region, int count) {
    }

    /**
     * This node applied invalidations published by another node.
     *
     * @param region the region name
     * @param count how many keys, tags or region flushes the message carried
     */
    default void onInvalidationReceived(String region, int count) {
    }

    /**
     * This node dropped a whole region from its in-process level on its own.
     *
     * @param region the region name
     * @param reason why
     */
    default void onFlush(String region, FlushReason reason) {
    }

    /**
     * The circuit breaker in front of Redis changed state.
     *
     * @param from the previous state
     * @param to the new state
     */
    default void onBreakerStateChange(CircuitBreaker.State from, CircuitBreaker.State to) {
    }

    /**
     * A Redis command failed or was refused by the open circuit breaker; the cache went on without it.
     *
     * @param operation what the cache tried ({@code get}, {@code set}, {@code publish}, ...)
     * @param error the failure
     */
    default void onRedisFailure(String operation, Throwable error) {
    }
}
