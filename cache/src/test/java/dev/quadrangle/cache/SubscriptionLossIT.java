package dev.quadrangle.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.RedisNode;
import io.lettuce.core.KillArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;

@RealServices
class SubscriptionLossIT {
    private static final int KEYS = 200;
    /** The documented bound while the subscription is down: L1 entries live at most this long. */
    private static final Duration DEGRADED_TTL = Duration.ofSeconds(60);
    /** Well short of the degraded TTL: only the flush on resubscription makes B fresh within it. */
    private static final Duration FRESH_AFTER_RESUBSCRIBE = Duration.ofSeconds(20);

    @Test
    void killedSubscriptionFlushesBAndBNeverServesStalerThanTheBound(RedisNode node) throws Exception {
        FlushCounter flushes = new FlushCounter();
        String app = "sub" + System.nanoTime();
        RegionConfig<String, String> config = RegionConfig.builder("answers", KeyCodec.strings(), ValueCodec.utf8())
                .ttl(TtlTier.HOT).build();
        try (TestRedis redis = new TestRedis(node)) {
            MultiLevelCache<String, String> a = CacheNode.builder().application(app).redis(redis.client()).nodeId("node-a")
                    .degradedL1Ttl(DEGRADED_TTL).build().region(config);
            CacheNode nodeB = CacheNode.builder().application(app).redis(redis.client()).nodeId("node-b")
                    .degradedL1Ttl(DEGRADED_TTL).listener(flushes).build();
            MultiLevelCache<String, String> b = nodeB.region(config);
            AtomicLongArray written = new AtomicLongArray(KEYS);
            long[][] writtenAt = new long[KEYS][64];
            for (int k = 0; k < KEYS; k++) {
                a.put("k" + k, "0");
                assertThat(b.get("k" + k, x -> "unused")).isEqualTo("0");
            }
            AtomicBoolean reading = new AtomicBoolean(true);
            AtomicLong worstStaleness = new AtomicLong();
            Thread reader = new Thread(() -> readLoop(b, written, writtenAt, reading, worstStaleness), "reader-b");
            reader.setDaemon(true);
            reader.start();
            try (StatefulRedisConnection<String, String> admin = redis.admin()) {
                for (int round = 1; round <= 3; round++) {
                    assertThat(killSubscription(admin, "node-b", "node-a")).isEqualTo(1);
                    for (int k = 0; k < KEYS; k++) {
                        a.put("k" + k, Integer.toString(round));
                        writtenAt[k][round] = System.nanoTime();
                        written.set(k, round);
                    }
                    TestRedis.await("B subscribed again", Duration.ofSeconds(20), nodeB::isRedisAvailable);
                    long flushesWanted = round;
                    TestRedis.await("B flushed on resubscribing", Duration.ofSeconds(20),
                            () -> flushes.count(FlushReason.SUBSCRIPTION_LOST) >= flushesWanted);
                    int expected = round;
                    TestRedis.await("B fresh on every key", FRESH_AFTER_RESUBSCRIBE, () -> allFresh(b, written, expected));
                }
            } finally {
                reading.set(false);
                reader.join(10_000);
            }
            assertThat(flushes.count(FlushReason.SUBSCRIPTION_LOST)).isGreaterThanOrEqualTo(3);
            System.out.printf("subscription loss: worst staleness seen on B %.1f ms (bound: degradedL1Ttl %d ms), %d flushes%n",
                    worstStaleness.get() / 1e6, DEGRADED_TTL.toMillis(), flushes.count(FlushReason.SUBSCRIPTION_LOST));
            // the bound is the point: a read staler than the degraded TTL would be a defect, whatever the machine's load
            assertThat(Duration.ofNanos(worstStaleness.get())).isLessThan(DEGRADED_TTL);
        }
    }

    /**
     * Kills B's subscription connection only. B names it {@code quadrangle-cache:node-b:invalidations};
     * Lettuce does not restore the name after a reconnect, so later rounds pick the subscribed
     * connection that is not A's.
     */
    private static long killSubscription(StatefulRedisConnection<String, String> admin, String nodeId, String otherNodeId) {
        String name = "name=quadrangle-cache:" + nodeId + ":invalidations ";
        String other = "name=quadrangle-cache:" + otherNodeId + ":invalidations ";
        String list = admin.sync().clientList();
        String line = Arrays.stream(list.split("\n")).filter(l -> l.contains(name)).findFirst()
                .or(() -> Arrays.stream(list.split("\n")).filter(l -> l.contains(" flags=P ") && !l.contains(other)).findFirst())
                .orElseThrow(() -> new AssertionError("no subscription of " + nodeId + " in " + list));
        long id = Long.parseLong(line.split(" ")[0].substring("id=".length()));
        return admin.sync().clientKill(KillArgs.Builder.id(id));
    }

    private static boolean allFresh(MultiLevelCache<String, String> b, AtomicLongArray written, int round) {
        for (int k = 0; k < KEYS; k++) {
            int key = k;
            if (!b.get("k" + k, x -> Long.toString(written.get(key))).equals(Integer.toString(round))) {
                return false;
            }
        }
        return true;
    }

    /** Reads every key in turn; a read older than a write that had returned before the read began is stale. */
    private static void readLoop(MultiLevelCache<String, String> b, AtomicLongArray written, long[][] writtenAt,
            AtomicBoolean reading, AtomicLong worst) {
        while (reading.get()) {
            for (int k = 0; k < KEYS; k++) {
                long latest = written.get(k);
                long begin = System.nanoTime();
                int key = k;
                // the loader reads the source of truth, as a database read would
                int seen = Integer.parseInt(b.get("k" + k, x -> Long.toString(written.get(key))));
                if (seen < latest) {
                    long staleness = begin - writtenAt[k][seen + 1];
                    worst.accumulateAndGet(staleness, Math::max);
                }
            }
        }
    }

    /** Counts flushes by reason. */
    static final class FlushCounter implements CacheListener {
        private final ConcurrentHashMap<FlushReason, AtomicLong> counts = new ConcurrentHashMap<>();

        @Override
        public void onFlush(String region, FlushReason reason) {
            counts.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
        }

        long count(FlushReason reason) {
            AtomicLong c = counts.get(reason);
            return c == null ? 0 : c.get();
        }
    }
}
