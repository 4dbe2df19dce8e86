package dev.quadrangle.cache.internal;

import dev.quadrangle.cache.CacheClock;
import dev.quadrangle.cache.CacheListener;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.lettuce.core.AbstractRedisClient;
import java.time.Duration;

/**
 * The validated settings of a cache node.
 *
 * @param application the application name
 * @param client the host's Redis client
 * @param cluster whether the client is a cluster client
 * @param redisTimeout the per-command timeout
 * @param degradedL1Ttl the L1 life while Redis or the subscription is down
 * @param breaker the circuit breaker configuration
 * @param listener the event listener
 * @param nodeId the node id
 * @param pendingInvalidations the replay limit
 * @param redisRequiredAtStart whether the node fails to start when Redis cannot be reached
 * @param clock the time source of entry lifetimes and freshness
 */
public record NodeSettings(String application, AbstractRedisClient client, boolean cluster, Duration redisTimeout,
        Duration degradedL1Ttl, CircuitBreakerConfig breaker, CacheListener listener, String nodeId,
        int pendingInvalidations, boolean redisRequiredAtStart, CacheClock clock) {
}
