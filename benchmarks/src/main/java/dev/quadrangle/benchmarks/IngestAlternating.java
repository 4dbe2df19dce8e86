package dev.quadrangle.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.quadrangle.core.partition.PartitionManager;
import dev.quadrangle.core.repository.PartitionedRepository;
import dev.quadrangle.testkit.QuadrangleServices;
import dev.quadrangle.testkit.TestDatabase;
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.postgresql.PGConnection;

/**
 * The {@link IngestBenchmark} comparison in one process against one server: Quadrangle's
 * {@code copyInsert} and raw pgjdbc binary COPY alternate batch by batch (the first of each pair
 * alternates too), so load from other processes falls on both alike. 5 warm-up rounds, then
 * {@code rounds} measured rounds of 10 batches of 5,000 rows per side, tables truncated each round.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.quadrangle.benchmarks.IngestAlternating [rounds]
 * </pre>
 */
public final class IngestAlternating {
    private static final int WARMUP_ROUNDS = 5;
    private static final int BATCHES_PER_ROUND = 10;

    private IngestAlternating() {
    }

    /**
     * Runs the comparison and prints rows per second for both sides and their ratio.
     *
     * @param args the number of measured rounds (default 20)
     * @throws Exception when the database cannot be set up
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        try (TestDatabase database = QuadrangleServices.postgres().createDatabase("ingest_alt")) {
            PartitionManager manager = PartitionManager.builder(database.primary())
                    .clock(Clock.fixed(IngestBenchmark.NOW.toInstant(), ZoneOffset.UTC)).build();
            manager.ensure(IngestBenchmark.spec("answer_q"));
            manager.ensure(IngestBenchmark.spec("answer_raw"));
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(database.primaryUrl());
            config.setUsername(database.user());
            config.setPassword(database.password());
            config.setMaximumPoolSize(2);
            try (HikariDataSource pool = new HikariDataSource(config)) {
                PartitionedRepository repository = PartitionedRepository.builder(IngestBenchmark.spec("answer_q"), pool).build();
                long[] nanos = new long[2];
                long[] rows = new long[2];
                long nextId = 0;
                for (int round = 0; round < WARMUP_ROUNDS + rounds; round++) {
                    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                        s.execute("truncate answer_q, answer_raw");
                    }
                    for (int b = 0; b < BATCHES_PER_ROUND; b++) {
                        List<Object[]> batch = new ArrayList<>();
                        for (int i = 0; i < IngestBenchmark.BATCH; i++) {
                            long id = ++nextId;
                            batch.add(new Object[] {id, id % 10_000, IngestBenchmark.NOW.minusSeconds(id % 3600), "answer body " + id});
                        }
                        for (int k = 0; k < 2; k++) {
                            int side = (k + b) % 2;
                            long t0 = System.nanoTime();
                            if (side == 0) {
                                repository.copyInsert(batch);
                            } else {
                                byte[] data = IngestBenchmark.binary(batch);
                                try (Connection c = pool.getConnection()) {
                                    c.unwrap(PGConnection.class).getCopyAPI().copyIn("copy answer_raw (id, user_id, created_at, body)"
                                            + " from stdin with (format binary)", new ByteArrayInputStream(data));
                                }
                            }
                            if (round >= WARMUP_ROUNDS) {
                                nanos[side] += System.nanoTime() - t0;
                                rows[side] += batch.size();
                            }
                        }
                    }
                }
                double quadrangle = rows[0] * 1e9 / nanos[0];
                double raw = rows[1] * 1e9 / nanos[1];
                System.out.printf(Locale.ROOT, "quadrangleBatchInsert %.0f rows/s, binaryCopy %.0f rows/s, ratio %.2fx (%d rows each)%n",
                        quadrangle, raw, quadrangle / raw, rows[0]);
            }
        }
    }
}
