package dev.quadrangle.cache.internal;

import dev.quadrangle.cache.CacheListener;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Runs a region's loaders, single and bulk, timing each call for the listener (on real time, whatever
 * the node's clock) and rejecting a {@code null} result as the loader's error.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class TimedLoads<K, V> {
    private final String region;
    private final CacheListener listener;

    TimedLoads(String region, CacheListener listener) {
        this.region = region;
        this.listener = listener;
    }

    /** Runs a single-key loader. */
    Optional<V> load(K key, Function<? super K, Optional<? extends V>> loader) {
        long start = System.nanoTime();
        boolean ok = false;
        try {
            Optional<? extends V> result = loader.apply(key);
            if (result == null) {
                throw new NullPointerException("loader of region '" + region + "' returned null for key " + key);
            }
            ok = true;
            return Optional.ofNullable(result.orElse(null));
        } finally {
            listener.onLoad(region, System.nanoTime() - start, ok);
        }
    }

    /** Runs a bulk loader on an unmodifiable view of the keys. */
    Map<? extends K, ? extends V> loadAll(Set<K> keys, Function<? super Set<K>, ? extends Map<? extends K, ? extends V>> loader) {
        long start = System.nanoTime();
        boolean ok = false;
        try {
            Map<? extends K, ? extends V> result = loader.apply(Collections.unmodifiableSet(keys));
            if (result == null) {
                throw new NullPointerException("bulk loader of region '" + region + "' returned null");
            }
            ok = true;
            return result;
        } finally {
            listener.onLoad(region, System.nanoTime() - start, ok);
        }
    }
}
