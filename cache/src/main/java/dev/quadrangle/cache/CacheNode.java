package dev.quadrangle.cache;

import dev.quadrangle.cache.internal.Checks;
import dev.quadrangle.cache.internal.DefaultCacheNode;
import dev.quadrangle.cache.internal.NodeSettings;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * This process's member of a multi-level cache: one Redis connection, one subscription to the
 * invalidation channel of the application, one circuit breaker, and the regions opened on it.
 *
 * <!-- snippet: consumers/plain/src/test/java/dev/quadrangle/examples/JavadocExamples.java#cache-node -->
 * <pre>{@code
 * CacheNode node = CacheNode.builder().application("campus").redis(redisClient).build();
 * MultiLevelCache<String, String> pools = node.region(RegionConfig
 *         .builder("question-pools", KeyCodec.strings(), ValueCodec.utf8())
 *         .ttl(TtlTier.WARM).tagOf(key -> key.substring(0, key.indexOf('/'))).build());
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} closes the connections the node opened and its threads; the
 * {@link RedisClient} or {@link RedisClusterClient} passed in belongs to the host and is never closed.
 */
public interface CacheNode extends AutoCloseable {

    /**
     * Starts a node configuration.
     *
     * @return a builder with the defaults
     */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Opens a region on this node (regions with the same name on other nodes share L2 and messages).
     *
     * @param config the region's configuration
     * @param <K> the key type
     * @param <V> the value type
     * @return the region, closed with the node
     * @throws IllegalStateException when a region of that name is already open on this node, or the
     *     node is closed
     */
    <K, V> MultiLevelCache<K, V> region(RegionConfig<K, V> config);

    /**
     * This node's identity in invalidation messages.
     *
     * @return the node id
     */
    String nodeId();

    /**
     * Whether Redis is currently used: the circuit breaker is closed and the subscription is live.
     * When {@code false}, L1 entries are kept only for {@link Builder#degradedL1Ttl(Duration)}.
     *
     * @return whether the node is connected and subscribed
     */
    boolean isRedisAvailable();

    /** Closes the node's connections and threads; the host's Redis client stays open. Idempotent. */
    @Override
    void close();

    /**
     * Builds a {@link CacheNode}. Not thread-safe.
     */
    final class Builder {
        /** Default timeout of one Redis command: 500 ms. */
        public static final Duration DEFAULT_REDIS_TIMEOUT = Duration.ofMillis(500);
        /** Default life of L1 entries while Redis or the subscription is down: 2 seconds. */
        public static final Duration DEFAULT_DEGRADED_L1_TTL = Duration.ofSeconds(2);
        /** Default number of invalidations kept for replay while Redis is down: 10,000. */
        public static final int DEFAULT_PENDING_INVALIDATIONS = 10_000;

        private String application;
        private AbstractRedisClient client;
        private boolean cluster;
        private Duration redisTimeout = DEFAULT_REDIS_TIMEOUT;
        private Duration degradedL1Ttl = DEFAULT_DEGRADED_L1_TTL;
        private CircuitBreakerConfig breaker;
        private CacheListener listener = CacheListener.NONE;
        private String nodeId;
        private int pendingInvalidations = DEFAULT_PENDING_INVALIDATIONS;
        private boolean redisRequiredAtStart = true;
        private CacheClock clock = CacheClock.system();

        Builder() {
        }

        /**
         * Names the application: the first segment of every key and of the invalidation channel.
         *
         * @param name 1 to 64 of {@code a-z 0-9 . _ -}
         * @return this builder
         * @throws IllegalArgumentException when the name is not allowed
         */
        public Builder application(String name) {
            this.application = Checks.name("application", name);
            return this;
        }

        /**
         * Uses a standalone Redis through the host's client (never closed by the node).
         *
         * @param client the client
         * @return this builder
         */
        public Builder redis(RedisClient client) {
            this.client = Objects.requireNonNull(client, "client must not be null");
            this.cluster = false;
            return this;
        }

        /**
         * Uses a Redis Cluster through the host's cluster client (never closed by the node).
         *
         * @param client the cluster client
         * @return this builder
         */
        public Builder redisCluster(RedisClusterClient client) {
            this.client = Objects.requireNonNull(client, "client must not be null");
            this.cluster = true;
            return this;
        }

