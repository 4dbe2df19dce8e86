package dev.quadrangle.storage;

import dev.quadrangle.spi.ReadThroughCache;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** A plain map as the cache SPI, counting loads. */
final class MapCache implements ReadThroughCache<String, byte[]> {
    final ConcurrentHashMap<String, byte[]> map = new ConcurrentHashMap<>();
    final AtomicInteger loads = new AtomicInteger();

    @Override
    public byte[] get(String key, Function<? super String, ? extends byte[]> loader) {
        byte[] cached = map.get(key);
        if (cached != null) {
            return cached;
        }
        loads.incrementAndGet();
        byte[] loaded = loader.apply(key);
        map.put(key, loaded);
        return loaded;
    }

    @Override
    public Optional<byte[]> getIfPresent(String key) {
        return Optional.ofNullable(map.get(key));
    }

    @Override
    public void put(String key, byte[] value) {
        map.put(key, value);
    }

    @Override
    public void invalidate(String key) {
        map.remove(key);
    }
}
