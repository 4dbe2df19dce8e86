package dev.quadrangle.storage;

import dev.quadrangle.spi.ContentStore;
import dev.quadrangle.spi.ContentUnavailableException;
import dev.quadrangle.spi.ReadThroughCache;
import dev.quadrangle.storage.internal.AdvisoryLocks;
import dev.quadrangle.storage.internal.Compression;
import dev.quadrangle.storage.internal.ContentReader;
import dev.quadrangle.storage.internal.Sha256;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Objects;

/**
 * Moves large JSON payloads out of rows into a {@link ContentStore} and reads them back verified: the
 * claim-check pattern with a protocol that never leaves a row pointing at nothing.
 *
 * <p><b>Writing.</b> {@link #offload(Connection, String, String, byte[])} keeps content below the policy's
 * threshold inline; larger content is compressed and stored under the content-addressed key
 * {@code {prefix}/{tenant}/{table}/{yyyy}/{mm}/{sha256 of the stored bytes}} <em>before</em> the caller writes its row, in
 * the same open transaction, and a shared advisory lock on the key (held until that transaction ends)
 * keeps the {@link OutboxProcessor} and {@link ContentReconciler} from deleting the object in between.
 * If the store is down the call throws {@link ContentUnavailableException} and the caller's transaction
 * rolls back: no row. If the transaction rolls back after the put, the object is an orphan that the
 * reconciler removes after its grace period.
 *
 * <p><b>Deleting.</b> Delete the row and call {@link #scheduleDelete(Connection, ContentRef)} in the same
 * transaction; the object is deleted after commit by the {@link OutboxProcessor}, and only if no row
 * references it any more (identical content shares one object).
 *
 * <p><b>Reading.</b> {@link #resolve(String, ContentRef)} enforces the tenant, fetches, checks the stored
 * size, the stored bytes' SHA-256 against the key and the codec header, decompresses with a size bound
 * and verifies the content's size and SHA-256, through the
 * {@link ReadThroughCache} when one is configured (only verified content is cached).
 *
 * <p>The protocol needs PostgreSQL (advisory locks and the outbox table from {@link ContentSchema}).
 * Made by {@link ContentOffload} ({@link ContentOffload#offloader()}), which shares its store, policy and
 * key prefix with the outbox processor and the reconciler. Thread-safe.
 */
public final class ContentOffloader {
    /** Metadata key holding the codec id. */
    public static final String META_CODEC = "quadrangle-codec";
    /** Metadata key holding the uncompressed content's SHA-256. */
    public static final String META_SHA256 = "quadrangle-sha256";
    /** Metadata key holding the uncompressed size. */
    public static final String META_SIZE = "quadrangle-size";

    private final LocatedContentStore store;
    private final String baseUri;
    private final OffloadPolicy policy;
    private final ReadThroughCache<String, byte[]> cache;
    private final StorageListener listener;
    private final Clock clock;
    private final ContentReader reader;

    ContentOffloader(LocatedContentStore store, OffloadPolicy policy, ReadThroughCache<String, byte[]> cache,
            StorageListener listener, Clock clock) {
        this.store = store;
        this.baseUri = store.baseUri();
        this.policy = policy;
        this.cache = cache;
        this.listener = listener;
        this.clock = clock;
        this.reader = new ContentReader(store, listener);
    }

    /** The policy in force. */
    public OffloadPolicy policy() {
        return policy;
    }

    /** The store's base URI that every reference of this offloader starts with. */
    public String baseUri() {
        return baseUri;
    }

    /** The store. */
    public LocatedContentStore store() {
        return store;
    }

    /**
     * Decides where a payload lives and, when it is offloaded, stores it: call this inside the
     * transaction that then writes the row, and write the returned value into the row.
     *
     * @param tx the caller's connection, in a transaction ({@code autoCommit} off), to PostgreSQL
     * @param tenant the tenant, a key segment
     * @param table the table the row belongs to, a key segment
     * @param json the UTF-8 JSON payload
     * @return the inline payload or the reference to write into the row
     * @throws ContentUnavailableException when the store cannot be reached (roll the transaction back)
     * @throws IllegalArgumentException when the tenant or table is not a valid segment
     * @throws IllegalStateException when the connection is in auto-commit mode
     * @throws SQLException when the advisory lock cannot be taken
     */
    public StoredContent offload(Connection tx, String tenant, String table, byte[] json) throws SQLException {
        ContentKeys.validateSegment("tenant", tenant);
        ContentKeys.validateSegment("table", table);
        Objects.requireNonNull(json, "json");
        if (json.length < policy.inlineThreshold()) {
            listener.onOffload(false, json.length, 0);
            return StoredContent.inline(json);
        }
        requireTransaction(tx);
        String sha256 = Sha256.hex(json);
        byte[] stored = Compression.compress(policy.codec(), json);
        // the key addresses the stored bytes, so that every writer of a key writes identical bytes even
        // when hosts change codec: a put that overwrites (servers ignoring If-None-Match) changes nothing
        String key = ContentKeys.contentKey(policy.keyPrefix(), tenant, table, ZonedDateTime.now(clock), Sha256.hex(stored));
        AdvisoryLocks.lockShared(tx, key);
        store.put(key, stored, Map.of(
                "content-type", policy.contentType(),
                "content-encoding", policy.codec().id(),
                META_CODEC, policy.codec().id(),
                META_SHA256, sha256,
                META_SIZE, Long.toString(json.length)));
        listener.onOffload(true, json.length, stored.length);
        return StoredContent.offloaded(new ContentRef(baseUri + key, json.length, stored.length, sha256,
                policy.codec(), policy.contentType()));
    }

