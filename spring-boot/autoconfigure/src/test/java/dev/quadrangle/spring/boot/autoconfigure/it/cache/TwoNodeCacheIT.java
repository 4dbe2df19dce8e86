package dev.quadrangle.spring.boot.autoconfigure.it.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.cache.CacheNode;
import dev.quadrangle.spring.boot.autoconfigure.cache.CacheHealthIndicator;
import dev.quadrangle.spring.boot.autoconfigure.cache.QuadrangleCacheManager;
import dev.quadrangle.spring.boot.autoconfigure.it.TestServices;
import dev.quadrangle.testkit.QuadrangleServices;
import dev.quadrangle.testkit.RedisNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.CacheManager;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code @Cacheable}, {@code @CachePut} and {@code @CacheEvict} over Quadrangle regions on two nodes
 * sharing the testkit's Redis: an eviction on one node is seen by the other within the documented bound,
 * and with Redis stopped the methods still answer.
 */
class TwoNodeCacheIT {
    /** Generous for a shared machine, yet well short of the 60 s an L1 entry lives without an invalidation. */
    private static final Duration BOUND = Duration.ofSeconds(15);
    private static ConfigurableApplicationContext a;
    private static ConfigurableApplicationContext b;
    private static RedisNode redis;

    @BeforeAll
    static void start() {
        redis = QuadrangleServices.redis();
        a = node();
        b = node();
    }

    static ConfigurableApplicationContext node() {
        return new SpringApplicationBuilder(CacheApplication.class).web(WebApplicationType.NONE)
                .properties(TestServices.args(TestServices.redis()))
                .properties("spring.application.name=cache-it-" + ProcessHandle.current().pid(),
                        "quadrangle.cache.regions.pending-activities.ttl-tier=HOT",
                        "quadrangle.cache.regions.pending-activities.l1-max-age=30s",
                        "quadrangle.cache.degraded-l1-ttl=200ms")
                .run();
    }

    @AfterAll
    static void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        if (redis != null && !redis.isRunning()) {
            redis.start();
        }
    }

    static CacheApplication.Activities activities(ConfigurableApplicationContext context) {
        return context.getBean(CacheApplication.Activities.class);
    }

    @Test
    void theCacheManagerIsQuadranglesAndValuesComeBackAsTheirClass() {
        assertThat(a.getBean(CacheManager.class)).isInstanceOf(QuadrangleCacheManager.class);
        long id = System.nanoTime();
        CacheApplication.DATABASE.put(id, "fractions");
        int loadsA = activities(a).loads();
        int loadsB = activities(b).loads();
        CacheApplication.Activity first = activities(a).find(id);
        CacheApplication.Activity onB = activities(b).find(id); // from Redis (L2), decoded as the record
        assertThat(onB).isEqualTo(first);
        assertThat(activities(b).loads()).isEqualTo(loadsB);
        assertThat(activities(a).find(id)).isEqualTo(first);
        assertThat(activities(a).loads()).isEqualTo(loadsA + 1);
        assertThat(a.getBean(MeterRegistry.class).find("quadrangle.cache.gets").counters()).isNotEmpty();
    }

    @Test
    void anEvictionOnOneNodeIsSeenByTheOtherWithinTheBound() {
        long id = System.nanoTime();
        CacheApplication.DATABASE.put(id, "before");
        assertThat(activities(a).find(id).title()).isEqualTo("before");
        assertThat(activities(b).find(id).title()).isEqualTo("before"); // now in B's L1
        long started = System.nanoTime();
        activities(a).changeBehindTheCache(id, "after");
        long seenAfter = awaitMillis(() -> "after".equals(activities(b).find(id).title()));
        System.out.printf("@CacheEvict on node A seen by @Cacheable on node B after %d ms%n", seenAfter);
        assertThat(seenAfter).isLessThan(BOUND.toMillis());

        activities(b).rename(id, "renamed"); // @CachePut on B
        assertThat(awaitMillis(() -> "renamed".equals(activities(a).find(id).title()))).isLessThan(BOUND.toMillis());

        CacheApplication.DATABASE.put(id, "all-evicted");
        activities(b).evictAll(); // allEntries: the whole region on both nodes
        assertThat(awaitMillis(() -> "all-evicted".equals(activities(a).find(id).title()))).isLessThan(BOUND.toMillis());
        assertThat(started).isPositive();
    }

    @Test
    void withRedisStoppedTheMethodsStillAnswerFromTheLoaderAndHealthSaysSo() {
        long id = System.nanoTime();
        CacheApplication.DATABASE.put(id, "steady");
        assertThat(activities(a).find(id).title()).isEqualTo("steady");
        redis.stop();
        try {
            CacheNode node = a.getBean(CacheNode.class);
            awaitMillis(() -> !node.isRedisAvailable() || activities(a).find(id) != null && !node.isRedisAvailable());
            for (int i = 0; i < 50; i++) {
                assertThat(activities(a).find(id).title()).isEqualTo("steady");
                assertThat(activities(b).find(id + 1_000_000 + i)).isNull(); // a miss: the loader answers null
            }
            activities(a).changeBehindTheCache(id, "changed-while-down");
            assertThat(awaitMillis(() -> "changed-while-down".equals(activities(b).find(id).title())))
                    .as("B's L1 lives at most degraded-l1-ttl while Redis is down").isLessThan(BOUND.toMillis());
            CacheHealthIndicator health = a.getBean(CacheHealthIndicator.class);
            assertThat(health.health().getStatus().getCode()).isEqualTo("UP");
            assertThat(health.health().getDetails()).containsEntry("redis", "unavailable");
        } finally {
            redis.start();
        }
        // both nodes recovered, replayed and re-read their generations: a test run after this one (the order is
        // random) must find B reading A's fills from Redis again, not B's breaker still open or its generations old
        CacheNode nodeA = a.getBean(CacheNode.class);
        CacheNode nodeB = b.getBean(CacheNode.class);
        awaitMillis(() -> nodeA.isRedisAvailable() && nodeB.isRedisAvailable() && bReadsAFillFromRedis());
        assertThat(a.getBean(CacheHealthIndicator.class).health().getDetails()).containsEntry("redis", "available");
    }

    private static boolean bReadsAFillFromRedis() {
        long probe = System.nanoTime();
        CacheApplication.DATABASE.put(probe, "probe");
        activities(a).find(probe);
        int loadsOnB = activities(b).loads();
        activities(b).find(probe);
        return activities(b).loads() == loadsOnB;
    }

    static long awaitMillis(BooleanSupplier condition) {
        long started = System.nanoTime();
        long deadline = started + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return (System.nanoTime() - started) / 1_000_000;
    }
}
