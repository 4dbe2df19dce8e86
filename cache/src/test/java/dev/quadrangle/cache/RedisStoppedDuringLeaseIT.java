package dev.quadrangle.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.RedisNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Redis stopped while node A holds a key's cross-node single-flight lease and node B's readers wait for
 * A's fill. The lease lives 60 s, so only noticing that Redis is gone can free the waiters: each must
 * fall back to its own loader within a bound. What is lost: nothing; every reader gets the loaded value,
 * and A's load, finished after Redis went away, still answers its caller.
 */
@RealServices
class RedisStoppedDuringLeaseIT {
    private static final int WAITERS = 4;
    private static final Duration REDIS_TIMEOUT = Duration.ofMillis(200);
    /** Generous for a shared machine; the lease alone would hold the waiters for 60 s. */
    private static final Duration FALLBACK_BOUND = Duration.ofSeconds(20);

    @Test
    void waitersOnAnotherNodeFallBackToTheirLoaderWhenRedisStops(RedisNode redis) throws Exception {
        assumeTrue(redis.controllable(), "Redis is external");
        String app = "lease" + System.nanoTime();
        RegionConfig<String, String> config = Scenarios.region("questions").crossNodeSingleFlight(true)
                .leaseTtl(Duration.ofSeconds(60)).build();
        L2Misses missesOnB = new L2Misses();
        CountDownLatch holderLoading = new CountDownLatch(1);
        CountDownLatch releaseHolder = new CountDownLatch(1);
        AtomicInteger loadsOnB = new AtomicInteger();
        try (TestRedis clients = new TestRedis(redis);
                CacheNode nodeA = CacheNode.builder().application(app).redis(clients.client()).nodeId("node-a")
                        .redisTimeout(REDIS_TIMEOUT).build();
                CacheNode nodeB = CacheNode.builder().application(app).redis(clients.client()).nodeId("node-b")
                        .redisTimeout(REDIS_TIMEOUT).listener(missesOnB).build()) {
            MultiLevelCache<String, String> a = nodeA.region(config);
            MultiLevelCache<String, String> b = nodeB.region(config);
            CompletableFuture<String> holder = new CompletableFuture<>();
            Thread holding = daemon("lease-holder", () -> {
                try {
                    holder.complete(a.get("q1", k -> {
                        holderLoading.countDown();
                        await(releaseHolder);
                        return "from-a";
                    }));
                } catch (Throwable e) {
                    holder.completeExceptionally(e);
                }
            });
            holding.start();
            assertThat(holderLoading.await(30, TimeUnit.SECONDS)).as("A loads under the lease").isTrue();

            List<CompletableFuture<String>> waiters = new ArrayList<>();
            AtomicLong[] returnedAt = new AtomicLong[WAITERS];
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < WAITERS; i++) {
                CompletableFuture<String> result = new CompletableFuture<>();
                AtomicLong at = new AtomicLong();
                returnedAt[i] = at;
                waiters.add(result);
                threads.add(daemon("waiter-" + i, () -> {
                    try {
                        result.complete(b.get("q1", k -> {
                            loadsOnB.incrementAndGet();
                            return "from-b";
                        }));
                    } catch (Throwable e) {
                        result.completeExceptionally(e);
                    } finally {
                        at.set(System.nanoTime());
                    }
                }));
            }
            try {
                threads.forEach(Thread::start);
                // B's readers poll Redis for A's fill: each poll is an L2 miss on B
                TestRedis.await("B's readers waiting for A's fill", Duration.ofSeconds(30), () -> missesOnB.count.get() >= 20);
                assertThat(waiters).noneMatch(CompletableFuture::isDone);
                assertThat(loadsOnB).hasValue(0);

                long stopped = System.nanoTime();
                redis.stop();
                try {
                    for (CompletableFuture<String> w : waiters) {
                        assertThat(w.get(FALLBACK_BOUND.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("from-b");
                    }
                    long slowest = 0;
                    for (AtomicLong at : returnedAt) {
                        slowest = Math.max(slowest, at.get() - stopped);
                    }
                    releaseHolder.countDown();
                    assertThat(holder.get(30, TimeUnit.SECONDS)).as("A's caller").isEqualTo("from-a");
                    System.out.printf("Redis stopped under a held lease: %d waiters on B fell back to their loader "
                            + "(%d loads) within %.1f ms of the stop (redisTimeout %d ms, leaseTtl 60 s)%n", WAITERS,
                            loadsOnB.get(), slowest / 1e6, REDIS_TIMEOUT.toMillis());
                    assertThat(loadsOnB.get()).as("B's loads: its waiters share one through B's own single flight")
                            .isEqualTo(1);
                } finally {
                    redis.start();
                }
            } finally {
                releaseHolder.countDown();
                for (Thread t : threads) {
                    t.join(10_000);
                }
                holding.join(10_000);
            }
        }
    }

    private static Thread daemon(String name, Runnable work) {
        Thread t = new Thread(work, name);
        t.setDaemon(true);
        return t;
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the lease holder");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Counts L2 misses. */
    private static final class L2Misses implements CacheListener {
        final AtomicInteger count = new AtomicInteger();

        @Override
        public void onGet(String region, CacheLevel level, boolean hit, int count) {
            if (level == CacheLevel.L2 && !hit) {
                this.count.addAndGet(count);
            }
        }
    }
}
