package dev.quadrangle.storage.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Transaction-scoped PostgreSQL advisory locks per object key, which order a writer's "object, then
 * row" against a deleter's "no row references it, so delete the object". Writers take the lock shared,
 * deleters exclusive; both are released at commit or rollback. The two-key form with a fixed class id
 * keeps these locks apart from the host's own bigint advisory locks.
 */
public final class AdvisoryLocks {
    /** Class id of Quadrangle's content locks ("QDCT"). */
    public static final int CLASS_ID = 0x51444354;
    /** Class id of Quadrangle's versioned-document locks ("QDCV"). */
    public static final int DOCUMENT_CLASS_ID = 0x51444356;

    private AdvisoryLocks() {
    }

    /**
     * Locks a key shared until the transaction ends.
     *
     * @param tx a connection in a transaction
     * @param key the object key
     * @throws SQLException when the lock cannot be taken
     */
    public static void lockShared(Connection tx, String key) throws SQLException {
        lock(tx, key, "SELECT pg_advisory_xact_lock_shared(?, ?)");
    }

    /**
     * Locks a key exclusively until the transaction ends.
     *
     * @param tx a connection in a transaction
     * @param key the object key
     * @throws SQLException when the lock cannot be taken
     */
    public static void lockExclusive(Connection tx, String key) throws SQLException {
        lock(tx, key, "SELECT pg_advisory_xact_lock(?, ?)");
    }

    /**
     * Locks a versioned document exclusively until the transaction ends, serialising its saves.
     *
     * @param tx a connection in a transaction
     * @param tenant the tenant
     * @param documentId the document id
     * @throws SQLException when the lock cannot be taken
     */
    public static void lockDocument(Connection tx, String tenant, String documentId) throws SQLException {
        lock(tx, DOCUMENT_CLASS_ID, tenant + "/" + documentId, "SELECT pg_advisory_xact_lock(?, ?)");
    }

    private static void lock(Connection tx, String key, String sql) throws SQLException {
        lock(tx, CLASS_ID, key, sql);
    }

    private static void lock(Connection tx, int classId, String key, String sql) throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement(sql)) {
            ps.setInt(1, classId);
            ps.setInt(2, hash(key));
            ps.execute();
        }
    }

    static int hash(String key) {
        byte[] digest = Sha256.newDigest().digest(key.getBytes(StandardCharsets.UTF_8));
        return ((digest[0] & 0xff) << 24) | ((digest[1] & 0xff) << 16) | ((digest[2] & 0xff) << 8) | (digest[3] & 0xff);
    }
}
