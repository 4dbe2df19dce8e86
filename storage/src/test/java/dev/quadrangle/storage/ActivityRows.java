package dev.quadrangle.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The host side of the examples: an {@code activity} row keeps its content inline or as a reference. */
final class ActivityRows {
    private ActivityRows() {
    }

    static long insert(Connection tx, String tenant, String title, StoredContent content) throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement("INSERT INTO activity (tenant, title, content, content_ref) "
                + "VALUES (?, ?, ?::jsonb, ?::jsonb) RETURNING id")) {
            ps.setString(1, tenant);
            ps.setString(2, title);
            ps.setString(3, content.inlineJson().orElse(null));
            ps.setString(4, content.ref().map(ContentRef::toJson).orElse(null));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static Optional<StoredContent> content(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT content::text, content_ref::text FROM activity WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(StoredContent.fromColumns(rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    static long count(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM activity"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
