package dev.quadrangle.cache.internal;

/**
 * What the in-process level holds for a key: the value ({@code null} for a cached miss), its life in
 * L1, and when it was cached (for refresh-after-write).
 *
 * @param <V> the value type
 */
final class L1Entry<V> {
    final V value;
    final long ttlNanos;
    final long cachedAtNanos;

    L1Entry(V value, long ttlNanos, long cachedAtNanos) {
        this.value = value;
        this.ttlNanos = ttlNanos;
        this.cachedAtNanos = cachedAtNanos;
    }

    boolean isNegative() {
        return value == null;
    }
}
