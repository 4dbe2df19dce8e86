package dev.quadrangle.samples.modules;

import dev.quadrangle.storage.ContentOffloader;
import dev.quadrangle.storage.ContentRef;
import dev.quadrangle.storage.ContentSchema;
import dev.quadrangle.storage.StoredContent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Moves the large activity content the generator loaded into S3 right after the load: for each
 * activity whose content reaches the offloader's inline threshold, in one transaction per activity, the
 * object is stored first and the row then keeps only its verified reference ({@code content} becomes
 * {@code NULL}). Runs on the primary before the load starts.
 */
public final class ContentOffloadPass {
    private static final String CANDIDATES = "SELECT id FROM activities WHERE content_ref IS NULL"
            + " AND octet_length(content::text) >= ? ORDER BY id";
    private static final String LOCK_CONTENT = "SELECT content::text FROM activities WHERE id = ? FOR UPDATE";
    private static final String SET_REF = "UPDATE activities SET content = NULL, content_ref = ? WHERE id = ?";

    private ContentOffloadPass() {
    }

    /**
     * Offloads every large content.
     *
     * @param primary the primary
     * @param offloader the offloader
     * @return how many activities now reference S3
     * @throws SQLException when the database fails (the activity being moved keeps its inline content)
     */
    public static int run(DataSource primary, ContentOffloader offloader) throws SQLException {
        Objects.requireNonNull(primary, "primary");
        Objects.requireNonNull(offloader, "offloader");
        try (Connection c = primary.getConnection()) {
            ContentSchema.install(c);
            List<Long> ids = candidates(c, offloader.policy().inlineThreshold());
            c.setAutoCommit(false);
            int moved = 0;
            for (long id : ids) {
                try {
                    moved += offloadOne(c, offloader, id) ? 1 : 0;
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            }
            return moved;
        }
    }

    private static List<Long> candidates(Connection c, int threshold) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(CANDIDATES)) {
            ps.setInt(1, threshold);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    private static boolean offloadOne(Connection tx, ContentOffloader offloader, long id) throws SQLException {
        String json;
        try (PreparedStatement ps = tx.prepareStatement(LOCK_CONTENT)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getString(1) == null) {
                    return false;
                }
                json = rs.getString(1);
            }
        }
        StoredContent stored = offloader.offload(tx, ModuleCampusOperations.CONTENT_TENANT, "activities", json);
        if (stored.ref().isEmpty()) {
            return false;
        }
        try (PreparedStatement ps = tx.prepareStatement(SET_REF)) {
            ps.setString(1, stored.ref().map(ContentRef::toJson).orElseThrow());
            ps.setLong(2, id);
            ps.executeUpdate();
        }
        return true;
    }
}
