package dev.quadrangle.cache;

import dev.quadrangle.testkit.QuadrangleServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random interleavings of writes, invalidations and reads on two nodes, run concurrently (one thread
 * per node), against a "database" map: once both nodes are quiet, every read on either node returns
 * the database's value.
 */
class InterleavingPropertyIT {
    private static final int KEYS = 4;
    private static final AtomicInteger TRIES = new AtomicInteger();
    private static TestRedis redis;
    private static CacheNode nodeA;
    private static CacheNode nodeB;

    enum Kind { PUT, UPDATE_AND_INVALIDATE, UPDATE_AND_INVALIDATE_TAG, GET }

    record Action(int node, Kind kind, int key) {
    }

    @BeforeContainer
    static void startNodes() {
        redis = new TestRedis(QuadrangleServices.redis());
        String app = "prop" + System.nanoTime();
        nodeA = redis.node(app, "node-a");
        nodeB = redis.node(app, "node-b");
    }

    @AfterContainer
    static void stopNodes() {
        redis.close();
    }

    @Provide
    Arbitrary<List<Action>> actions() {
        Arbitrary<Action> action = Combinators.combine(Arbitraries.integers().between(0, 1),
                Arbitraries.of(Kind.class), Arbitraries.integers().between(0, KEYS - 1)).as(Action::new);
        return action.list().ofMinSize(5).ofMaxSize(60);
    }

    @Property(tries = 40, shrinking = ShrinkingMode.OFF)
    void noStaleReadAfterQuiescence(@ForAll("actions") List<Action> actions) throws InterruptedException {
        // a fresh region per try, so that tries do not see each other's keys
        RegionConfig<String, String> config = Scenarios.region("r" + TRIES.incrementAndGet()).build();
        List<MultiLevelCache<String, String>> nodes = List.of(nodeA.region(config), nodeB.region(config));
        Map<String, String> db = new ConcurrentHashMap<>();
        Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
        AtomicInteger version = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int n = 0; n < 2; n++) {
            int me = n;
            Thread t = new Thread(() -> {
                try {
                    actions.stream().filter(a -> a.node() == me)
                            .forEach(a -> apply(a, nodes.get(me), db, locks, version));
                } catch (Throwable e) {
                    errors.add(e);
                }
            }, "node-" + n);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(60_000);
            if (t.isAlive()) {
                throw new AssertionError(t.getName() + " did not finish its actions within 60 s");
            }
        }
        if (!errors.isEmpty()) {
            throw new AssertionError("an action failed", errors.get(0));
        }
        TestRedis.await("both nodes to serve the database's values", Duration.ofSeconds(15), () -> consistent(nodes, db));
    }

    private static boolean consistent(List<MultiLevelCache<String, String>> nodes, Map<String, String> db) {
        for (int k = 0; k < KEYS; k++) {
            String key = key(k);
            for (MultiLevelCache<String, String> node : nodes) {
                if (!node.get(key, x -> db.getOrDefault(x, "none")).equals(db.getOrDefault(key, "none"))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String key(int k) {
        return "t" + (k % 2) + "/k" + k;
    }

    /** Writers update the database and then the cache under the keys' locks, as a careful application does. */
    private static void apply(Action action, MultiLevelCache<String, String> cache, Map<String, String> db,
            Map<String, ReentrantLock> locks, AtomicInteger version) {
        String key = key(action.key());
        switch (action.kind()) {
            case PUT:
                locked(locks, key, () -> {
                    String value = "v" + version.incrementAndGet();
                    db.put(key, value);
                    cache.put(key, value);
                });
                break;
            case UPDATE_AND_INVALIDATE:
                locked(locks, key, () -> {
                    db.put(key, "v" + version.incrementAndGet());
                    cache.invalidate(key);
                });
                break;
            case UPDATE_AND_INVALIDATE_TAG:
                String tag = "t" + (action.key() % 2);
                List<String> tagKeys = new ArrayList<>();
                for (int k = action.key() % 2; k < KEYS; k += 2) {
                    tagKeys.add(key(k));
                }
                lockedAll(locks, tagKeys, () -> {
                    tagKeys.forEach(k -> db.put(k, "v" + version.incrementAndGet()));
                    cache.invalidateTag(tag);
                });
                break;
            default:
                cache.get(key, k -> {
                    String value = db.getOrDefault(k, "none");
                    if (ThreadLocalRandom.current().nextBoolean()) {
                        Scenarios.sleep(1);
                    }
                    return value;
                });
                break;
        }
    }

    /** Takes the locks of every key in key order (no deadlock with single-key writers), then works. */
    private static void lockedAll(Map<String, ReentrantLock> locks, List<String> names, Runnable work) {
        if (names.isEmpty()) {
            work.run();
            return;
        }
        locked(locks, names.get(0), () -> lockedAll(locks, names.subList(1, names.size()), work));
    }

    private static void locked(Map<String, ReentrantLock> locks, String name, Runnable work) {
        ReentrantLock lock = locks.computeIfAbsent(name, n -> new ReentrantLock());
        lock.lock();
        try {
            work.run();
        } finally {
            lock.unlock();
        }
    }
}
