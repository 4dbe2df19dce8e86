package dev.quadrangle.core.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Reads what Citus says about tables, for assertions in the Citus integration tests. */
public final class CitusMetadata {
    private final DataSource dataSource;

    public CitusMetadata(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A table's entry in {@code pg_dist_partition}: method, replication model, column and colocation group. */
    public record Placement(String method, String replication, String column, int colocation, int shards) {
    }

    /** The table's placement, or {@code null} when Citus does not know the table. */
    public Placement placement(String table) throws SQLException {
        String sql = "select partmethod::text, repmodel::text, column_to_column_name(logicalrelid, partkey), colocationid,"
                + " (select count(*) from pg_dist_shard s where s.logicalrelid = p.logicalrelid)"
                + " from pg_dist_partition p where logicalrelid = to_regclass(?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Placement(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5))
                        : null;
            }
        }
    }

    /** The lines of {@code EXPLAIN (costs off)} of a statement (run in a transaction that is rolled back). */
    public List<String> explain(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("explain (costs off) " + sql)) {
                List<String> lines = new ArrayList<>();
                while (rs.next()) {
                    lines.add(rs.getString(1));
                }
                return lines;
            } finally {
                c.rollback();
            }
        }
    }

    /** The single long of a query. */
    public long queryLong(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The single string of a query. */
    public String queryString(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Runs statements, each in autocommit. */
    public void execute(String... statements) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}
