package dev.quadrangle.core.testing;

import dev.quadrangle.spi.ContentStore;
import dev.quadrangle.spi.ContentUnavailableException;
import dev.quadrangle.storage.InMemoryContentStore;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The storage module's {@link InMemoryContentStore} (put-if-absent, as S3 with {@code If-None-Match}) whose puts fail with {@link ContentUnavailableException} while switched on,
 * as an unreachable S3 bucket does; an optional action runs just before each failing put (to act while a
 * retention run is between its steps). Thread-safe.
 */
public final class PutFailingContentStore implements ContentStore {
    private final InMemoryContentStore delegate = InMemoryContentStore.named("archives");
    private final AtomicBoolean failing = new AtomicBoolean(true);
    private final AtomicInteger failedPuts = new AtomicInteger();
    private volatile Runnable beforeFailing = () -> { };

    /** Switches the failures on or off. */
    public void failPuts(boolean fail) {
        failing.set(fail);
    }

    /** Runs an action inside every failing put, before it throws. */
    public void beforeFailing(Runnable action) {
        this.beforeFailing = action;
    }

    /** Puts refused so far. */
    public int failedPuts() {
        return failedPuts.get();
    }

    /** Objects stored. */
    public int size() {
        return delegate.size();
    }

    @Override
    public void put(String key, InputStream content, long length, Map<String, String> metadata) {
        if (failing.get()) {
            failedPuts.incrementAndGet();
            beforeFailing.run();
            throw new ContentUnavailableException("put of " + key + " failed: bucket unreachable", null);
        }
        delegate.put(key, content, length, metadata);
    }

    @Override
    public Optional<InputStream> open(String key) {
        return delegate.open(key);
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
