package dev.quadrangle.core.testing;

import dev.quadrangle.spi.ContentStore;
import java.io.InputStream;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A real {@link ContentStore} with actions that run at given steps of the calls made to it: before a put
 * reaches the store, after it returned, and before an object is opened. Fault tests use it to act on the real
 * server at a precise point of an export (stop it, change a stored object's bytes); the store itself is never
 * replaced. Thread-safe; each action runs once, then is cleared.
 */
public final class SteppedContentStore implements ContentStore {
    private final ContentStore delegate;
    private final AtomicReference<Consumer<String>> beforePut = new AtomicReference<>();
    private final AtomicReference<Consumer<String>> afterPut = new AtomicReference<>();
    private final AtomicReference<Consumer<String>> beforeOpen = new AtomicReference<>();

    /**
     * Wraps a store.
     *
     * @param delegate the real store, which does the work
     */
    public SteppedContentStore(ContentStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** Runs an action with the key once, just before the next put reaches the store. */
    public void beforeNextPut(Consumer<String> action) {
        beforePut.set(action);
    }

    /** Runs an action with the key once, just after the next put returned. */
    public void afterNextPut(Consumer<String> action) {
        afterPut.set(action);
    }

    /** Runs an action with the key once, just before the next open reaches the store. */
    public void beforeNextOpen(Consumer<String> action) {
        beforeOpen.set(action);
    }

    @Override
    public void put(String key, InputStream content, long length, Map<String, String> metadata) {
        run(beforePut, key);
        delegate.put(key, content, length, metadata);
        run(afterPut, key);
    }

    @Override
    public Optional<InputStream> open(String key) {
        run(beforeOpen, key);
        return delegate.open(key);
    }

    private static void run(AtomicReference<Consumer<String>> step, String key) {
        Consumer<String> action = step.getAndSet(null);
        if (action != null) {
            action.accept(key);
        }
    }

    @Override
    public Optional<StoredObject> describe(String key) {
        return delegate.describe(key);
    }

    @Override
    public void delete(String key) {
        delegate.delete(key);
    }

    @Override
    public void list(String prefix, Consumer<StoredObject> consumer) {
        delegate.list(prefix, consumer);
    }
}