    /**
     * {@link #offload(Connection, String, String, byte[])} for JSON text.
     *
     * @param tx the caller's connection, in a transaction
     * @param tenant the tenant
     * @param table the table
     * @param json the JSON text
     * @return the inline payload or the reference
     * @throws SQLException when the advisory lock cannot be taken
     */
    public StoredContent offload(Connection tx, String tenant, String table, String json) throws SQLException {
        return offload(tx, tenant, table, Objects.requireNonNull(json, "json").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads offloaded content back, verified.
     *
     * @param tenant the tenant the reading request acts for
     * @param ref the reference from the row
     * @return the UTF-8 JSON payload
     * @throws ContentAccessDeniedException when the reference belongs to another tenant or store
     * @throws ContentIntegrityException when the object is missing or does not match the reference
     * @throws ContentUnavailableException when the store cannot be reached
     */
    public byte[] resolve(String tenant, ContentRef ref) {
        long start = System.nanoTime();
        String key;
        try {
            key = keyFor(tenant, ref);
        } catch (ContentAccessDeniedException e) {
            listener.onResolve(false, System.nanoTime() - start, StorageListener.ResolveOutcome.DENIED);
            throw e;
        }
        boolean[] loaded = {false};
        try {
            byte[] content = cache == null ? reader.read(key, ref) : cache.get(key, k -> {
                loaded[0] = true;
                return reader.read(k, ref);
            });
            listener.onResolve(cache != null && !loaded[0], System.nanoTime() - start, StorageListener.ResolveOutcome.SUCCESS);
            return cache == null ? content : content.clone();
        } catch (ContentIntegrityException e) {
            listener.onResolve(false, System.nanoTime() - start, StorageListener.ResolveOutcome.INTEGRITY_FAILURE);
            throw e;
        } catch (ContentUnavailableException e) {
            listener.onResolve(false, System.nanoTime() - start, StorageListener.ResolveOutcome.UNAVAILABLE);
            throw e;
        }
    }

    /**
     * Reads a row's content, inline or offloaded.
     *
     * @param tenant the tenant the reading request acts for
     * @param content the row's content
     * @return the UTF-8 JSON payload
     * @throws ContentAccessDeniedException when an offloaded reference belongs to another tenant or store
     * @throws ContentIntegrityException when an offloaded object does not match its reference
     * @throws ContentUnavailableException when the store cannot be reached
     */
    public byte[] read(String tenant, StoredContent content) {
        return content.isOffloaded() ? resolve(tenant, content.ref().orElseThrow()) : content.inlineBytes().orElseThrow();
    }

    /**
     * Queues the deletion of a reference's object, in the transaction that deletes (or replaces) the row
     * holding it. The {@link OutboxProcessor} deletes the object after commit if no row references it.
     *
     * @param tx the caller's connection, in a transaction
     * @param ref the reference the row held
     * @throws ContentAccessDeniedException when the reference is not one of this offloader's store and prefix
     * @throws IllegalStateException when the connection is in auto-commit mode
     * @throws SQLException when the outbox row cannot be written
     */
    public void scheduleDelete(Connection tx, ContentRef ref) throws SQLException {
        requireTransaction(tx);
        String key = keyInStore(ref);
        try (PreparedStatement ps = tx.prepareStatement("INSERT INTO " + ContentSchema.OUTBOX_TABLE + " (object_key) VALUES (?)")) {
            ps.setString(1, key);
            ps.executeUpdate();
        }
    }

    /**
     * The object key a reference points to, after checking that it is this offloader's store, prefix and
     * the given tenant.
     *
     * @param tenant the tenant
     * @param ref the reference
     * @return the key
     * @throws ContentAccessDeniedException when the reference is someone else's
     */
    public String keyFor(String tenant, ContentRef ref) {
        String key = keyInStore(ref);
        String tenantPrefix = ContentKeys.tenantPrefix(policy.keyPrefix(), tenant);
        if (!key.startsWith(tenantPrefix)) {
            throw new ContentAccessDeniedException("content reference " + ref.uri() + " does not belong to tenant '"
                    + tenant + "'");
        }
        return key;
    }

    private String keyInStore(ContentRef ref) {
        Objects.requireNonNull(ref, "ref");
        if (!ref.uri().startsWith(baseUri)) {
            throw new ContentAccessDeniedException("content reference " + ref.uri() + " is not in store " + baseUri);
        }
        String key = ref.uri().substring(baseUri.length());
        try {
            ContentKeys.validate(key);
        } catch (IllegalArgumentException e) {
            throw new ContentAccessDeniedException("content reference " + ContentKeys.printable(ref.uri())
                    + " has an invalid key: " + e.getMessage());
        }
        if (!key.startsWith(policy.keyPrefix() + "/")) {
            throw new ContentAccessDeniedException("content reference " + ref.uri() + " is outside key prefix '"
                    + policy.keyPrefix() + "'");
        }
        return key;
    }

    private static void requireTransaction(Connection tx) throws SQLException {
        Objects.requireNonNull(tx, "tx");
        if (tx.getAutoCommit()) {
            throw new IllegalStateException("the connection must be in a transaction (autoCommit false), so that "
                    + "the object's lock lasts until the row commits");
        }
    }
}