        /**
         * Sets how long one Redis command may take before the cache goes on without it.
         *
         * @param timeout 10 ms to 60 s (default 500 ms)
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder redisTimeout(Duration timeout) {
            this.redisTimeout = Checks.duration("redisTimeout", timeout, Duration.ofMillis(10), Duration.ofSeconds(60));
            return this;
        }

        /**
         * Sets how long L1 entries live while Redis or the subscription is down (invalidations from
         * other nodes cannot arrive then); this is the staleness bound during an outage.
         *
         * @param ttl 1 ms to 10 minutes (default 2 s)
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder degradedL1Ttl(Duration ttl) {
            this.degradedL1Ttl = Checks.duration("degradedL1Ttl", ttl, Duration.ofMillis(1), Duration.ofMinutes(10));
            return this;
        }

        /**
         * Replaces the circuit breaker configuration (default: opens at 50% failures over the last 20
         * calls, at least 10; stays open 1 s; 2 trial calls).
         *
         * @param config the Resilience4j configuration
         * @return this builder
         */
        public Builder circuitBreaker(CircuitBreakerConfig config) {
            this.breaker = Objects.requireNonNull(config, "config must not be null");
            return this;
        }

        /**
         * Sets the listener for metrics and logs (default none); see {@link CacheMetrics}.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(CacheListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener must not be null");
            return this;
        }

        /**
         * Sets the node id used in invalidation messages (default: a random UUID).
         *
         * @param nodeId 1 to 64 of {@code a-z 0-9 . _ -}
         * @return this builder
         * @throws IllegalArgumentException when not allowed
         */
        public Builder nodeId(String nodeId) {
            this.nodeId = Checks.name("nodeId", nodeId);
            return this;
        }

        /**
         * Sets how many invalidations are remembered for replay while Redis is down; beyond that the
         * affected regions are invalidated whole when Redis is back.
         *
         * @param limit 1 to 1,000,000 (default 10,000)
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder pendingInvalidations(int limit) {
            this.pendingInvalidations = (int) Checks.range("pendingInvalidations", limit, 1, 1_000_000);
            return this;
        }

        /**
         * Sets whether {@link #build()} fails when Redis cannot be reached (default {@code true}: a
         * wrong address shows at start). With {@code false} the node starts without Redis, as in an
         * outage: L1 entries live at most {@link #degradedL1Ttl(Duration)}, misses go to the loader,
         * invalidations are kept for replay, {@link CacheNode#isRedisAvailable()} is {@code false} and
         * the breaker is reported {@code FORCED_OPEN}. The node tries to connect and subscribe every
         * second; once both succeed it replays the invalidations and flushes L1, as after any outage.
         *
         * @param required whether Redis must be reachable at start
         * @return this builder
         */
        public Builder redisRequiredAtStart(boolean required) {
            this.redisRequiredAtStart = required;
            return this;
        }

        /**
         * Sets the clock that ages entries (default {@link CacheClock#system()}): the life of L1
         * entries ({@code l1Ttl}, {@code maxL1Age}, {@link #degradedL1Ttl(Duration)}), refresh-after-write,
         * and the freshness written into Redis entries (TTL, negative TTL, stale-while-revalidate). Redis's
         * own key expiry, command timeouts, leases and reconnect attempts use real time. Meant for tests,
         * which advance a clock instead of sleeping; every node of an application must see the same wall
         * clock.
         *
         * @param ticker the clock
         * @return this builder
         */
        public Builder ticker(CacheClock ticker) {
            this.clock = Objects.requireNonNull(ticker, "ticker must not be null");
            return this;
        }

        /**
         * Connects, subscribes and returns the node.
         *
         * @return the running node
         * @throws IllegalStateException when the application or the Redis client is not set, or
         *     Redis cannot be reached and {@link #redisRequiredAtStart(boolean)} is {@code true}
         */
        public CacheNode build() {
            if (application == null) {
                throw new IllegalStateException("application must be set");
            }
            if (client == null) {
                throw new IllegalStateException("a Redis client must be set with redis(...) or redisCluster(...)");
            }
            CircuitBreakerConfig breakerConfig = breaker != null ? breaker : CircuitBreakerConfig.custom()
                    .failureRateThreshold(50)
                    .slidingWindowSize(20)
                    .minimumNumberOfCalls(10)
                    .waitDurationInOpenState(Duration.ofSeconds(1))
                    .permittedNumberOfCallsInHalfOpenState(2)
                    .build();
            String id = nodeId != null ? nodeId : UUID.randomUUID().toString();
            return new DefaultCacheNode(new NodeSettings(application, client, cluster, redisTimeout, degradedL1Ttl,
                    breakerConfig, listener, id, pendingInvalidations, redisRequiredAtStart, clock));
        }
    }
}
