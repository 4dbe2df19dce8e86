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
            for (int r = 0; r < READERS; r++) {
                Thread t = new Thread(() -> readLoop(region, running, loads, reads, errors), "reader-" + r);
                t.start();
                readers.add(t);
            }
            Scenarios.sleep(500);
            int loadsBefore = loads.get();
            long stopped = System.nanoTime();
            node.stop();
            try {
                TestRedis.await("the breaker to open", Duration.ofSeconds(10), () -> breaker.opened.get() > 0);
                Scenarios.sleep(OUTAGE.toMillis());
            } finally {
                node.start();
            }
            TestRedis.await("Redis to be used again", Duration.ofSeconds(20), cacheNode::isRedisAvailable);
            long degradedMillis = (System.nanoTime() - stopped) / 1_000_000;
            Scenarios.sleep(1_000);
            int loadsAfterRecovery = loads.get();
            Scenarios.sleep(1_000);
            running.set(false);
            for (Thread t : readers) {
                t.join();
            }
            int quietLoads = loads.get() - loadsAfterRecovery;
            // each key: loaded at start, at most once per degraded TTL until Redis is used again, once after the
            // restart emptied Redis, plus one for a load racing each transition
            long bound = KEYS * (2 + degradedMillis / DEGRADED_TTL.toMillis() + 3);
            System.out.printf("Redis outage of %d ms (%d ms until used again) under %d readers: %d reads, %d errors, "
                    + "%d loader calls (bound %d; %d before the outage, %d in the last second)%n", OUTAGE.toMillis(),
                    degradedMillis, READERS, reads.get(), errors.size(), loads.get(), bound, loadsBefore, quietLoads);
            assertThat(errors).isEmpty();
            assertThat(loads.get()).isLessThanOrEqualTo((int) bound);
            assertThat(quietLoads).as("loads once Redis serves again").isZero();
            assertThat(breaker.opened.get()).isGreaterThanOrEqualTo(1);
            assertThat(reads.get()).isGreaterThan(10_000);
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

    /** Counts breaker openings. */
    static final class BreakerWatch implements CacheListener {
        final AtomicInteger opened = new AtomicInteger();
        final ConcurrentHashMap<String, AtomicInteger> failures = new ConcurrentHashMap<>();

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
