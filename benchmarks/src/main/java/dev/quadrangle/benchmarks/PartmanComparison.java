package dev.quadrangle.benchmarks;

import dev.quadrangle.core.partition.PartitionLevel;
import dev.quadrangle.core.partition.PartitionManager;
import dev.quadrangle.core.partition.PartitionSpec;
import dev.quadrangle.core.partition.Retention;
import dev.quadrangle.core.partition.TimeInterval;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.jooq.impl.SQLDataType;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Maintenance of 1,000 daily partitions with Quadrangle's {@link PartitionManager} against pg_partman's
 * {@code run_maintenance}, on the same layout in a scratch database of a PostgreSQL server that has the
 * pg_partman extension installed (not part of {@code verify}: CI machines have no pg_partman).
 *
 * <p>For each tool: build a table of 1,000 daily partitions (600 days back to 399 ahead) and load 200,000
 * rows; then, with the clock at today, run one maintenance pass with a retention of 500 days and 500
 * days ahead (about 100 partitions dropped and 101 created) while two writers insert single rows into
 * today's partition, and report the pass's wall time and the writers' latency during it. pg_partman
 * always keeps a DEFAULT partition; Quadrangle runs once with a DEFAULT partition (the same layout, where
 * PostgreSQL allows only plain {@code DETACH}) and once without (its {@code DETACH ... CONCURRENTLY} path).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.quadrangle.benchmarks.PartmanComparison \
 *     [jdbc:postgresql://127.0.0.1:5432/test] [user]
 * </pre>
 *
 * The scratch database ({@code quadrangle_partman_*}) is created on the server of the given URL and
 * dropped at the end.
 */
public final class PartmanComparison {
    static final int BACK_DAYS = 600;
    static final int AHEAD_DAYS = 399;
    static final int RETENTION_DAYS = 500;
    static final int PREMAKE_AFTER = 500;
    static final int ROWS = 200_000;

    private PartmanComparison() {
    }

    /**
     * Runs the comparison and prints a table.
     *
     * @param args the JDBC URL of an existing database on the server (default
     *        {@code jdbc:postgresql://127.0.0.1:5432/test}) and the user (default {@code postgres})
     * @throws Exception when the server refuses the scratch database or the extension
     */
    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "jdbc:postgresql://127.0.0.1:5432/test";
        String user = args.length > 1 ? args[1] : "postgres";
        String scratch = "quadrangle_partman_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
        DataSource admin = dataSource(url, user);
        execute(admin, "create database " + scratch);
        try {
            DataSource db = dataSource(url.substring(0, url.lastIndexOf('/') + 1) + scratch, user);
            execute(db, "create schema partman");
            execute(db, "create extension pg_partman schema partman");
            System.out.println("server: " + scalar(db, "select version()"));
            System.out.println("pg_partman " + scalar(db, "select extversion from pg_extension where extname = 'pg_partman'"));
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            List<Result> results = new ArrayList<>();
            results.add(partman(db, today));
            results.add(quadrangle(db, today, "event_qd", true));
            results.add(quadrangle(db, today, "event_q", false));
            print(results);
        } finally {
            execute(admin, "drop database if exists " + scratch + " with (force)");
        }
    }

    record Result(String name, int partitions, double buildSeconds, int created, int dropped, double maintenanceSeconds,
            MaintenanceLoad.Latencies latencies) {
    }

    private static Result partman(DataSource db, LocalDate today) throws Exception {
        String table = "event_pm";
        execute(db, createTable(table));
        long t0 = System.nanoTime();
        execute(db, "select partman.create_parent('public." + table + "', 'created_at', 'native', 'daily', p_premake := "
                + AHEAD_DAYS + ", p_start_partition := '" + today.minusDays(BACK_DAYS) + "', p_jobmon := false)");
        double build = seconds(t0);
        load(db, table, today);
        int before = partitions(db, table);
        execute(db, "update partman.part_config set premake = " + PREMAKE_AFTER + ", retention = '" + RETENTION_DAYS
                + " days', retention_keep_table = false, infinite_time_partitions = true where parent_table = 'public." + table + "'");
        PartitionDiff partitionsSeen = new PartitionDiff(db, table);
        MaintenanceLoad.Latencies latencies;
        double maintenance;
        try (MaintenanceLoad writers = MaintenanceLoad.start(db, table, 2)) {
            long m0 = System.nanoTime();
            execute(db, "select partman.run_maintenance('public." + table + "', p_jobmon := false)");
            long m1 = System.nanoTime();
            maintenance = (m1 - m0) / 1e9;
            latencies = writers.stopAndMeasure(m0, m1);
        }
        return new Result("pg_partman run_maintenance (with DEFAULT)", before, build, partitionsSeen.created(),
                partitionsSeen.dropped(), maintenance, latencies);
    }

    private static Result quadrangle(DataSource db, LocalDate today, String table, boolean withDefault) throws Exception {
        SettableClock clock = new SettableClock(today.minusDays(BACK_DAYS).atStartOfDay(ZoneOffset.UTC).toInstant());
        PartitionSpec spec = PartitionSpec.builder(table)
                .column("id", SQLDataType.BIGINT.notNull())
                .column("created_at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
                .column("payload", SQLDataType.CLOB)
                .primaryKey("id", "created_at")
                .partitionBy(PartitionLevel.range("created_at", TimeInterval.DAY))
                .defaultPartition(withDefault)
                .premake(BACK_DAYS + AHEAD_DAYS)
                .build();
        PartitionManager manager = PartitionManager.builder(db).clock(clock).build();
        long t0 = System.nanoTime();
        manager.ensure(spec);
        double build = seconds(t0);
        load(db, table, today);
        int before = partitions(db, table);
        clock.set(today.atStartOfDay(ZoneOffset.UTC).plusHours(12).toInstant());
        PartitionSpec later = spec.toBuilder().premake(PREMAKE_AFTER).retention(Retention.drop(Period.ofDays(RETENTION_DAYS))).build();
        PartitionDiff partitionsSeen = new PartitionDiff(db, table);
        MaintenanceLoad.Latencies latencies;
        double maintenance;
        try (MaintenanceLoad writers = MaintenanceLoad.start(db, table, 2)) {
            long m0 = System.nanoTime();
            manager.ensure(later);
            long ensured = System.nanoTime();
            manager.applyRetention(later);
            long m1 = System.nanoTime();
            System.out.printf(Locale.ROOT, "%s: ensure %.2f s, applyRetention %.2f s%n", table, (ensured - m0) / 1e9,
                    (m1 - ensured) / 1e9);
            maintenance = (m1 - m0) / 1e9;
            latencies = writers.stopAndMeasure(m0, m1);
        }
        String name = "Quadrangle ensure + applyRetention (" + (withDefault ? "with DEFAULT, plain DETACH"
                : "no DEFAULT, DETACH CONCURRENTLY") + ")";
        return new Result(name, before, build, partitionsSeen.created(), partitionsSeen.dropped(), maintenance, latencies);
    }

    /** The partitions of a table before maintenance, to count what a pass created and dropped. */
    private static final class PartitionDiff {
        private final DataSource db;
        private final String table;
        private final List<String> before;

        PartitionDiff(DataSource db, String table) throws SQLException {
            this.db = db;
            this.table = table;
            this.before = names(db, table);
        }

        int created() throws SQLException {
            List<String> after = names(db, table);
            after.removeAll(before);
            return after.size();
        }

        int dropped() throws SQLException {
            List<String> gone = new ArrayList<>(before);
            gone.removeAll(names(db, table));
            return gone.size();
        }

        private static List<String> names(DataSource db, String table) throws SQLException {
            List<String> names = new ArrayList<>();
            try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "select inhrelid::regclass::text from pg_inherits where inhparent = '" + table + "'::regclass")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        }
    }

    private static String createTable(String table) {
        return "create table " + table + " (id bigint not null, created_at timestamptz not null, payload text,"
                + " primary key (id, created_at)) partition by range (created_at)";
    }

    private static void load(DataSource db, String table, LocalDate today) throws SQLException {
        execute(db, "insert into " + table + " (id, created_at, payload) select g, timestamptz '" + today.minusDays(BACK_DAYS)
                + " 00:00:00+00' + (g % " + (BACK_DAYS + AHEAD_DAYS + 1) + ") * interval '1 day' + (g % 86400) * interval '1 second',"
                + " 'payload ' || g from generate_series(1, " + ROWS + ") g");
        execute(db, "analyze " + table);
    }

    private static int partitions(DataSource db, String table) throws SQLException {
        return Integer.parseInt(scalar(db, "select count(*) from pg_inherits where inhparent = '" + table + "'::regclass"));
    }

    private static void print(List<Result> results) {
        Result partman = results.get(0);
        System.out.printf(Locale.ROOT, "%-72s %10s %8s %12s %9s %8s %9s %8s %8s %7s%n", "tool", "partitions", "build s", "maint +/-",
                "maint s", "inserts", "inserts/s", "p99 ms", "max ms", "errors");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "%-72s %10d %8.2f %12s %9.2f %8d %9.0f %8.1f %8.1f %7d%n", r.name(), r.partitions(),
                    r.buildSeconds(), "+" + r.created() + "/-" + r.dropped(), r.maintenanceSeconds(), r.latencies().count(),
                    r.latencies().count() / r.maintenanceSeconds(), r.latencies().p99Millis(), r.latencies().maxMillis(), r.latencies().errors());
        }
        for (Result r : results.subList(1, results.size())) {
            System.out.printf(Locale.ROOT, "ratio vs pg_partman, %s: build %.2fx, maintenance %.2fx, insert p99 %.2fx%n", r.name(),
                    r.buildSeconds() / partman.buildSeconds(), r.maintenanceSeconds() / partman.maintenanceSeconds(),
                    r.latencies().p99Millis() / partman.latencies().p99Millis());
        }
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static DataSource dataSource(String url, String user) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        ds.setUser(user);
        return ds;
    }

    static void execute(DataSource db, String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static String scalar(DataSource db, String sql) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** A clock the comparison moves from the build day to today; {@link #withZone} views share the instant. */
    static final class SettableClock extends Clock {
        private final java.util.concurrent.atomic.AtomicReference<Instant> now;
        private final ZoneId zone;

        SettableClock(Instant now) {
            this(new java.util.concurrent.atomic.AtomicReference<>(now), ZoneOffset.UTC);
        }

        private SettableClock(java.util.concurrent.atomic.AtomicReference<Instant> now, ZoneId zone) {
            this.now = now;
            this.zone = zone;
        }

        void set(Instant instant) {
            now.set(instant);
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return new SettableClock(now, zone);
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
