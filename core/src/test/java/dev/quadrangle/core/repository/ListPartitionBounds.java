package dev.quadrangle.core.repository;

import dev.quadrangle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

/** The partitions of a table with their bounds as PostgreSQL prints them ({@code pg_get_expr(relpartbound)}). */
final class ListPartitionBounds {
    private ListPartitionBounds() {
    }

    static Map<String, String> of(TestDatabase db, String parent) throws SQLException {
        Map<String, String> bounds = new TreeMap<>();
        try (Connection c = db.primary().getConnection(); PreparedStatement ps = c.prepareStatement(
                "select c.relname, pg_get_expr(c.relpartbound, c.oid) from pg_inherits i join pg_class c on c.oid = i.inhrelid"
                        + " where i.inhparent = to_regclass(?)")) {
            ps.setString(1, parent);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    bounds.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return bounds;
    }
}
