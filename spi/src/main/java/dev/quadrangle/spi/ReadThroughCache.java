package dev.quadrangle.spi;

import java.util.Optional;
import java.util.function.Function;

/**
 * A cache region as the other modules see it: read-through with a loader, and invalidation. The cache
 * module's multi-level cache implements it; a host without it may pass any implementation (or none).
 *
 * <p>Implementations are thread-safe, never return {@code null} from {@link #get}, and never throw
 * because the cache itself failed: a broken cache degrades to calling the loader.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface ReadThroughCache<K, V> {

    /**
     * Returns the cached value, or loads, caches and returns it.
     *
     * @param key the key, not {@code null}
     * @param loader computes the value on a miss; its exceptions reach the caller
     * @return the value, never {@code null}
     * @throws NullPointerException when the key is {@code null} or the loader returns {@code null}
     */
    V get(K key, Function<? super K, ? extends V> loader);

    /**
     * Returns the cached value without loading.
     *
     * @param key the key, not {@code null}
     * @return the value, if cached
     */
    Optional<V> getIfPresent(K key);

    /**
     * Stores a value, replacing any cached one (and telling other nodes to drop theirs).
     *
     * @param key the key, not {@code null}
     * @param value the value, not {@code null}
     */
    void put(K key, V value);

    /**
     * Drops a key here and on every other node.
     *
     * @param key the key, not {@code null}
     */
    void invalidate(K key);
}
