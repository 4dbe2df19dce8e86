package dev.quadrangle.benchmarks;

import dev.quadrangle.storage.ContentOffloader;
import dev.quadrangle.storage.ContentSchema;
import dev.quadrangle.storage.StoredContent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javax.sql.DataSource;

/** Creates and fills the inline and offloaded activity tables of {@link OffloadBenchmark}. */
final class OffloadLoader {
    private static final String COLUMNS = "id bigint PRIMARY KEY, class_id int NOT NULL, title text NOT NULL, "
            + "status text NOT NULL, purpose text NOT NULL, created_at timestamptz NOT NULL, ";

    private OffloadLoader() {
    }

    static void createAndLoad(DataSource pool, ContentOffloader offloader, List<String> templates, int activities,
            int classes, String tenant) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            ContentSchema.install(c);
            s.execute("CREATE TABLE activity_inline (" + COLUMNS + "content jsonb NOT NULL)");
            s.execute("CREATE TABLE activity_offloaded (" + COLUMNS + "content_ref jsonb NOT NULL)");
            s.execute("CREATE TABLE template (id int PRIMARY KEY, content jsonb NOT NULL)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO template VALUES (?, ?::jsonb)")) {
                for (int t = 0; t < templates.size(); t++) {
                    ps.setInt(1, t);
                    ps.setString(2, templates.get(t));
                    ps.executeUpdate();
                }
            }
        }
        // the same documents as the offloaded rows: activityId and revision first, then the template; built by the
        // server on its own connection while this thread offloads, so the two loads share the machine's cores
        String inline = "INSERT INTO activity_inline SELECT g, g % " + classes + ", 'Activity ' || g, 'ACTIVE', 'LEARNING', "
                + "timestamptz '2026-01-01' + g * interval '1 minute', "
                + "jsonb_build_object('activityId', g, 'revision', 0) || t.content "
                + "FROM generate_series(1, " + activities + ") g JOIN template t ON t.id = g % " + templates.size();
        CompletableFuture<Void> inlineLoad = CompletableFuture.runAsync(() -> {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute(inline);
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        });
        try (Connection tx = pool.getConnection();
                PreparedStatement ps = tx.prepareStatement("INSERT INTO activity_offloaded VALUES (?, ?, ?, 'ACTIVE', "
                        + "'LEARNING', timestamptz '2026-01-01' + ? * interval '1 minute', ?::jsonb)")) {
            tx.setAutoCommit(false);
            for (long g = 1; g <= activities; g++) {
                byte[] json = OffloadData.withActivityId(templates.get((int) (g % templates.size())), g, 0);
                StoredContent content = offloader.offload(tx, tenant, "activity", json);
                ps.setLong(1, g);
                ps.setInt(2, (int) (g % classes));
                ps.setString(3, "Activity " + g);
                ps.setLong(4, g);
                ps.setString(5, content.ref().orElseThrow().toJson());
                ps.addBatch();
                if (g % 100 == 0 || g == activities) {
                    ps.executeBatch();
                    tx.commit();
                }
            }
            tx.setAutoCommit(true);
        }
        try {
            inlineLoad.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw e;
        }
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE INDEX ON activity_inline (class_id, created_at DESC)");
            s.execute("CREATE INDEX ON activity_offloaded (class_id, created_at DESC)");
            s.execute("CREATE INDEX ON activity_offloaded (((content_ref) ->> 'uri'))");
            s.execute("VACUUM ANALYZE activity_inline");
            s.execute("VACUUM ANALYZE activity_offloaded");
        }
    }

    static void printSizes(DataSource pool) throws SQLException {
        String sql = "SELECT c.relname, pg_relation_size(c.oid), coalesce(pg_relation_size(c.reltoastrelid), 0), "
                + "pg_total_relation_size(c.oid) FROM pg_class c WHERE c.relname IN ('activity_inline', 'activity_offloaded') "
                + "ORDER BY c.relname";
        try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                System.out.printf(Locale.ROOT, "%s: heap %,d bytes, TOAST %,d bytes, total with indexes %,d bytes%n",
                        rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
            }
        }
    }
}
