package dev.quadrangle.cache.internal;

/**
 * What the in-process level holds for a key: the value ({@code null} for a cached miss), when it was
 * cached, and, for entries that must die before the region's L1 TTL (misses, entries cached while
 * invalidations may be missed, entries whose Redis copy expires sooner), their own deadline.
 *
 * @param <V> the value type
 */
final class L1Entry<V> {
    static final long NO_DEADLINE = Long.MAX_VALUE;

    final V value;
    final long cachedAtNanos;
    final long deadlineNanos;

    L1Entry(V value, long cachedAtNanos, long deadlineNanos) {
        this.value = value;
        this.cachedAtNanos = cachedAtNanos;
        this.deadlineNanos = deadlineNanos;
    }

    boolean isNegative() {
        return value == null;
    }

    /** Whether the entry's own deadline has passed (the region's TTL is Caffeine's to enforce). */
    boolean isExpired(long nowNanos) {
        return deadlineNanos != NO_DEADLINE && nowNanos - deadlineNanos >= 0;
    }

    /** The same entry with a deadline no later than {@code latest}. */
    L1Entry<V> withDeadlineAtMost(long latest) {
        if (deadlineNanos != NO_DEADLINE && deadlineNanos - latest <= 0) {
            return this;
        }
        return new L1Entry<>(value, cachedAtNanos, latest);
    }
}
