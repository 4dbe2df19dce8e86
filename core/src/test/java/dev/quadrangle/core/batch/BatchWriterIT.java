package dev.quadrangle.core.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quadrangle.core.partition.PartitionLevel;
import dev.quadrangle.core.partition.PartitionManager;
import dev.quadrangle.core.partition.PartitionSpec;
import dev.quadrangle.core.partition.TimeInterval;
import dev.quadrangle.core.repository.NoPartitionException;
import dev.quadrangle.core.repository.PartitionedRepository;
import dev.quadrangle.core.testing.MutableClock;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@RealServices
class BatchWriterIT {
    static final OffsetDateTime NOW = OffsetDateTime.of(2026, 11, 22, 12, 0, 0, 0, ZoneOffset.UTC);
    static final AtomicLong IDS = new AtomicLong();

    static PartitionSpec spec(String table) {
        return PartitionSpec.builder(table)
                .column("id", SQLDataType.BIGINT.notNull())
                .column("user_id", SQLDataType.BIGINT.notNull())
                .column("created_at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
                .primaryKey("id", "created_at")
                .partitionBy(PartitionLevel.range("created_at", TimeInterval.DAY))
                .premake(1)
                .build();
    }

    static PartitionedRepository repository(TestDatabase db, String table) {
        PartitionSpec spec = spec(table);
        PartitionManager.builder(db.primary()).clock(new MutableClock(NOW.toInstant())).build().ensure(spec);
        return PartitionedRepository.builder(spec, db.primary()).build();
    }

    static Object[] row(OffsetDateTime at) {
        long id = IDS.incrementAndGet();
        return new Object[] {id, id % 100, at};
    }

    static long count(TestDatabase db, String table) throws SQLException {
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @BeforeAll
    static void tables(TestDatabase db) {
        repository(db, "bw_many");
        repository(db, "bw_timed");
        repository(db, "bw_full");
        repository(db, "bw_failed");
    }

    @Test
    void threeProducersLoseNothingAndCloseFlushesTheRest(TestDatabase db) throws Exception {
        PartitionedRepository repo = PartitionedRepository.builder(spec("bw_many"), db.primary()).build();
        List<int[]> flushes = new CopyOnWriteArrayList<>();
        BatchWriter writer = BatchWriter.builder(repo).capacity(2000).batchSize(500)
                .listener(new BatchWriterListener() {
                    @Override
                    public void onFlush(int rows, long nanos) {
                        flushes.add(new int[] {rows});
                    }
                }).build();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<?>> producers = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            producers.add(pool.submit(() -> {
                for (int i = 0; i < 8000; i++) {
                    writer.write(row(NOW.minusMinutes(i % 600)));
                }
            }));
        }
        for (Future<?> f : producers) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        writer.close();
        assertThat(count(db, "bw_many")).isEqualTo(24_000);
        assertThat(writer.written()).isEqualTo(24_000);
        assertThat(flushes).allMatch(f -> f[0] <= 500);
        assertThatThrownBy(() -> writer.write(row(NOW))).isInstanceOf(IllegalStateException.class)
                .hasMessage("batch writer for bw_many is closed");
    }

    @Test
    void aLonelyRowIsWrittenAfterTheFlushInterval(TestDatabase db) throws Exception {
        PartitionedRepository repo = PartitionedRepository.builder(spec("bw_timed"), db.primary()).build();
        try (BatchWriter writer = BatchWriter.builder(repo).batchSize(1000).flushInterval(Duration.ofMillis(50)).build()) {
            writer.write(row(NOW));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (count(db, "bw_timed") == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(count(db, "bw_timed")).isEqualTo(1);
            assertThat(writer.queued()).isZero();
        }
    }

    @Test
    void aFullQueuePushesBackInsteadOfGrowing(TestDatabase db) throws Exception {
        PartitionedRepository repo = PartitionedRepository.builder(spec("bw_full"), db.primary()).build();
        List<Long> backPressure = new CopyOnWriteArrayList<>();
        BatchWriter writer = BatchWriter.builder(repo).capacity(20).batchSize(10).flushInterval(Duration.ofMillis(5))
                .offerTimeout(Duration.ofMillis(100)).listener(new BatchWriterListener() {
                    @Override
                    public void onBackPressure(long nanos, boolean accepted) {
                        backPressure.add(accepted ? nanos : -1);
                    }
                }).build();
        int accepted = 0;
        try (Connection blocker = db.primary().getConnection(); Statement s = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            s.execute("lock table bw_full in access exclusive mode");
            BatchWriterFullException full = null;
            for (int i = 0; i < 200 && full == null; i++) {
                try {
                    writer.write(row(NOW));
                    accepted++;
                } catch (BatchWriterFullException e) {
                    full = e;
                }
            }
            assertThat(full).isNotNull().hasMessage("batch writer for bw_full is full (20 rows) after waiting 100 ms");
            // at most one batch in flight plus the queue's capacity
            assertThat(accepted).isBetween(20, 30);
            assertThat(backPressure).contains(-1L);
            blocker.rollback();
        }
        writer.close();
        assertThat(count(db, "bw_full")).isEqualTo(accepted);
    }

    @Test
    void rowsThatCannotBeWrittenGoToTheFailureHandler(TestDatabase db) throws Exception {
        PartitionedRepository repo = PartitionedRepository.builder(spec("bw_failed"), db.primary()).build();
        List<RuntimeException> failures = new CopyOnWriteArrayList<>();
        List<Object[]> failedRows = new CopyOnWriteArrayList<>();
        try (BatchWriter writer = BatchWriter.builder(repo).batchSize(5).failureHandler((rows, failure) -> {
            failedRows.addAll(rows);
            failures.add(failure);
        }).build()) {
            writer.write(row(NOW.plusYears(3)));
            writer.flush(Duration.ofSeconds(10));
            writer.write(row(NOW));
            writer.flush(Duration.ofSeconds(10));
            assertThat(writer.failed()).isEqualTo(1);
            assertThat(writer.written()).isEqualTo(1);
        }
        assertThat(failedRows).hasSize(1);
        assertThat(failures).singleElement().isInstanceOf(NoPartitionException.class);
        assertThat(count(db, "bw_failed")).isEqualTo(1);
    }

    @Test
    void settingsOutOfRangeAreRejected(TestDatabase db) {
        PartitionedRepository repo = PartitionedRepository.builder(spec("bw_many"), db.primary()).build();
        assertThatThrownBy(() -> BatchWriter.builder(repo).capacity(0))
                .hasMessage("capacity must be between 1 and 10000000, was 0");
        assertThatThrownBy(() -> BatchWriter.builder(repo).capacity(10).batchSize(100).build())
                .isInstanceOf(IllegalStateException.class).hasMessage("batchSize 100 must not exceed capacity 10");
        assertThatThrownBy(() -> BatchWriter.builder(repo).flushInterval(Duration.ZERO))
                .hasMessage("flushInterval must be between 1 ms and 60 s, was PT0S");
    }
}
