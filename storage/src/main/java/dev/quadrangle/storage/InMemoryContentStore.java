package dev.quadrangle.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;

/**
 * A {@link dev.quadrangle.spi.ContentStore} in memory, for unit tests only: nothing survives the
 * JVM and every object is held on the heap. Thread-safe.
 */
public final class InMemoryContentStore implements LocatedContentStore {
    private final String name;
    private final ConcurrentSkipListMap<String, StoredBytes> objects = new ConcurrentSkipListMap<>();

    private InMemoryContentStore(String name) {
        this.name = name;
    }

    /**
     * A new, empty store.
     *
     * @param name a name for its URIs ({@code memory://name/}), a key segment
     * @return the store
     */
    public static InMemoryContentStore named(String name) {
        return new InMemoryContentStore(ContentKeys.validateSegment("name", name));
    }

    @Override
    public String baseUri() {
        return "memory://" + name + "/";
    }

    @Override
    public void put(String key, InputStream content, long length, Map<String, String> metadata) {
        ContentKeys.validate(key);
        Objects.requireNonNull(content, "content");
        byte[] bytes;
        try {
            bytes = content.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the content to store: " + e.getMessage(), e);
        }
        objects.putIfAbsent(key, new StoredBytes(bytes, System.currentTimeMillis(), Map.copyOf(metadata)));
    }

    /**
     * Replaces an object's bytes, keeping its metadata; for tests that tamper with content.
     *
     * @param key the key
     * @param bytes the new bytes
     */
    public void overwrite(String key, byte[] bytes) {
        objects.compute(ContentKeys.validate(key), (k, old) -> new StoredBytes(bytes.clone(),
                System.currentTimeMillis(), old == null ? Map.of() : old.metadata));
    }

    @Override
    public Optional<InputStream> open(String key) {
        StoredBytes stored = objects.get(ContentKeys.validate(key));
        return stored == null ? Optional.empty() : Optional.of(new ByteArrayInputStream(stored.bytes));
    }

    @Override
    public Optional<StoredObject> describe(String key) {
        StoredBytes stored = objects.get(ContentKeys.validate(key));
        return stored == null ? Optional.empty()
                : Optional.of(new StoredObject(key, stored.bytes.length, stored.lastModified, stored.metadata));
    }

    @Override
    public void delete(String key) {
        objects.remove(ContentKeys.validate(key));
    }

    @Override
    public void list(String prefix, Consumer<StoredObject> consumer) {
        ContentKeys.validatePrefix(prefix);
        objects.tailMap(prefix, true).entrySet().stream()
                .takeWhile(e -> e.getKey().startsWith(prefix))
                .forEach(e -> consumer.accept(new StoredObject(e.getKey(), e.getValue().bytes.length,
                        e.getValue().lastModified, e.getValue().metadata)));
    }

    /** The number of objects held. */
    public int size() {
        return objects.size();
    }

    @Override
    public String toString() {
        return "InMemoryContentStore[" + name + ", " + objects.size() + " objects]";
    }

    private static final class StoredBytes {
        final byte[] bytes;
        final long lastModified;
        final Map<String, String> metadata;

        StoredBytes(byte[] bytes, long lastModified, Map<String, String> metadata) {
            this.bytes = bytes;
            this.lastModified = lastModified;
            this.metadata = metadata;
        }
    }
}
