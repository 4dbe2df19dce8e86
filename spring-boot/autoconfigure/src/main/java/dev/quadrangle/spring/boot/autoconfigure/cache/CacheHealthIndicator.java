package dev.quadrangle.spring.boot.autoconfigure.cache;

import dev.quadrangle.cache.CacheNode;
import java.util.Objects;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the cache node: the Redis circuit breaker and the invalidation subscription. Always UP: with
 * Redis lost the node serves from L1 (bounded by its degraded L1 lifetime) and the loaders, so the
 * application keeps answering; the details say {@code redis: unavailable} and the breaker's state.
 * Thread-safe.
 */
public final class CacheHealthIndicator extends AbstractHealthIndicator {
    private final CacheNode node;
    private final CacheNodeState state;

    /**
     * A health indicator of a cache node.
     *
     * @param node the node
     * @param state its state listener, or {@code null} when the node reports to another listener
     */
    public CacheHealthIndicator(CacheNode node, CacheNodeState state) {
        super("Cache health check failed");
        this.node = Objects.requireNonNull(node, "node");
        this.state = state;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean available = node.isRedisAvailable();
        builder.up().withDetail("redis", available ? "available" : "unavailable")
                .withDetail("subscribed", available)
                .withDetail("nodeId", node.nodeId());
        if (state != null) {
            builder.withDetail("breaker", state.breakerState())
                    .withDetail("redisFailures", state.redisFailures());
            if (state.lastFlush() != null) {
                builder.withDetail("lastFlush", state.lastFlush());
            }
        }
    }
}
