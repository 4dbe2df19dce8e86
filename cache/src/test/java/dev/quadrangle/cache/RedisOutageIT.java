package dev.quadrangle.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.RedisNode;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

@RealServices
class RedisOutageIT {
    private static final int KEYS = 50;
    private static final int READERS = 4;
    private static final Duration DEGRADED_TTL = Duration.ofMillis(500);
    private static final Duration OUTAGE = Duration.ofSeconds(3);

    @Test
    void redisStoppedAndRestartedUnderReadLoadGivesNoErrorsAndBoundedLoads(RedisNode node) throws Exception {
        assumeTrue(node.controllable(), "Redis is external");
        BreakerWatch breaker = new BreakerWatch();
        AtomicInteger loads = new AtomicInteger();
        AtomicLong reads = new AtomicLong();
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        try (TestRedis redis = new TestRedis(node)) {
            CacheNode cacheNode = CacheNode.builder().application("outage" + System.nanoTime()).redis(redis.client())
                    .redisTimeout(Duration.ofMillis(100)).degradedL1Ttl(DEGRADED_TTL).listener(breaker).build();
            MultiLevelCache<String, String> region = cacheNode.region(Scenarios.region("scores").ttl(TtlTier.HOT).build());
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> readers = new ArrayList<>();
            try {
                for (int r = 0; r < READERS; r++) {
                    Thread t = new Thread(() -> readLoop(region, running, loads, reads, errors), "reader-" + r);
                    t.setDaemon(true);
                    t.start();
                    readers.add(t);
                }
                TestRedis.await("every key loaded and 2,000 reads", Duration.ofSeconds(30),
                        () -> loads.get() >= KEYS && reads.get() >= 2_000);
                int loadsBefore = loads.get();
                breaker.flushes.clear();
                long stopped = System.nanoTime();
                long readsAtStop = reads.get();
                node.stop();
                try {
                    TestRedis.await("the breaker to open", Duration.ofSeconds(10), () -> breaker.opened.get() > 0);
                    // the fault lasts at least OUTAGE, and readers must have been served through it
                    long outageEnd = stopped + OUTAGE.toNanos();
                    TestRedis.await("an outage of " + OUTAGE + " with 1,000 reads served", Duration.ofSeconds(60),
                            () -> System.nanoTime() - outageEnd >= 0 && reads.get() - readsAtStop >= 1_000);
                } finally {
                    node.start();
                }
                TestRedis.await("Redis to be used again", Duration.ofSeconds(20), cacheNode::isRedisAvailable);
                long degradedMillis = (System.nanoTime() - stopped) / 1_000_000;
                // recovery ends with two flushes of L1, in either order and on other threads: the breaker's
                // (REDIS_RECOVERED) and the re-established subscription's; each key is loaded once after them,
                // since the restart emptied Redis. Reads from L1 are too fast for "N reads without a load" alone.
                TestRedis.await("the recovery flushes", Duration.ofSeconds(20),
                        () -> breaker.flushes.contains(FlushReason.REDIS_RECOVERED)
                                && breaker.flushes.contains(FlushReason.SUBSCRIPTION_LOST));
                TestRedis.await("loads to stop after recovery (5,000 reads without one)", Duration.ofSeconds(30),
                        new QuietReads(loads, reads, 5_000));
                int loadsAfterRecovery = loads.get();
                long readsAfterRecovery = reads.get();
                TestRedis.await("5,000 more reads", Duration.ofSeconds(30), () -> reads.get() - readsAfterRecovery >= 5_000);
                int quietLoads = loads.get() - loadsAfterRecovery;
                // each key: loaded at start, at most once per degraded TTL until Redis is used again, once after the
                // restart emptied Redis, plus one for a load racing each transition
                long bound = KEYS * (2 + degradedMillis / DEGRADED_TTL.toMillis() + 3);
                System.out.printf("Redis outage of at least %d ms (%d ms until used again) under %d readers: %d reads, "
                        + "%d errors, %d loader calls (bound %d; %d before the outage, %d over 5,000 reads after it)%n",
                        OUTAGE.toMillis(), degradedMillis, READERS, reads.get(), errors.size(), loads.get(), bound,
                        loadsBefore, quietLoads);
                assertThat(errors).isEmpty();
                assertThat(loads.get()).isLessThanOrEqualTo((int) bound);
                assertThat(quietLoads).as("loads once Redis serves again").isZero();
                assertThat(breaker.opened.get()).isGreaterThanOrEqualTo(1);
                assertThat(reads.get()).isGreaterThan(10_000);
            } finally {
                running.set(false);
                for (Thread t : readers) {
                    t.join(10_000);
                }
            }
        }
    }

    /** True once {@code reads} reads in a row went by without a load. */
    private static final class QuietReads implements java.util.function.BooleanSupplier {
        private final AtomicInteger loads;
        private final AtomicLong reads;
        private final long wanted;
        private int loadsSeen = -1;
        private long readsMark;

        QuietReads(AtomicInteger loads, AtomicLong reads, long wanted) {
            this.loads = loads;
            this.reads = reads;
            this.wanted = wanted;
        }

        @Override
        public boolean getAsBoolean() {
            long r = reads.get();
            int l = loads.get();
            if (l != loadsSeen) {
                loadsSeen = l;
                readsMark = r;
                return false;
            }
            return r - readsMark >= wanted;
        }
    }

    private static void readLoop(MultiLevelCache<String, String> region, AtomicBoolean running, AtomicInteger loads,
            AtomicLong reads, List<Throwable> errors) {
        while (running.get()) {
            String key = "s" + ThreadLocalRandom.current().nextInt(KEYS);
            try {
                String value = region.get(key, k -> {
                    loads.incrementAndGet();
                    return "score-of-" + k;
                });
                if (!value.equals("score-of-" + key)) {
                    errors.add(new AssertionError("wrong value " + value + " for " + key));
                }
                reads.incrementAndGet();
            } catch (Throwable e) {
                errors.add(e);
            }
        }
    }

    /** Counts breaker openings and Redis failures, and records why L1 was flushed. */
    static final class BreakerWatch implements CacheListener {
        final AtomicInteger opened = new AtomicInteger();
        final java.util.Set<FlushReason> flushes = ConcurrentHashMap.newKeySet();
        final ConcurrentHashMap<String, AtomicInteger> failures = new ConcurrentHashMap<>();

        @Override
        public void onFlush(String region, FlushReason reason) {
            flushes.add(reason);
        }

        @Override
        public void onBreakerStateChange(CircuitBreaker.State from, CircuitBreaker.State to) {
            if (to == CircuitBreaker.State.OPEN) {
                opened.incrementAndGet();
            }
        }

        @Override
        public void onRedisFailure(String operation, Throwable error) {
            failures.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
        }
    }
}
