package dev.quadrangle.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.RedisNode;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@RealServices
class TwoNodeInvalidationIT {
    private TestRedis redis;
    private MultiLevelCache<String, String> a;
    private MultiLevelCache<String, String> b;

    @BeforeEach
    void twoNodes(RedisNode node) {
        redis = new TestRedis(node);
        String app = "inv" + System.nanoTime();
        RegionConfig<String, String> config = RegionConfig.builder("pools", KeyCodec.strings(), ValueCodec.utf8())
                .ttl(TtlTier.WARM).tagOf(k -> k.contains("/") ? k.substring(0, k.indexOf('/')) : null).build();
        a = redis.node(app, "node-a").region(config);
        b = redis.node(app, "node-b").region(config);
    }

    @AfterEach
    void close() {
        redis.close();
    }

    @Test
    void writeOnAReachesBAfterPropagation() {
        a.put("q1", "v1");
        assertThat(b.get("q1", k -> "from-loader")).isEqualTo("v1");
        a.put("q1", "v2");
        TestRedis.await("B to see v2", Duration.ofSeconds(5), () -> b.getIfPresent("q1").equals(Optional.of("v2")));
        a.invalidate("q1");
        TestRedis.await("B to drop q1", Duration.ofSeconds(5), () -> b.getIfPresent("q1").isEmpty());
        assertThat(b.get("q1", k -> "reloaded")).isEqualTo("reloaded");
        assertThat(a.get("q1", k -> "not used")).isEqualTo("reloaded");
    }

    @Test
    void propagationOfTenThousandInvalidations() {
        double[] ms = Scenarios.propagation(a, b, 10_000);
        System.out.printf("cache propagation over 10000 invalidations (standalone): p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
                ms[0], ms[1], ms[2]);
    }

    @Test
    void tagInvalidationDropsEveryKeyOfTheTagOnBothNodesWithoutTouchingOthers() {
        AtomicInteger loads = new AtomicInteger();
        for (String key : List.of("topic1/a", "topic1/b", "topic2/a")) {
            a.get(key, k -> k + "@" + loads.incrementAndGet());
            b.get(key, k -> "unused");
        }
        assertThat(loads).hasValue(3);
        a.invalidateTag("topic1");
        // B drops the tag's keys one by one as it applies the message
        TestRedis.await("B to drop topic1", Duration.ofSeconds(5),
                () -> b.getIfPresent("topic1/a").isEmpty() && b.getIfPresent("topic1/b").isEmpty());
        assertThat(a.getIfPresent("topic1/a")).isEmpty();
        assertThat(b.getIfPresent("topic2/a")).contains("topic2/a@3");
        assertThat(b.get("topic1/a", k -> "fresh")).isEqualTo("fresh");
        assertThat(a.get("topic1/a", k -> "unused")).isEqualTo("fresh");
    }

    @Test
    void regionInvalidationDropsEverythingOnBothNodes() {
        a.put("x", "1");
        a.put("y", "2");
        assertThat(b.get("x", k -> "unused")).isEqualTo("1");
        b.invalidateAll();
        TestRedis.await("A to drop x", Duration.ofSeconds(5), () -> a.getIfPresent("x").isEmpty());
        assertThat(a.getIfPresent("y")).isEmpty();
        assertThat(b.getIfPresent("x")).isEmpty();
    }

    @Test
    void getAllReadsL1ThenL2ThenLoadsTheRestAtOnce() {
        a.put("k1", "one");
        b.get("k2", k -> "two");
        AtomicInteger calls = new AtomicInteger();
        Map<String, String> all = b.getAll(List.of("k1", "k2", "k3", "k4"), missing -> {
            calls.incrementAndGet();
            assertThat(missing).containsExactlyInAnyOrder("k3", "k4");
            return missing.stream().filter(k -> !k.equals("k4")).collect(Collectors.toMap(k -> k, k -> "loaded-" + k));
        });
        assertThat(all).containsExactly(Map.entry("k1", "one"), Map.entry("k2", "two"), Map.entry("k3", "loaded-k3"));
        assertThat(calls).hasValue(1);
        assertThat(a.getAll(Set.of("k3"), missing -> Map.of())).containsEntry("k3", "loaded-k3");
    }

    @Test
    void missesAreCachedAcrossNodesForTheNegativeTtl() {
        AtomicInteger loads = new AtomicInteger();
        assertThat(a.find("absent", k -> {
            loads.incrementAndGet();
            return Optional.empty();
        })).isEmpty();
        assertThat(b.find("absent", k -> {
            loads.incrementAndGet();
            return Optional.of("should not load");
        })).isEmpty();
        assertThat(loads).hasValue(1);
        assertThat(b.get("absent", k -> "get loads past a cached miss")).isEqualTo("get loads past a cached miss");
    }

    @Test
    void keysLiveUnderTheApplicationRegionTenantNamespace(RedisNode node) {
        String app = "ns" + System.nanoTime();
        RegionConfig<String, String> config = RegionConfig.builder("grades", KeyCodec.strings(), ValueCodec.utf8())
                .tenantRequired(k -> k.split("/")[0]).tagOf(k -> k.split("/")[1]).build();
        MultiLevelCache<String, String> grades = redis.node(app, "node-ns").region(config);
        grades.put("school7/student1", "A");
        grades.invalidateTag("student1");
        grades.invalidateAll();
        try (StatefulRedisConnection<String, String> admin = redis.admin()) {
            assertThat(admin.sync().keys(app + ":*")).containsExactlyInAnyOrder(app + ":grades:k:school7:school7/student1",
                    app + ":grades:i:tag:student1", app + ":grades:i:gen");
        }
    }
}
