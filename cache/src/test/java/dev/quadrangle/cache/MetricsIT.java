package dev.quadrangle.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.RedisNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@RealServices
class MetricsIT {

    @Test
    void metricsCountGetsLoadsInvalidationsEvictionsAndBreakerState(RedisNode node) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CacheMetrics metrics = new CacheMetrics();
        metrics.bindTo(registry);
        String app = "metrics" + System.nanoTime();
        try (TestRedis redis = new TestRedis(node)) {
            RegionConfig<String, String> config = Scenarios.region("m").maximumSize(2).build();
            MultiLevelCache<String, String> a = redis.node(app, "node-a", metrics).region(config);
            MultiLevelCache<String, String> b = redis.node(app, "node-b").region(config);
            assertThat(a.get("k1", k -> "v1")).isEqualTo("v1");
            assertThat(a.get("k1", k -> "unused")).isEqualTo("v1");
            b.put("k2", "v2");
            assertThat(a.get("k2", k -> "unused")).isEqualTo("v2");
            // B's publisher coalesces equal operations queued together, so let the put's message
            // arrive before the invalidation of the same key is queued
            TestRedis.await("A to receive the put", Duration.ofSeconds(5),
                    () -> count(registry, "quadrangle.cache.invalidations", "direction", "received") == 1);
            b.invalidate("k2");
            TestRedis.await("A to receive the put and the invalidation", Duration.ofSeconds(5),
                    () -> count(registry, "quadrangle.cache.invalidations", "direction", "received") == 2);
            a.put("k3", "v3");
            TestRedis.await("A to publish", Duration.ofSeconds(5),
                    () -> count(registry, "quadrangle.cache.invalidations", "direction", "sent") == 1);
            a.put("k4", "v4");
            a.put("k5", "v5");
            TestRedis.await("an eviction by size", Duration.ofSeconds(5),
                    () -> count(registry, "quadrangle.cache.evictions", "cause", "size") >= 1);

            assertThat(registry.get("quadrangle.cache.gets").tags("region", "m", "level", "l1", "result", "hit").counter().count())
                    .isEqualTo(1);
            assertThat(registry.get("quadrangle.cache.gets").tags("region", "m", "level", "l1", "result", "miss").counter().count())
                    .isEqualTo(2);
            assertThat(registry.get("quadrangle.cache.gets").tags("region", "m", "level", "l2", "result", "miss").counter().count())
                    .isEqualTo(1);
            assertThat(registry.get("quadrangle.cache.gets").tags("region", "m", "level", "l2", "result", "hit").counter().count())
                    .isEqualTo(1);
            assertThat(registry.get("quadrangle.cache.loads").tags("region", "m", "result", "success").timer().count()).isEqualTo(1);
            assertThat(registry.get("quadrangle.cache.breaker.state").tag("state", "closed").gauge().value()).isEqualTo(1.0);
            assertThat(registry.get("quadrangle.cache.breaker.state").tag("state", "open").gauge().value()).isEqualTo(0.0);
        }
    }

    private static double count(SimpleMeterRegistry registry, String name, String tag, String value) {
        var counter = registry.find(name).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }
}
