package dev.quadrangle.storage;

/**
 * Receives what the storage module does, for metrics. All methods have no-op defaults; implementations
 * must be thread-safe, fast and must not throw. {@link StorageMetrics} is the Micrometer implementation.
 */
public interface StorageListener {
    /** A listener that ignores everything. */
    StorageListener NOOP = new StorageListener() {
    };

    /** How a resolve ended. */
    enum ResolveOutcome {
        /** The content was returned. */
        SUCCESS,
        /** The store could not be reached. */
        UNAVAILABLE,
        /** The object did not match its reference (checksum, size, codec or missing). */
        INTEGRITY_FAILURE,
        /** The reference belongs to another tenant or store. */
        DENIED
    }

    /**
     * Content was written by {@link ContentOffloader#offload}.
     *
     * @param offloaded {@code true} when it went to the store, {@code false} when it stays inline
     * @param contentBytes the uncompressed size
     * @param storedBytes the bytes written to the store (0 when inline)
     */
    default void onOffload(boolean offloaded, long contentBytes, long storedBytes) {
    }

    /**
     * A reference was resolved (or failed to).
     *
     * @param fromCache whether the content came from the cache
     * @param nanos how long it took
     * @param outcome how it ended
     */
    default void onResolve(boolean fromCache, long nanos, ResolveOutcome outcome) {
    }

    /**
     * An object's content did not match its reference's checksum, size or codec.
     *
     * @param key the object key
     */
    default void onChecksumFailure(String key) {
    }

    /**
     * A store call failed transiently and is retried.
     *
     * @param operation {@code put}, {@code get}, {@code head}, {@code delete}, {@code list} or {@code part}
     */
    default void onStoreRetry(String operation) {
    }

    /**
     * A store call was refused without reaching the store.
     *
     * @param operation the operation
     * @param reason {@code circuit_open} or {@code bulkhead_full}
     */
    default void onStoreRejected(String operation, String reason) {
    }

    /**
     * A reconciler run finished.
     *
     * @param report what it found and repaired
     */
    default void onReconcile(ReconcileReport report) {
    }

    /**
     * An outbox batch was processed.
     *
     * @param deleted objects deleted
     * @param kept entries dropped because the object is still referenced or already gone
     * @param failed entries left for a later attempt because the store failed
     */
    default void onOutboxProcessed(int deleted, int kept, int failed) {
    }
}
