package dev.quadrangle.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.quadrangle.core.partition.PartitionLevel;
import dev.quadrangle.core.partition.PartitionManager;
import dev.quadrangle.core.partition.PartitionSpec;
import dev.quadrangle.core.partition.TimeInterval;
import dev.quadrangle.core.repository.PartitionedRepository;
import dev.quadrangle.testkit.QuadrangleServices;
import dev.quadrangle.testkit.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jooq.impl.SQLDataType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.postgresql.PGConnection;

/**
 * Batch ingest of answer rows into a daily-partitioned table, in rows per second: Quadrangle's COPY path
 * ({@link PartitionedRepository#copyInsert}, binary format streamed from Java objects) against
 * raw pgjdbc binary COPY of the same rows into an identical table. Both tables are truncated every
 * iteration. JMH runs each method in its own fork, against its own server; {@link IngestAlternating} runs
 * both in one process, alternating batch by batch, for a ratio less exposed to a busy machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class IngestBenchmark {
    static final int BATCH = 5000;
    static final OffsetDateTime NOW = OffsetDateTime.of(2026, 11, 22, 12, 0, 0, 0, ZoneOffset.UTC);
    private static final long PG_EPOCH_MICROS = OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)
            .toInstant().toEpochMilli() * 1000;

    private TestDatabase database;
    private HikariDataSource pool;
    private PartitionedRepository repository;
    private final List<Object[]> rows = new ArrayList<>();
    private long nextId;

    static PartitionSpec spec(String table) {
        return PartitionSpec.builder(table)
                .column("id", SQLDataType.BIGINT.notNull())
                .column("user_id", SQLDataType.BIGINT.notNull())
                .column("created_at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
                .column("body", SQLDataType.CLOB.notNull())
                .primaryKey("id", "created_at")
                .partitionBy(PartitionLevel.range("created_at", TimeInterval.DAY))
                .premake(2)
                .build();
    }

    /** Creates both tables with the manager. */
    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        database = QuadrangleServices.postgres().createDatabase("ingest_bench");
        PartitionManager manager = PartitionManager.builder(database.primary())
                .clock(Clock.fixed(NOW.toInstant(), ZoneOffset.UTC)).build();
        manager.ensure(spec("answer_q"));
        manager.ensure(spec("answer_raw"));
        pool = new BenchmarkDatabaseView(database).pool();
        repository = PartitionedRepository.builder(spec("answer_q"), pool).build();
    }

    /** Empties both tables so every iteration inserts into the same shape. */
    @Setup(Level.Iteration)
    public void truncate() throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("truncate answer_q, answer_raw");
        }
    }

    /** Fresh ids for the next batch (both benchmarks insert the same shape of rows). */
    @Setup(Level.Invocation)
    public void nextBatch() {
        rows.clear();
        for (int i = 0; i < BATCH; i++) {
            long id = ++nextId;
            rows.add(new Object[] {id, id % 10_000, NOW.minusSeconds(id % 3600), "answer body " + id});
        }
    }

    /** Closes the pool and drops the database. */
    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
        database.close();
    }

    /**
     * Quadrangle's COPY batch insert.
     *
     * @return rows inserted
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long quadrangleBatchInsert() {
        return repository.copyInsert(rows);
    }

    /**
     * Raw pgjdbc binary COPY of the same rows.
     *
     * @return rows inserted
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long binaryCopy() throws SQLException, IOException {
        byte[] data = binary(rows);
        try (Connection c = pool.getConnection()) {
            return c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "copy answer_raw (id, user_id, created_at, body) from stdin with (format binary)", new ByteArrayInputStream(data));
        }
    }

    static byte[] binary(List<Object[]> rows) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(rows.size() * 64);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeBytes("PGCOPY\n\377\r\n\0");
        out.writeInt(0);
        out.writeInt(0);
        for (Object[] row : rows) {
            out.writeShort(4);
            out.writeInt(8);
            out.writeLong((Long) row[0]);
            out.writeInt(8);
            out.writeLong((Long) row[1]);
            OffsetDateTime at = (OffsetDateTime) row[2];
            out.writeInt(8);
            out.writeLong(at.toEpochSecond() * 1_000_000 + at.getNano() / 1000 - PG_EPOCH_MICROS);
            byte[] body = ((String) row[3]).getBytes(StandardCharsets.UTF_8);
            out.writeInt(body.length);
            out.write(body);
        }
        out.writeShort(-1);
        out.flush();
        return bytes.toByteArray();
    }

    /** A pool on a test database (the shared helper builds its own database). */
    private static final class BenchmarkDatabaseView {
        private final TestDatabase database;

        BenchmarkDatabaseView(TestDatabase database) {
            this.database = database;
        }

        HikariDataSource pool() {
            com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
            config.setJdbcUrl(database.primaryUrl());
            config.setUsername(database.user());
            config.setPassword(database.password());
            config.setMaximumPoolSize(2);
            return new HikariDataSource(config);
        }
    }
}
