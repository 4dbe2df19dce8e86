package dev.quadrangle.cache;

import dev.quadrangle.spi.ReadThroughCache;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One cache region of a {@link CacheNode}: Caffeine in this process (L1) over Redis (L2), kept
 * consistent across nodes by invalidation messages.
 *
 * <p>Reads go L1, then L2, then the loader; one load per key runs on a node at a time (and, with
 * {@link RegionConfig.Builder#crossNodeSingleFlight(boolean)}, one per cluster). Writes
 * ({@link #put}) and invalidations go to Redis before they return and are then published to the other
 * nodes, which drop their L1 copies. Loaded values (fills) are never published.
 *
 * <p>Failures of Redis never reach the caller: reads fall back to L1 and the loader, writes to Redis
 * are skipped and replayed when Redis is back. Exceptions that do reach the caller are the loader's
 * own, and {@link IllegalArgumentException} / {@link NullPointerException} for bad input (a
 * {@code null} key, a value the codec cannot encode or that is over the size limit, a missing
 * or blank tenant, a key text, tenant or tag that is not allowed). Implementations are thread-safe;
 * values are never {@code null}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface MultiLevelCache<K, V> extends ReadThroughCache<K, V> {

    /**
     * The region name.
     *
     * @return the name given in {@link RegionConfig}
     */
    String name();

    /**
     * Returns the cached value, or loads it; a loader result of {@code Optional.empty()} is cached as
     * a miss for {@link RegionConfig#negativeTtl()}.
     *
     * @param key the key, not {@code null}
     * @param loader finds the value on a miss; its exceptions reach the caller and are not cached
     * @return the value, or empty when the loader (now or within the negative TTL) found none
     * @throws NullPointerException when the key or the loader's result is {@code null}
     * @throws IllegalArgumentException when the region requires a tenant and the key has none (or a blank
     *     one), or its text, tenant or tag is not allowed
     */
    Optional<V> find(K key, Function<? super K, Optional<? extends V>> loader);

    /**
     * Returns the values of many keys: L1, then one multi-key read of L2, then one call of the bulk
     * loader for the keys still missing. Keys the loader leaves out are left out of the result. The
     * bulk path does not take load leases.
     *
     * @param keys the keys, none {@code null}
     * @param loader loads the missing keys at once
     * @return the values found, in the iteration order of {@code keys}
     * @throws NullPointerException when a key is {@code null}
     */
    Map<K, V> getAll(Collection<? extends K> keys, Function<? super Set<K>, ? extends Map<? extends K, ? extends V>> loader);

    /**
     * Stores a value in L1 and L2 and tells the other nodes to drop their copies.
     *
     * @param key the key, not {@code null}
     * @param value the value, not {@code null}
     * @throws NullPointerException when the key or the value is {@code null}
     * @throws IllegalArgumentException when the codec cannot encode the value, when it is larger than
     *     {@link RegionConfig#maxValueBytes()}, when the key lacks a required tenant (or its tenant is
     *     blank), or when its text, tenant or tag is not allowed; nothing is stored then
     */
    @Override
    void put(K key, V value);

    /**
     * Drops every key whose tag ({@link RegionConfig.Builder#tagOf}) is {@code tag}, here and on every
     * other node, by moving the tag's generation counter in Redis (nothing is scanned).
     *
     * @param tag the tag, not {@code null}
     * @throws NullPointerException when the tag is {@code null}
     * @throws IllegalArgumentException when the tag is longer than 4,096 characters or has an unpaired
     *     surrogate (no key can have such a tag); nothing is invalidated then
     */
    void invalidateTag(String tag);

    /**
     * Drops every key of the region, here and on every other node, by moving the region's generation
     * counter in Redis (nothing is scanned).
     */
    void invalidateAll();

    /**
     * The number of entries in this node's L1, an estimate.
     *
     * @return the estimated L1 size
     */
    long estimatedL1Size();
}
