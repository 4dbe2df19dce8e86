package dev.quadrangle.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Scenarios shared by the standalone and the Redis Cluster tests. */
final class Scenarios {
    private Scenarios() {
    }

    /**
     * 1,000 threads (half on each node) get one missing key at once; the loader takes 300 ms.
     *
     * @return how many times the loader ran
     */
    static int stampede(MultiLevelCache<String, String> a, MultiLevelCache<String, String> b, String key)
            throws InterruptedException {
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch ready = new CountDownLatch(1_000);
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1_000);
        ConcurrentHashMap<String, AtomicInteger> results = new ConcurrentHashMap<>();
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            MultiLevelCache<String, String> node = i % 2 == 0 ? a : b;
            Thread t = new Thread(() -> {
                ready.countDown();
                try {
                    start.await();
                    String value = node.get(key, k -> {
                        loads.incrementAndGet();
                        sleep(300);
                        return "loaded-" + k;
                    });
                    results.computeIfAbsent(value, v -> new AtomicInteger()).incrementAndGet();
                } catch (Throwable e) {
                    errors.add(e);
                } finally {
                    done.countDown();
                }
            }, "stampede-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        assertThat(ready.await(30, TimeUnit.SECONDS)).as("threads ready").isTrue();
        start.countDown();
        assertThat(done.await(60, TimeUnit.SECONDS)).as("gets done").isTrue();
        assertThat(errors).isEmpty();
        assertThat(results).containsOnlyKeys("loaded-" + key);
        assertThat(results.get("loaded-" + key)).hasValue(1_000);
        return loads.get();
    }

    /**
     * A writes a key 10,000 times; after each write returns, the time until B serves the new value.
     *
     * @return {p50, p99, max} in milliseconds
     */
    static double[] propagation(MultiLevelCache<String, String> a, MultiLevelCache<String, String> b, int rounds) {
        long[] nanos = new long[rounds];
        a.put("hot", "v0");
        assertThat(b.get("hot", k -> "unused")).isEqualTo("v0");
        for (int i = 1; i <= rounds; i++) {
            String expected = "v" + i;
            a.put("hot", expected);
            long start = System.nanoTime();
            TestRedis.await("B to see " + expected, Duration.ofSeconds(5),
                    () -> b.getIfPresent("hot").map(expected::equals).orElse(false));
            nanos[i - 1] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return new double[] {nanos[rounds / 2] / 1e6, nanos[rounds * 99 / 100] / 1e6, nanos[rounds - 1] / 1e6};
    }

    /** Key, tag and region invalidation on A reach B. */
    static void invalidations(MultiLevelCache<String, String> a, MultiLevelCache<String, String> b) {
        a.put("t1/x", "1");
        a.put("t2/y", "2");
        assertThat(b.get("t1/x", k -> "unused")).isEqualTo("1");
        assertThat(b.get("t2/y", k -> "unused")).isEqualTo("2");
        a.invalidate("t1/x");
        TestRedis.await("B drops t1/x", Duration.ofSeconds(5), () -> b.getIfPresent("t1/x").isEmpty());
        assertThat(b.get("t1/x", k -> "reloaded")).isEqualTo("reloaded");
        a.invalidateTag("t1");
        TestRedis.await("B drops tag t1", Duration.ofSeconds(5), () -> b.getIfPresent("t1/x").isEmpty());
        assertThat(b.getIfPresent("t2/y")).isEqualTo(Optional.of("2"));
        b.invalidateAll();
        TestRedis.await("A drops the region", Duration.ofSeconds(5), () -> a.getIfPresent("t2/y").isEmpty());
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static RegionConfig.Builder<String, String> region(String name) {
        return RegionConfig.builder(name, KeyCodec.strings(), ValueCodec.utf8())
                .tagOf(k -> k.contains("/") ? k.substring(0, k.indexOf('/')) : null);
    }
}
