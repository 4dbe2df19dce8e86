package dev.quadrangle.spring.boot.autoconfigure.cache;

import dev.quadrangle.cache.MultiLevelCache;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.springframework.cache.support.AbstractValueAdaptingCache;

/**
 * A Spring {@link org.springframework.cache.Cache} over one Quadrangle region: reads go L1, then Redis,
 * then the method ({@code @Cacheable}); {@code @CachePut} and {@code @CacheEvict} write or invalidate in
 * Redis before they return and tell the other nodes; {@code @CacheEvict(allEntries = true)} invalidates the
 * whole region on every node. {@code null} results are cached as a marker.
 *
 * <p>Keys are stored by their text ({@code toString()}; Spring's {@code SimpleKey} for several arguments),
 * so keys of different types with the same text are the same entry. A Redis failure never reaches the
 * caller: the method runs instead. Thread-safe.
 */
public final class QuadrangleSpringCache extends AbstractValueAdaptingCache {
    private final MultiLevelCache<String, Object> region;

    /**
     * A cache over a region.
     *
     * @param region the region, values encoded by a codec that knows Spring's null marker
     */
    public QuadrangleSpringCache(MultiLevelCache<String, Object> region) {
        super(true);
        this.region = Objects.requireNonNull(region, "region");
    }

    @Override
    public String getName() {
        return region.name();
    }

    @Override
    public MultiLevelCache<String, Object> getNativeCache() {
        return region;
    }

    @Override
    protected Object lookup(Object key) {
        return region.getIfPresent(text(key)).orElse(null);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(Object key, Callable<T> valueLoader) {
        Object stored = region.get(text(key), k -> {
            try {
                return toStoreValue(valueLoader.call());
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new ValueRetrievalException(key, valueLoader, e);
            }
        });
        return (T) fromStoreValue(stored);
    }

    @Override
    public void put(Object key, Object value) {
        region.put(text(key), toStoreValue(value));
    }

    @Override
    public void evict(Object key) {
        region.invalidate(text(key));
    }

    @Override
    public boolean evictIfPresent(Object key) {
        boolean present = region.getIfPresent(text(key)).isPresent();
        region.invalidate(text(key));
        return present;
    }

    @Override
    public void clear() {
        region.invalidateAll();
    }

    @Override
    public boolean invalidate() {
        region.invalidateAll();
        return true;
    }

    private static String text(Object key) {
        return String.valueOf(Objects.requireNonNull(key, "key"));
    }
}
