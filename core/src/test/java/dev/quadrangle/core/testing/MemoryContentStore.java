package dev.quadrangle.core.testing;

import dev.quadrangle.spi.ContentKeyRules;
import dev.quadrangle.spi.ContentStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** A thread-safe in-memory ContentStore for tests that checks keys as the real stores do, with a switch to corrupt reads. */
public final class MemoryContentStore implements ContentStore {
    private final ConcurrentSkipListMap<String, Entry> objects = new ConcurrentSkipListMap<>();
    private final AtomicBoolean corruptReads = new AtomicBoolean();

    private record Entry(byte[] bytes, Map<String, String> metadata, long time) {
    }

    /** Makes every following read return flipped bytes (to prove verification catches it). */
    public void corruptReads(boolean corrupt) {
        corruptReads.set(corrupt);
    }

    /** The number of stored objects. */
    public int size() {
        return objects.size();
    }

    /** The raw bytes of an object. */
    public byte[] bytes(String key) {
        return objects.get(key).bytes().clone();
    }

    @Override
    public void put(String key, InputStream content, long length, Map<String, String> metadata) {
        check(key);
        try {
            objects.put(key, new Entry(content.readAllBytes(), Map.copyOf(metadata), System.currentTimeMillis()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<InputStream> open(String key) {
        check(key);
        Entry entry = objects.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        byte[] bytes = entry.bytes().clone();
        if (corruptReads.get() && bytes.length > 20) {
            bytes[bytes.length / 2] ^= 0x5A;
        }
        return Optional.of(new ByteArrayInputStream(bytes));
    }

    @Override
    public Optional<StoredObject> describe(String key) {
        Entry e = objects.get(key);
        return e == null ? Optional.empty() : Optional.of(new StoredObject(key, e.bytes().length, e.time(), e.metadata()));
    }

    @Override
    public void delete(String key) {
        objects.remove(key);
    }

    @Override
    public void list(String prefix, Consumer<StoredObject> consumer) {
        objects.tailMap(prefix).entrySet().stream().takeWhile(e -> e.getKey().startsWith(prefix))
                .forEach(e -> consumer.accept(new StoredObject(e.getKey(), e.getValue().bytes().length, e.getValue().time(),
                        e.getValue().metadata())));
    }

    private static void check(String key) {
        ContentKeyRules.validate(key);
    }
}
