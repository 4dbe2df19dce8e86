package dev.quadrangle.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.RedisNode;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How long entries live in real Redis: TTLs spread by jitter, and cached misses that expire and load again. */
@RealServices
class EntryLifetimeIT {

    @Test
    void jitterSpreadsTheRedisTimeToLiveOfEntriesWrittenTogether(RedisNode redis) {
        Duration ttl = Duration.ofMinutes(10);
        try (TestRedis clients = new TestRedis(redis)) {
            CacheNode node = clients.node("lifetime-jitter", "node-1");
            MultiLevelCache<String, String> region = node.region(RegionConfig
                    .builder("spread", KeyCodec.strings(), ValueCodec.utf8())
                    .ttl(ttl).jitter(0.5).build());
            int keys = 40;
            for (int i = 0; i < keys; i++) {
                region.put("k" + i, "value " + i);
            }
            RedisCommands<String, String> admin = clients.admin().sync();
            List<String> entries = admin.keys("*lifetime-jitter*spread*");
            List<Long> remaining = new ArrayList<>();
            for (int i = 0; i < keys; i++) {
                String suffix = ":k" + i;
                String key = entries.stream().filter(k -> k.endsWith(suffix)).findFirst()
                        .orElseThrow(() -> new AssertionError("no Redis entry for k" + suffix + " among " + entries));
                remaining.add(admin.pttl(key));
            }
            long min = remaining.stream().mapToLong(Long::longValue).min().orElseThrow();
            long max = remaining.stream().mapToLong(Long::longValue).max().orElseThrow();
            // every entry lives between half the TTL and the TTL; the 40 lives cover much of that half
            assertThat(remaining).as("PTTL of each entry, ms").allSatisfy(left -> assertThat(left)
                    .isPositive().isLessThanOrEqualTo(ttl.toMillis()).isGreaterThan(ttl.toMillis() / 2 - 60_000));
            assertThat(max - min).as("spread of %s", remaining).isGreaterThan(ttl.toMillis() / 10);
            assertThat(remaining.stream().distinct().count()).isGreaterThan(keys / 2);
        }
    }

    @Test
    void aCachedMissExpiresAfterTheNegativeTtlAndTheLoaderRunsAgain(RedisNode redis) {
        Duration negativeTtl = Duration.ofMillis(1500);
        try (TestRedis clients = new TestRedis(redis)) {
            CacheNode node = clients.node("lifetime-negative", "node-1");
            MultiLevelCache<String, String> region = node.region(RegionConfig
                    .builder("misses", KeyCodec.strings(), ValueCodec.utf8())
                    .ttl(Duration.ofMinutes(10)).maxL1Age(Duration.ofMinutes(5)).negativeTtl(negativeTtl).build());
            AtomicInteger loads = new AtomicInteger();
            long firstLoad = System.nanoTime();
            assertThat(region.find("absent", k -> {
                loads.incrementAndGet();
                return Optional.empty();
            })).isEmpty();
            assertThat(loads).hasValue(1);

            // polled until the loader runs again; each poll within the negative TTL is answered by the cached miss
            long[] reloadedAfter = {-1};
            TestRedis.await("the cached miss to expire and the loader to run again", Duration.ofSeconds(60), () -> {
                region.find("absent", k -> {
                    if (loads.incrementAndGet() == 2) {
                        reloadedAfter[0] = System.nanoTime() - firstLoad;
                    }
                    return Optional.empty();
                });
                return loads.get() >= 2;
            });
            assertThat(Duration.ofNanos(reloadedAfter[0])).as("the miss was cached until the negative TTL ran out")
                    .isGreaterThanOrEqualTo(negativeTtl.minusMillis(10));
            assertThat(loads).hasValue(2);
        }
    }
}
