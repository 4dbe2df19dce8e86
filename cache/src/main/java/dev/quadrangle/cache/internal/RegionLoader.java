package dev.quadrangle.cache.internal;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
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
    private static final long FIRST_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long LAST_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    /** What the loader works with; {@code leases} is {@code null} without cross-node single flight. */
    record Parts<K, V>(String region, KeyNamespace<K> keys, L1Store<K, V> l1, L2Entries<K> l2, L2Lookup<K, V> lookup,
            RegionFill<K, V> fill, TimedLoads<K, V> loads, LoadLeases leases, Executor background) {
    }

    private final String region;
    private final KeyNamespace<K> keys;
    private final L1Store<K, V> l1;
    private final L2Entries<K> l2;
    private final L2Lookup<K, V> lookup;
    private final RegionFill<K, V> fill;
    private final TimedLoads<K, V> loads;
    private final LoadLeases leases;
    private final Executor background;
    private final SingleFlight<K, Optional<V>> flights = new SingleFlight<>();
    private final Set<K> reloading = ConcurrentHashMap.newKeySet();

    RegionLoader(Parts<K, V> parts) {
        this.region = parts.region();
        this.keys = parts.keys();
        this.l1 = parts.l1();
        this.l2 = parts.l2();
        this.lookup = parts.lookup();
        this.fill = parts.fill();
        this.loads = parts.loads();
        this.leases = parts.leases();
        this.background = parts.background();
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
        long epoch = l1.epoch(key);
        byte[] redisKey = keys.entryKey(key);
        L2Read seen = l2.read(key, redisKey);
        Optional<V> found = lookup.usable(key, seen, epoch, wantMisses);
        if (found != null) {
            return found;
        }
        V stale = lookup.stale(seen);
        if (stale != null) {
            reloadInBackground(key, loader, wantMisses, true);
            return Optional.of(stale);
        }
        byte[] lease = null;
        if (leases != null && seen.available) {
            Lease outcome = leaseOrWait(key, redisKey, epoch, wantMisses);
            if (outcome.found != null) {
                return outcome.found;
            }
            lease = outcome.token;
            seen = outcome.seen;
        }
        try {
            Optional<V> loaded = loads.load(key, loader);
            fill.fill(key, redisKey, seen, loaded, epoch);
            return loaded;
        } finally {
            if (lease != null) {
                leases.release(redisKey, lease);
            }
        }
    }

    /**
     * Takes the load lease, or waits for the node that holds it to fill the key. Ends with the value
     * found meanwhile, or with the lease (or, after {@code leaseTtl}, without it) and the latest read.
     */
    private Lease leaseOrWait(K key, byte[] redisKey, long epoch, boolean wantMisses) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(leases.leaseMillis());
        long pause = FIRST_POLL_NANOS;
        while (true) {
            try {
                byte[] token = leases.tryAcquire(redisKey);
                if (token != null) {
                    // the holder may have filled and released between our read and our lease
                    L2Read again = l2.read(key, redisKey);
                    Optional<V> found = lookup.usable(key, again, epoch, wantMisses);
                    if (found != null) {
                        leases.release(redisKey, token);
                    }
                    return new Lease(found, token, again);
                }
            } catch (RedisUnavailableException e) {
                return new Lease(null, null, L2Read.UNAVAILABLE);
            }
            if (System.nanoTime() - deadline > 0) {
                return new Lease(null, null, l2.read(key, redisKey));
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, LAST_POLL_NANOS);
            L2Read again = l2.read(key, redisKey);
            Optional<V> found = lookup.usable(key, again, epoch, wantMisses);
            if (found != null || !again.available) {
                return new Lease(found, null, again);
            }
        }
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
            background.execute(() -> {
                try {
                    reload(key, loader, onlyIfStale);
                } catch (RuntimeException e) {
                    LOG.debug("background reload of {} in region '{}' failed: {}", key, region, e.toString());
                } finally {
                    reloading.remove(key);
                }
            });
        } catch (RejectedExecutionException e) {
            reloading.remove(key);
        }
    }

    private void reload(K key, Function<? super K, Optional<? extends V>> loader, boolean onlyIfStale) {
        long epoch = l1.epoch(key);
        byte[] redisKey = keys.entryKey(key);
        L2Read seen = l2.read(key, redisKey);
        if (onlyIfStale && l2.isFresh(seen)) {
            return;
        }
        byte[] lease = null;
        if (leases != null && seen.available) {
            try {
                lease = leases.tryAcquire(redisKey);
            } catch (RedisUnavailableException e) {
                return;
            }
            if (lease == null) {
                return;
            }
            seen = l2.read(key, redisKey);
        }
        try {
            fill.fill(key, redisKey, seen, loads.load(key, loader), epoch);
        } finally {
            if (lease != null) {
                leases.release(redisKey, lease);
            }
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
