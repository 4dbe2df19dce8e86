package dev.quadrangle.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.RedisNode;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A node built while Redis is stopped: by default the build fails with a clear error; with
 * {@code redisRequiredAtStart(false)} it serves L1 and loaders, then joins once Redis is started.
 */
@RealServices
class RedisAbsentAtStartIT {
    private static final Duration DEGRADED_TTL = Duration.ofSeconds(1);

    @Test
    void aNodeThatRequiresRedisFailsToBuildWithAClearError(RedisNode node) {
        assumeTrue(node.controllable(), "Redis is external");
        try (TestRedis redis = new TestRedis(node)) {
            node.stop();
            try {
                assertThatThrownBy(() -> CacheNode.builder().application("absent").redis(redis.client()).nodeId("strict").build())
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageStartingWith("cache node strict cannot reach Redis at start")
                        .hasMessageEndingWith("set CacheNode.Builder.redisRequiredAtStart(false) to start without it");
            } finally {
                node.start();
            }
        }
    }

    @Test
    void aNodeStartedWithoutRedisServesLoadsThenJoinsWhenRedisStarts(RedisNode node) {
        assumeTrue(node.controllable(), "Redis is external");
        String app = "absent" + System.nanoTime();
        RegionConfig<String, String> config = Scenarios.region("grades").ttl(TtlTier.WARM).build();
        Map<String, String> database = new ConcurrentHashMap<>(Map.of("k1", "v1", "k2", "v1"));
        AtomicInteger loads = new AtomicInteger();
        Function<String, String> loader = k -> {
            loads.incrementAndGet();
            return database.get(k);
        };
        Events events = new Events();
        ManualClock clock = new ManualClock();
        try (TestRedis redis = new TestRedis(node)) {
            node.stop();
            CacheNode late;
            MultiLevelCache<String, String> a;
            try {
                late = CacheNode.builder().application(app).redis(redis.client()).nodeId("late").redisRequiredAtStart(false)
                        .redisTimeout(TestRedis.PATIENT_TIMEOUT).degradedL1Ttl(DEGRADED_TTL).listener(events).ticker(clock).build();
                assertThat(late.isRedisAvailable()).isFalse();
                assertThat(events.breakerStates).containsExactly(CircuitBreaker.State.FORCED_OPEN);
                a = late.region(config);

                assertThat(a.get("k1", loader)).isEqualTo("v1");
                assertThat(a.get("k1", loader)).as("an L1 hit while Redis is absent").isEqualTo("v1");
                assertThat(loads).hasValue(1);
                database.put("k1", "v2");
                a.invalidate("k1");
                assertThat(a.get("k1", loader)).isEqualTo("v2");
                assertThat(loads).hasValue(2);
                clock.advance(DEGRADED_TTL.minusMillis(1));
                assertThat(a.get("k1", loader)).as("within the degraded L1 lifetime").isEqualTo("v2");
                assertThat(loads).hasValue(2);
                clock.advance(Duration.ofMillis(2));
                assertThat(a.get("k1", loader)).as("reloaded after the degraded L1 lifetime").isEqualTo("v2");
                assertThat(loads).hasValue(3);
                // reconnect attempts run every second on real time: watch through two of them
                TestRedis.assertStays("without Redis through reconnect attempts", Duration.ofMillis(2_500),
                        () -> !late.isRedisAvailable());
                assertThat(events.sent).as("nothing published while Redis is absent").hasValue(0);
            } finally {
                node.start();
            }
            try {
                TestRedis.await("the late node to use Redis", Duration.ofSeconds(15), late::isRedisAvailable);
                TestRedis.await("the late node to flush L1", Duration.ofSeconds(5),
                        () -> events.flushes.contains(FlushReason.REDIS_RECOVERED));
                TestRedis.await("the invalidation made without Redis to be replayed", Duration.ofSeconds(5),
                        () -> events.sent.get() >= 1);
                assertThat(events.breakerStates).containsExactly(CircuitBreaker.State.FORCED_OPEN, CircuitBreaker.State.CLOSED);

                MultiLevelCache<String, String> b = redis.node(app, "other").region(config);
                assertThat(a.get("k2", loader)).isEqualTo("v1");
                int loadsBefore = loads.get();
                assertThat(b.get("k2", loader)).as("the late node's fill, read from Redis").isEqualTo("v1");
                assertThat(loads).hasValue(loadsBefore);

                database.put("k2", "v3");
                b.invalidate("k2");
                TestRedis.await("the late node to drop k2 on the other node's message", Duration.ofSeconds(5),
                        () -> "v3".equals(a.get("k2", loader)));
                assertThat(b.get("k1", loader)).isEqualTo("v2");
                database.put("k1", "v4");
                a.invalidate("k1");
                TestRedis.await("the other node to drop k1 on the late node's message", Duration.ofSeconds(5),
                        () -> "v4".equals(b.get("k1", loader)));
            } finally {
                late.close();
            }
            assertThat(events.redisFailures.get()).as("failures reported while Redis was absent").isPositive();
        }
    }

    /** What the late node reports. */
    private static final class Events implements CacheListener {
        final List<CircuitBreaker.State> breakerStates = new CopyOnWriteArrayList<>();
        final List<FlushReason> flushes = new CopyOnWriteArrayList<>();
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger redisFailures = new AtomicInteger();

        @Override
        public void onBreakerStateChange(CircuitBreaker.State from, CircuitBreaker.State to) {
            breakerStates.add(to);
        }

        @Override
        public void onFlush(String region, FlushReason reason) {
            flushes.add(reason);
        }

        @Override
        public void onInvalidationSent(String region, int count) {
            sent.addAndGet(count);
        }

        @Override
        public void onRedisFailure(String operation, Throwable error) {
            redisFailures.incrementAndGet();
        }
    }
}
