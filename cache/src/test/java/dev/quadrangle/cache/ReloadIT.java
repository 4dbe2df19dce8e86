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

    @BeforeEach
    void node(RedisNode server) {
        redis = new TestRedis(server);
        node = redis.node("reload" + System.nanoTime(), "node-a");
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
        Scenarios.sleep(1_100);
        assertThat(region.get("k", k -> load(source, loads))).as("due for refresh: still the cached value").isEqualTo("v1");
        TestRedis.await("the background reload", Duration.ofSeconds(5),
                () -> region.get("k", k -> load(source, loads)).equals("v2"));
        assertThat(loads).hasValue(2);
    }

    @Test
    void staleWhileRevalidateServesAnExpiredRedisEntryWhileOneReloadRuns() {
        RegionConfig<String, String> config = Scenarios.region("swr").ttl(Duration.ofSeconds(1)).jitter(0)
                .staleWhileRevalidate(Duration.ofSeconds(30)).maxL1Age(Duration.ofMillis(50)).build();
        MultiLevelCache<String, String> region = node.region(config);
        region.put("k", "v1");
        Scenarios.sleep(1_100);
        AtomicReference<String> source = new AtomicReference<>("v2");
        AtomicInteger loads = new AtomicInteger();
        assertThat(region.get("k", k -> load(source, loads))).as("past its TTL: the stale value").isEqualTo("v1");
        TestRedis.await("the background reload", Duration.ofSeconds(5),
                () -> region.get("k", k -> load(source, loads)).equals("v2"));
        assertThat(loads).hasValue(1);
    }

    @Test
    void maxL1AgeBoundsStalenessWhenNoInvalidationArrives() {
        MultiLevelCache<String, String> region = node.region(Scenarios.region("bounded").maxL1Age(Duration.ofMillis(300)).build());
        assertThat(region.get("k", k -> "v1")).isEqualTo("v1");
        try (var admin = redis.admin()) {
            // the source changes and Redis loses the entry, and no node says so
            assertThat(admin.sync().keys("*:bounded:_:k")).hasSize(1);
            admin.sync().del(admin.sync().keys("*:bounded:_:k").get(0));
        }
        long changed = System.nanoTime();
        assertThat(region.get("k", k -> "v2")).as("still within maxL1Age").isEqualTo("v1");
        TestRedis.await("the L1 entry to age out", Duration.ofSeconds(5), () -> region.get("k", k -> "v2").equals("v2"));
        assertThat(Duration.ofNanos(System.nanoTime() - changed)).isLessThan(Duration.ofSeconds(2));
    }

    private static String load(AtomicReference<String> source, AtomicInteger loads) {
        loads.incrementAndGet();
        return source.get();
    }
}
