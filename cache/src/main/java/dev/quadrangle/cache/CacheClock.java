package dev.quadrangle.cache;

/**
 * The time source of a cache node: a monotonic clock for the life of in-process (L1) entries and
 * refresh-after-write, and a wall clock for the freshness written into Redis entries (negative TTL,
 * stale-while-revalidate), which every node of an application compares with its own.
 *
 * <p>The default is {@link #system()}. Tests pass their own clock to
 * {@link CacheNode.Builder#ticker(CacheClock)} so that entries age without sleeping; Redis's own key
 * expiry and the cache's Redis timeouts, leases and reconnects always use real time.
 *
 * <p>Implementations must be thread-safe; both methods are called on every cache read.
 */
public interface CacheClock {

    /**
     * The system clock: {@link System#nanoTime()} and {@link System#currentTimeMillis()}.
     *
     * @return the shared system clock
     */
    static CacheClock system() {
        return SystemClock.INSTANCE;
    }

    /**
     * The monotonic time, in nanoseconds from an arbitrary origin (only differences mean anything).
     *
     * @return the current monotonic time in nanoseconds
     */
    long nanoTime();

    /**
     * The wall-clock time, in milliseconds since the epoch.
     *
     * @return the current wall-clock time in milliseconds
     */
    long currentTimeMillis();
}
