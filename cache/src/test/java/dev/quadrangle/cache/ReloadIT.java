package dev.quadrangle.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.RedisNode;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@RealServices
class ReloadIT {
    private TestRedis redis;
    private CacheNode node;
    private final ManualClock clock = new ManualClock();

    @BeforeEach
    void node(RedisNode server) {
        redis = new TestRedis(server);
        node = redis.node("reload" + System.nanoTime(), "node-a", CacheListener.NONE, clock);
    }

    @AfterEach
    void close() {
        redis.close();
    }

    @Test
    void refreshAfterWriteServesTheCachedValueAndReloadsInTheBackground() {
        MultiLevelCache<String, String> region = node.region(Scenarios.region("refresh")
                .refreshAfterWrite(Duration.ofSeconds(1)).build());
        AtomicReference<String> source = new AtomicReference<>("v1");
        AtomicInteger loads = new AtomicInteger();
        assertThat(region.get("k", k -> load(source, loads))).isEqualTo("v1");
        source.set("v2");
        assertThat(region.get("k", k -> load(source, loads))).as("fresh entry, no reload").isEqualTo("v1");
        clock.advance(Duration.ofMillis(999));
        assertThat(region.get("k", k -> load(source, loads))).as("not yet due").isEqualTo("v1");
        assertThat(loads).hasValue(1);
        clock.advance(Duration.ofMillis(2));
        assertThat(region.get("k", k -> load(source, loads))).as("due for refresh: still the cached value").isEqualTo("v1");
        TestRedis.await("the background reload", Duration.ofSeconds(5),
                () -> region.get("k", k -> load(source, loads)).equals("v2"));
        assertThat(loads).hasValue(2);
    }

    @Test
    void staleWhileRevalidateServesAnExpiredRedisEntryWhileOneReloadRuns() {
        RegionConfig<String, String> config = Scenarios.region("swr").ttl(Duration.ofSeconds(3)).jitter(0)
                .staleWhileRevalidate(Duration.ofSeconds(30)).maxL1Age(Duration.ofMillis(50)).build();
        MultiLevelCache<String, String> region = node.region(config);
        region.put("k", "v1");
        clock.advance(Duration.ofMillis(3_100));
        AtomicReference<String> source = new AtomicReference<>("v2");
        AtomicInteger loads = new AtomicInteger();
        assertThat(region.get("k", k -> load(source, loads))).as("past its TTL: the stale value").isEqualTo("v1");
        TestRedis.await("the background reload", Duration.ofSeconds(5),
                () -> region.get("k", k -> load(source, loads)).equals("v2"));
        assertThat(loads).hasValue(1);
    }

    @Test
    void maxL1AgeBoundsStalenessWhenNoInvalidationArrives() {
        MultiLevelCache<String, String> region = node.region(Scenarios.region("bounded").maxL1Age(Duration.ofSeconds(1)).build());
        try (var admin = redis.admin()) {
            assertThat(region.get("k", k -> "v1")).isEqualTo("v1");
            // the source changes and Redis loses the entry, and no node says so
            String redisKey = admin.sync().keys("*:bounded:k::k").get(0);
            assertThat(admin.sync().del(redisKey)).isEqualTo(1L);
            assertThat(region.get("k", k -> "v2")).as("served from L1 until maxL1Age").isEqualTo("v1");
            clock.advance(Duration.ofMillis(999));
            assertThat(region.get("k", k -> "v2")).as("still within maxL1Age").isEqualTo("v1");
            clock.advance(Duration.ofMillis(2));
            assertThat(region.get("k", k -> "v2")).as("aged out just past maxL1Age").isEqualTo("v2");
        }
    }

    private static String load(AtomicReference<String> source, AtomicInteger loads) {
        loads.incrementAndGet();
        return source.get();
    }
}
