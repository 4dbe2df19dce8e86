package dev.quadrangle.cache.internal;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The miss path of a region: L2, then (with cross-node single flight) a Redis lease so that one node
 * of the cluster loads while the others wait for its result, then the loader and the conditional fill.
 * Also the background reloads of refresh-after-write and stale-while-revalidate.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class RegionLoader<K, V> {
    private static final Logger LOG = LoggerFactory.getLogger(RegionLoader.class);
    private static final String RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";
    private static final long FIRST_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long LAST_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final RegionCore<K, V> core;
    private final SingleFlight<K, Optional<V>> flights = new SingleFlight<>();
    private final Set<K> reloading = ConcurrentHashMap.newKeySet();
    private final boolean crossNode;
    private final long leaseMillis;

    RegionLoader(RegionCore<K, V> core) {
        this.core = core;
        this.crossNode = core.config.crossNodeSingleFlight();
        this.leaseMillis = core.config.leaseTtl().toMillis();
    }

    /** Loads a key that L1 did not hold: one flight per key on this node. */
    Optional<V> load(K key, Function<? super K, Optional<? extends V>> loader, boolean wantMisses) {
        Optional<V> shared = flights.run(key, () -> loadThrough(key, loader, wantMisses));
        if (shared.isEmpty() && !wantMisses) {
            // the flight we joined was a find() whose loader found nothing; a get() loads for itself
            return loadThrough(key, loader, false);
        }
        return shared;
    }

    private Optional<V> loadThrough(K key, Function<? super K, Optional<? extends V>> loader, boolean wantMisses) {
        long epoch = core.l1.epoch(key);
        byte[] redisKey = core.keys.entryKey(key);
        L2Read seen = core.read(key, redisKey);
        Optional<V> found = core.usable(key, seen, epoch, wantMisses);
        if (found != null) {
            return found;
        }
        V stale = core.stale(seen);
        if (stale != null) {
            reloadInBackground(key, loader, wantMisses, true);
            return Optional.of(stale);
        }
        byte[] lease = null;
        if (crossNode && seen.available) {
            Lease outcome = leaseOrWait(key, redisKey, epoch, wantMisses);
            if (outcome.found != null) {
                return outcome.found;
            }
            lease = outcome.token;
            seen = outcome.seen;
        }
        try {
            Optional<V> loaded = core.load(key, loader);
            core.fill(key, redisKey, seen, loaded, epoch);
            return loaded;
        } finally {
            release(redisKey, lease);
        }
    }

    /**
     * Takes the load lease, or waits for the node that holds it to fill the key. Ends with the value
     * found meanwhile, or with the lease (or, after {@code leaseTtl}, without it) and the latest read.
     */
    private Lease leaseOrWait(K key, byte[] redisKey, long epoch, boolean wantMisses) {
        byte[] leaseKey = core.keys.leaseKey(redisKey);
        byte[] token = token();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(leaseMillis);
        long pause = FIRST_POLL_NANOS;
        while (true) {
            try {
                if (core.node.redis().setIfAbsent(leaseKey, token, leaseMillis)) {
                    // the holder may have filled and released between our read and our lease
                    L2Read again = core.read(key, redisKey);
                    Optional<V> found = core.usable(key, again, epoch, wantMisses);
                    if (found != null) {
                        release(redisKey, token);
                    }
                    return new Lease(found, token, again);
                }
            } catch (RedisUnavailableException e) {
                return new Lease(null, null, L2Read.UNAVAILABLE);
            }
            if (System.nanoTime() - deadline > 0) {
                return new Lease(null, null, core.read(key, redisKey));
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, LAST_POLL_NANOS);
            L2Read again = core.read(key, redisKey);
            Optional<V> found = core.usable(key, again, epoch, wantMisses);
            if (found != null || !again.available) {
                return new Lease(found, null, again);
            }
        }
    }

    private void release(byte[] redisKey, byte[] token) {
        if (token == null) {
            return;
        }
        try {
            core.node.redis().eval("release-lease", RELEASE, core.keys.leaseKey(redisKey), token);
        } catch (RedisUnavailableException e) {
            // the lease expires by itself after leaseTtl
        }
    }

    private byte[] token() {
        return (core.node.nodeId() + "/" + Long.toHexString(ThreadLocalRandom.current().nextLong()))
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reloads a key off the caller's thread (refresh-after-write, stale-while-revalidate): at most one
     * reload per key on this node, and with cross-node single flight only by the node holding the lease.
     */
    void reloadInBackground(K key, Function<? super K, Optional<? extends V>> loader, boolean wantMisses) {
        reloadInBackground(key, loader, wantMisses, false);
    }

    /**
     * @param onlyIfStale whether the reload is skipped when Redis holds a fresh entry by the time it runs
     *     (stale-while-revalidate: a reader may have seen the stale entry just before an earlier reload
     *     replaced it, and must not start a second load for it)
     */
    private void reloadInBackground(K key, Function<? super K, Optional<? extends V>> loader, boolean wantMisses,
            boolean onlyIfStale) {
        if (!reloading.add(key)) {
            return;
        }
        try {
            core.node.backgroundExecutor().execute(() -> {
                try {
                    reload(key, loader, onlyIfStale);
                } catch (RuntimeException e) {
                    LOG.debug("background reload of {} in region '{}' failed: {}", key, core.name, e.toString());
                } finally {
                    reloading.remove(key);
                }
            });
        } catch (RejectedExecutionException e) {
            reloading.remove(key);
        }
    }

    private void reload(K key, Function<? super K, Optional<? extends V>> loader, boolean onlyIfStale) {
        long epoch = core.l1.epoch(key);
        byte[] redisKey = core.keys.entryKey(key);
        L2Read seen = core.read(key, redisKey);
        if (onlyIfStale && seen.isCurrent() && seen.envelope.isFresh(System.currentTimeMillis())) {
            return;
        }
        byte[] lease = null;
        if (crossNode && seen.available) {
            lease = token();
            try {
                if (!core.node.redis().setIfAbsent(core.keys.leaseKey(redisKey), lease, leaseMillis)) {
                    return;
                }
            } catch (RedisUnavailableException e) {
                return;
            }
            seen = core.read(key, redisKey);
        }
        try {
            core.fill(key, redisKey, seen, core.load(key, loader), epoch);
        } finally {
            release(redisKey, lease);
        }
    }

    /** The end of waiting for a lease. */
    private final class Lease {
        final Optional<V> found;
        final byte[] token;
        final L2Read seen;

        Lease(Optional<V> found, byte[] token, L2Read seen) {
            this.found = found;
            this.token = token;
            this.seen = seen;
        }
    }
}
