package dev.quadrangle.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quadrangle.storage.internal.AdvisoryLocks;
import dev.quadrangle.storage.internal.JsonPatches;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Versioned JSON documents (activity versioning): each save stores a JSON Patch (RFC 6902) against the
 * previous version, and every {@link #snapshotEvery() K}-th version a full snapshot, so that
 * rebuilding any version applies at most K-1 patches. Any version can be rebuilt, listed (keyset, by
 * version) and reverted to (which saves it again as a new version). Bodies go through the
 * {@link ContentOffloader}, so large snapshots offload like any content.
 *
 * <p>Made by {@link ContentOffload} ({@link ContentOffload#versions()}), which stores the bodies through
 * its offloader and has its outbox processor and reconciler read the version rows' references: nothing
 * to wire by hand.
 *
 * <p>Rows live in {@link ContentSchema#VERSION_TABLE}. Saves of one document are serialised by an
 * advisory lock. Every method runs on the caller's connection; saves need a transaction. Thread-safe.
 */
public final class ContentVersions {
    /** The table segment used in offloaded keys. */
    public static final String KEY_TABLE = "content_version";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String T = ContentSchema.VERSION_TABLE;

    private final ContentOffloader offloader;
    private final int snapshotEvery;

    ContentVersions(ContentOffloader offloader, int snapshotEvery) {
        this.offloader = offloader;
        this.snapshotEvery = snapshotEvery;
    }

    /** Where version rows keep references: {@link ContentOffload} adds it to the outbox's and reconciler's sources. */
    static ReferenceSource referenceSource() {
        return JdbcReferenceColumn.of(T, "id", "body_ref");
    }

    /** K: a full snapshot every K versions ({@link ContentOffload.Builder#versionsSnapshotEvery(int)}). */
    public int snapshotEvery() {
        return snapshotEvery;
    }

    /**
     * Saves a new version of a document.
     *
     * @param tx a connection in a transaction
     * @param tenant the tenant, a key segment
     * @param documentId the document's id, 1 to 200 characters without control characters
     * @param document the document
     * @return the new version number
     * @throws SQLException when the database fails
     * @throws dev.quadrangle.spi.ContentUnavailableException when a large body cannot be offloaded
     */
    public int save(Connection tx, String tenant, String documentId, JsonNode document) throws SQLException {
        validate(tenant, documentId);
        Objects.requireNonNull(document, "document");
        AdvisoryLocks.lockDocument(tx, tenant, documentId);
        int latest = latestVersion(tx, tenant, documentId);
        int version = latest + 1;
        boolean snapshot = (version - 1) % snapshotEvery == 0;
        JsonNode body = snapshot ? document : JsonPatches.diff(load(tx, tenant, documentId, latest).orElseThrow(), document);
        byte[] bodyBytes = bytes(body);
        StoredContent stored = offloader.offload(tx, tenant, KEY_TABLE, bodyBytes);
        try (PreparedStatement ps = tx.prepareStatement("INSERT INTO " + T + " (tenant, document_id, version, kind, body, "
                + "body_ref, stored_bytes, document_bytes) VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?)")) {
            ps.setString(1, tenant);
            ps.setString(2, documentId);
            ps.setInt(3, version);
            ps.setString(4, snapshot ? "snapshot" : "patch");
            ps.setString(5, stored.inlineJson().orElse(null));
            ps.setString(6, stored.ref().map(ContentRef::toJson).orElse(null));
            ps.setLong(7, stored.ref().map(ContentRef::storedSize).orElse((long) bodyBytes.length));
            ps.setLong(8, snapshot ? bodyBytes.length : bytes(document).length);
            ps.executeUpdate();
        }
        return version;
    }

    /**
     * Rebuilds a version: its nearest snapshot at or before it, plus the patches after that snapshot.
     *
     * @param connection a connection
     * @param tenant the tenant
     * @param documentId the document's id
     * @param version the version
     * @return the document at that version, or empty when there is no such version
     * @throws SQLException when the database fails
     * @throws ContentIntegrityException when an offloaded body does not match its reference
     */
    public Optional<JsonNode> load(Connection connection, String tenant, String documentId, int version) throws SQLException {
        validate(tenant, documentId);
        String sql = "SELECT version, kind, body::text, body_ref::text FROM " + T + " WHERE tenant = ? AND document_id = ? "
                + "AND version <= ? AND version >= (SELECT max(version) FROM " + T + " WHERE tenant = ? AND document_id = ? "
                + "AND kind = 'snapshot' AND version <= ?) ORDER BY version";
        JsonNode document = null;
        int last = 0;
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, tenant);
            ps.setString(2, documentId);
            ps.setInt(3, version);
            ps.setString(4, tenant);
            ps.setString(5, documentId);
            ps.setInt(6, version);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    last = rs.getInt(1);
                    JsonNode body = parse(StoredContent.fromColumns(rs.getString(3), rs.getString(4)), tenant);
                    document = "snapshot".equals(rs.getString(2)) ? body : JsonPatches.apply(document, body);
                }
            }
        }
        return last == version ? Optional.of(document) : Optional.empty();
    }

    /**
     * The latest version of a document.
     *
     * @param connection a connection
     * @param tenant the tenant
     * @param documentId the document's id
     * @return the latest version, or empty when the document has none
     * @throws SQLException when the database fails
     */
    public Optional<JsonNode> latest(Connection connection, String tenant, String documentId) throws SQLException {
        int latest = latestVersion(connection, tenant, documentId);
        return latest == 0 ? Optional.empty() : load(connection, tenant, documentId, latest);
    }

    /**
     * Lists versions after a given one, in version order (keyset paging: pass the last version seen).
     *
     * @param connection a connection
     * @param tenant the tenant
     * @param documentId the document's id
     * @param afterVersion list versions greater than this; 0 for the first page
     * @param limit 1 to 1000
     * @return up to {@code limit} versions
     * @throws SQLException when the database fails
     */
    public List<VersionInfo> list(Connection connection, String tenant, String documentId, int afterVersion, int limit)
            throws SQLException {
        validate(tenant, documentId);
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be between 1 and 1000, was " + limit);
        }
        List<VersionInfo> versions = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT version, kind, body_ref IS NOT NULL, stored_bytes, "
                + "document_bytes, created_at FROM " + T + " WHERE tenant = ? AND document_id = ? AND version > ? "
                + "ORDER BY version LIMIT ?")) {
            ps.setString(1, tenant);
            ps.setString(2, documentId);
            ps.setInt(3, afterVersion);
            ps.setInt(4, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    versions.add(new VersionInfo(rs.getInt(1), "snapshot".equals(rs.getString(2)), rs.getBoolean(3),
                            rs.getLong(4), rs.getLong(5), rs.getTimestamp(6).toInstant()));
                }
            }
        }
        return versions;
    }

    /**
     * Reverts a document to an earlier version by saving that version's content as a new version.
     *
     * @param tx a connection in a transaction
     * @param tenant the tenant
     * @param documentId the document's id
     * @param version the version to go back to
     * @return the new version number
     * @throws IllegalArgumentException when the version does not exist
     * @throws SQLException when the database fails
     */
    public int revert(Connection tx, String tenant, String documentId, int version) throws SQLException {
        JsonNode old = load(tx, tenant, documentId, version).orElseThrow(() -> new IllegalArgumentException(
                "document '" + documentId + "' of tenant '" + tenant + "' has no version " + version));
        return save(tx, tenant, documentId, old);
    }

    /**
     * Storage used by a document's history, against a full copy per version.
     *
     * @param connection a connection
     * @param tenant the tenant
     * @param documentId the document's id
     * @return the usage
     * @throws SQLException when the database fails
     */
    public VersionUsage usage(Connection connection, String tenant, String documentId) throws SQLException {
        validate(tenant, documentId);
        try (PreparedStatement ps = connection.prepareStatement("SELECT count(*), coalesce(sum(stored_bytes), 0), "
                + "coalesce(sum(document_bytes), 0) FROM " + T + " WHERE tenant = ? AND document_id = ?")) {
            ps.setString(1, tenant);
            ps.setString(2, documentId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new VersionUsage(rs.getInt(1), rs.getLong(2), rs.getLong(3));
            }
        }
    }

    private int latestVersion(Connection c, String tenant, String documentId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(version), 0) FROM " + T
                + " WHERE tenant = ? AND document_id = ?")) {
            ps.setString(1, tenant);
            ps.setString(2, documentId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private JsonNode parse(StoredContent content, String tenant) {
        try {
            return JSON.readTree(offloader.read(tenant, content));
        } catch (java.io.IOException e) {
            throw new ContentIntegrityException("a stored version body is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("document cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static void validate(String tenant, String documentId) {
        ContentKeys.validateSegment("tenant", tenant);
        if (documentId == null || documentId.isEmpty() || documentId.length() > 200
                || documentId.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("documentId must be 1 to 200 characters without control characters, was '"
                    + documentId + "'");
        }
    }
}
