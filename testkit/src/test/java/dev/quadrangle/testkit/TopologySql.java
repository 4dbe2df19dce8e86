package dev.quadrangle.testkit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/** Small JDBC steps the topology tests share. */
final class TopologySql {
    static final Duration WAIT = Duration.ofSeconds(60);

    private TopologySql() {
    }

    static void exec(PostgresServer node, String sql) throws SQLException {
        try (Connection c = node.connect("postgres"); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static void insert(PostgresServer node, long id, String origin) throws SQLException {
        exec(node, "INSERT INTO event VALUES (" + id + ", '" + origin + "')");
    }

    /** The origin of an event as the node sees it, {@code null} when it does not see the row. */
    static String origin(PostgresServer node, long id) throws SQLException {
        List<String> rows = strings(node, "SELECT origin FROM event WHERE id = " + id);
        return rows.isEmpty() ? null : rows.get(0);
    }

    static String string(PostgresServer node, String sql) throws SQLException {
        List<String> rows = strings(node, sql);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** Every row of a query, its columns joined by a space. */
    static List<String> strings(PostgresServer node, String sql) throws SQLException {
        try (Connection c = node.connect("postgres"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? " " : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
            return rows;
        }
    }

    /** The standbys streaming from a node, as "name state sync_state", by name. */
    static List<String> replication(PostgresServer node) throws SQLException {
        return strings(node, "SELECT application_name, state, sync_state FROM pg_stat_replication ORDER BY application_name");
    }

    /** Polls until the condition holds, at most {@link #WAIT}; false if it never did. */
    static boolean eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    /** One daemon thread for a commit that may block; the caller shuts it down. */
    static ExecutorService committer() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "quadrangle-testkit-commit");
            t.setDaemon(true);
            return t;
        });
    }

    static Future<Void> insertAsync(ExecutorService executor, PostgresServer node, long id, String origin) {
        return executor.submit(() -> {
            insert(node, id, origin);
            return null;
        });
    }

    /** How many sessions on the node wait for a synchronous standby to confirm their commit. */
    static long syncRepWaiters(PostgresServer node) {
        try {
            return Long.parseLong(string(node, "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'SyncRep'"));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
