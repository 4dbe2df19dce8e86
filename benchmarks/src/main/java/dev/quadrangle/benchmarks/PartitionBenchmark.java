package dev.quadrangle.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.quadrangle.core.partition.PartitionLevel;
import dev.quadrangle.core.partition.PartitionManager;
import dev.quadrangle.core.partition.PartitionSpec;
import dev.quadrangle.core.partition.TimeInterval;
import dev.quadrangle.core.repository.PartitionScope;
import dev.quadrangle.core.repository.PartitionedRepository;
import dev.quadrangle.testkit.QuadrangleServices;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A primary-key lookup in a grade table of {@code rows} rows spread over 120 monthly partitions
 * (created by {@link PartitionManager}), against the same lookup in an unpartitioned copy of the table:
 * raw JDBC on both ({@code partitionKeyLookup}, {@code unpartitionedLookup}), and through
 * {@link PartitionedRepository} ({@code repositoryLookup}). Both pools run with
 * {@code plan_cache_mode = force_custom_plan}, so that server-side prepared statements keep planning
 * with the partition key's value (plan-time pruning) instead of a generic plan that locks all partitions.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class PartitionBenchmark {
    static final OffsetDateTime START = OffsetDateTime.of(2016, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    static final int MONTHS = 120;

    /** Rows loaded into each table. */
    @Param("10000000")
    public long rows;

    private long secondsPerRow;
    private TestDatabase database;
    private HikariDataSource pool;
    private PartitionedRepository repository;

    /** Creates the 120 partitions with the manager and loads both tables with generate_series. */
    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        database = QuadrangleServices.postgres().createDatabase("partition_bench");
        PartitionSpec spec = PartitionSpec.builder("grade")
                .column("id", SQLDataType.BIGINT.notNull())
                .column("student_id", SQLDataType.BIGINT.notNull())
                .column("score", SQLDataType.DOUBLE.notNull())
                .column("graded_at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
                .primaryKey("id", "graded_at")
                .partitionBy(PartitionLevel.range("graded_at", TimeInterval.MONTH))
                .premake(MONTHS - 1)
                .build();
        PartitionManager.builder(database.primary()).clock(Clock.fixed(START.toInstant(), ZoneOffset.UTC)).build().ensure(spec);
        secondsPerRow = Math.max(1, (long) (MONTHS * 30.4 * 86400 / rows) - 1);
        try (Connection c = database.primary().getConnection(); Statement s = c.createStatement()) {
            String select = "select g, g % 5000, (g % 100)::float8, timestamptz '2016-01-01 00:00:00+00' + g * interval '"
                    + secondsPerRow + " seconds' from generate_series(1, " + rows + ") g";
            s.execute("insert into grade " + select);
            s.execute("create table grade_flat (id bigint not null, student_id bigint not null, score float8 not null,"
                    + " graded_at timestamptz not null, primary key (id, graded_at))");
            s.execute("insert into grade_flat " + select);
            s.execute("vacuum analyze grade");
            s.execute("vacuum analyze grade_flat");
            // measure on a settled server: the standby has replayed the load and the load's pages are written
            s.execute("checkpoint");
            try (ResultSet rs = s.executeQuery("select count(*) from pg_inherits where inhparent = 'grade'::regclass")) {
                rs.next();
                System.out.println("partitions: " + rs.getInt(1) + ", rows per table: " + rows);
            }
        }
        database.cluster().awaitStandbyCaughtUp(Duration.ofMinutes(10));
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.primaryUrl());
        config.setUsername(database.user());
        config.setPassword(database.password());
        config.setMaximumPoolSize(4);
        config.setConnectionInitSql("set plan_cache_mode = force_custom_plan");
        pool = new HikariDataSource(config);
        repository = PartitionedRepository.builder(spec, pool).build();
    }

    /** Closes the pool and drops the database. */
    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
        database.close();
    }

    private long randomId() {
        return ThreadLocalRandom.current().nextLong(1, rows + 1);
    }

    private OffsetDateTime gradedAt(long id) {
        return START.plusSeconds(id * secondsPerRow);
    }

    private double lookup(String table, long id) throws SQLException {
        OffsetDateTime at = gradedAt(id);
        OffsetDateTime month = at.withDayOfMonth(1).toLocalDate().atStartOfDay().atOffset(ZoneOffset.UTC);
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement("select score from " + table
                + " where graded_at >= ? and graded_at < ? and id = ?")) {
            ps.setObject(1, month);
            ps.setObject(2, month.plusMonths(1));
            ps.setLong(3, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("grade " + id + " is missing from " + table);
                }
                return rs.getDouble(1);
            }
        }
    }

    /** Raw JDBC lookup by id within the row's month, on the table with 120 partitions. */
    @Benchmark
    public double partitionKeyLookup() throws SQLException {
        return lookup("grade", randomId());
    }

    /**
     * Raw JDBC doing what {@code repositoryLookup} does: the whole row (all four columns, read as Java
     * objects) with {@code limit 1}, on the table with 120 partitions: the baseline for the repository's own
     * overhead.
     */
    @Benchmark
    public Object[] partitionKeyRowLookup() throws SQLException {
        long id = randomId();
        OffsetDateTime at = gradedAt(id);
        OffsetDateTime month = at.withDayOfMonth(1).toLocalDate().atStartOfDay().atOffset(ZoneOffset.UTC);
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement("select id, student_id, score, graded_at"
                + " from grade where graded_at >= ? and graded_at < ? and id = ? limit ?")) {
            ps.setObject(1, month);
            ps.setObject(2, month.plusMonths(1));
            ps.setLong(3, id);
            ps.setInt(4, 1);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("grade " + id + " is missing from grade");
                }
                return new Object[] {rs.getObject(1, Long.class), rs.getObject(2, Long.class), rs.getObject(3, Double.class),
                    rs.getObject(4, OffsetDateTime.class)};
            }
        }
    }

    /** The same lookup on the unpartitioned copy. */
    @Benchmark
    public double unpartitionedLookup() throws SQLException {
        return lookup("grade_flat", randomId());
    }

    /** The same lookup through {@link PartitionedRepository#find} (jOOQ rendering included). */
    @Benchmark
    public Object repositoryLookup() {
        long id = randomId();
        OffsetDateTime at = gradedAt(id);
        OffsetDateTime month = at.withDayOfMonth(1).toLocalDate().atStartOfDay().atOffset(ZoneOffset.UTC);
        return repository.find(PartitionScope.between("graded_at", month, month.plusMonths(1)),
                DSL.field(DSL.name("id")).eq(id), 1).get(0);
    }

}
