package dev.quadrangle.samples.modules;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.quadrangle.spi.ReadThroughCache;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The offloader's own cache of offloaded content, in this process only: keyed by object key, and
 * content-addressed, so an entry never goes stale and needs no invalidation from other nodes. It is
 * what keeps offloaded content readable when Redis restarts empty (the activity content region is
 * flushed, as every region is after an outage) and S3 fails before the region has filled again.
 * Bounded by bytes. Thread-safe.
 */
final class VerifiedContentCache implements ReadThroughCache<String, byte[]> {
    /** The bytes held at most: the content of a few hundred schools' current term at the sample's sizes. */
    static final long MAX_BYTES = 64L * 1024 * 1024;

    private final Cache<String, byte[]> cache = Caffeine.newBuilder().executor(Runnable::run)
            .maximumWeight(MAX_BYTES).weigher((String key, byte[] bytes) -> bytes.length).build();

    @Override
    public byte[] get(String key, Function<? super String, ? extends byte[]> loader) {
        Objects.requireNonNull(key, "key");
        byte[] cached = cache.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        byte[] loaded = Objects.requireNonNull(loader.apply(key), "loader returned null");
        cache.put(key, loaded);
        return loaded;
    }

    @Override
    public Optional<byte[]> getIfPresent(String key) {
        return Optional.ofNullable(cache.getIfPresent(Objects.requireNonNull(key, "key")));
    }

    @Override
    public void put(String key, byte[] value) {
        cache.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    }

    @Override
    public void invalidate(String key) {
        cache.invalidate(Objects.requireNonNull(key, "key"));
    }
}
