package dev.quadrangle.core.partition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.core.repository.PartitionedRepository;
import dev.quadrangle.core.testing.MutableClock;
import dev.quadrangle.storage.InMemoryContentStore;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.TestDatabase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;

/**
 * Four writers insert continuously while ensure and retention run 50 weekly cycles on a controllable
 * clock; every row written must be found exactly once, live or in an exported archive.
 *
 * <p>The cycles are fast (a week of clock per few hundred milliseconds), so a writer held up behind a
 * maintenance lock writes rows for ranges that were archived meanwhile, and some of its rows reach the
 * DEFAULT partition after their partition was attached: both paths are exercised on most runs.
 */
@RealServices
class LifecycleUnderLoadIT {
    private static final int WRITERS = 4;
    private static final int CYCLES = 50;

    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, String> written = new ConcurrentHashMap<>();
    private final Map<Long, OffsetDateTime> writtenAt = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Long> latenciesDuringMaintenance = new ConcurrentLinkedQueue<>();
    private final AtomicInteger writerErrors = new AtomicInteger();
    private final AtomicInteger batches = new AtomicInteger();
    private final AtomicBoolean maintaining = new AtomicBoolean();
    private final AtomicBoolean stop = new AtomicBoolean();

    @Test
    void rowsAreConservedAndNoWriterFailsWhileFiftyCyclesRun(TestDatabase db) throws Exception {
        PartitionSpec spec = PartitionSpec.builder("interaction")
                .column("id", SQLDataType.BIGINT.notNull())
                .column("user_id", SQLDataType.BIGINT.notNull())
                .column("created_at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
                .column("payload", SQLDataType.CLOB.notNull())
                .primaryKey("id", "created_at")
                .partitionBy(PartitionLevel.range("created_at", TimeInterval.WEEK))
                .premake(2)
                .defaultPartition(true)
                .retention(Retention.export(Period.ofWeeks(8), "archive/interactions"))
                .build();
        MutableClock clock = new MutableClock(Instant.parse("2026-01-05T12:00:00Z"));
        InMemoryContentStore store = InMemoryContentStore.named("archives");
        PartitionManager manager = PartitionManager.builder(db.primary()).clock(clock).contentStore(store).build();
        manager.ensure(spec);
        PartitionedRepository repository = PartitionedRepository.builder(spec, db.primary()).build();

        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        int archived = 0;
        try {
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                pool.submit(() -> write(repository, clock, writer));
            }
            for (int cycle = 0; cycle < CYCLES; cycle++) {
                awaitBatches(batches.get() + WRITERS * 2);
                clock.advance(Duration.ofDays(7));
                maintaining.set(true);
                try {
                    manager.ensure(spec);
                    archived += manager.applyRetention(spec).archived().size();
                } finally {
                    maintaining.set(false);
                }
            }
        } finally {
            stop.set(true);
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        EnsureResult last = manager.ensure(spec);

        assertThat(writerErrors.get()).isZero();
        assertThat(last.rowsInDefault()).isZero();
        assertThat(manager.rowsInDefault(spec)).isZero();
        assertThat(archived).isGreaterThanOrEqualTo(CYCLES - 10);
        Map<Long, String> found = new TreeMap<>();
        int duplicates = readLive(db, found) + readArchives(store, found);
        assertThat(duplicates).isZero();
        Map<String, Integer> missing = new TreeMap<>();
        written.keySet().stream().filter(id -> !found.containsKey(id))
                .forEach(id -> missing.merge(writtenAt.get(id).toLocalDate().toString(), 1, Integer::sum));
        assertThat(missing).as("rows missing, by the day they were written for").isEmpty();
        assertThat(found).hasSameSizeAs(written);
        assertThat(checksum(found)).isEqualTo(checksum(new TreeMap<>(written)));
        List<Long> latencies = new ArrayList<>(latenciesDuringMaintenance);
        Collections.sort(latencies);
        long p99 = latencies.isEmpty() ? 0 : latencies.get((int) Math.min(latencies.size() - 1, Math.ceil(latencies.size() * 0.99) - 1));
        System.out.printf("lifecycle under load: %d rows, %d archived partitions, %d batches during maintenance, p99 insert"
                + " latency during maintenance %.2f ms%n", written.size(), archived, latencies.size(), p99 / 1e6);
    }

    private void write(PartitionedRepository repository, MutableClock clock, int writer) {
        while (!stop.get()) {
            List<Object[]> rows = new ArrayList<>();
            Map<Long, String> pending = new TreeMap<>();
            OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
            for (int i = 0; i < 20; i++) {
                long id = ids.incrementAndGet();
                ThreadLocalRandom random = ThreadLocalRandom.current();
                // mostly the last three days; one row in forty lands five weeks ahead, in the DEFAULT partition
                OffsetDateTime at = random.nextInt(40) == 0 ? now.plusWeeks(5) : now.minusMinutes(random.nextInt(3 * 24 * 60));
                String payload = "w" + writer + "-" + id;
                rows.add(new Object[] {id, id % 1000, at, payload});
                pending.put(id, (id % 1000) + "|" + payload);
                writtenAt.put(id, at);
            }
            boolean duringMaintenance = maintaining.get();
            long start = System.nanoTime();
            try {
                repository.copyInsert(rows);
                written.putAll(pending);
                if (duringMaintenance || maintaining.get()) {
                    latenciesDuringMaintenance.add(System.nanoTime() - start);
                }
            } catch (RuntimeException e) {
                writerErrors.incrementAndGet();
                e.printStackTrace();
            }
            batches.incrementAndGet();
        }
    }

    private void awaitBatches(int target) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (batches.get() < target && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
    }

    private static int readLive(TestDatabase db, Map<Long, String> found) throws Exception {
        int duplicates = 0;
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select id, user_id, payload from interaction")) {
            while (rs.next()) {
                duplicates += found.put(rs.getLong(1), rs.getLong(2) + "|" + rs.getString(3)) == null ? 0 : 1;
            }
        }
        return duplicates;
    }

    private static int readArchives(InMemoryContentStore store, Map<Long, String> found) throws Exception {
        List<String> keys = new ArrayList<>();
        store.list("archive/interactions/", o -> keys.add(o.key()));
        int duplicates = 0;
        for (String key : keys) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                    store.open(key).orElseThrow()), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    String[] f = line.split("\t");
                    duplicates += found.put(Long.parseLong(f[0]), f[1] + "|" + f[3]) == null ? 0 : 1;
                }
            }
        }
        return duplicates;
    }

    private static String checksum(Map<Long, String> rows) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        rows.forEach((id, row) -> digest.update((id + "|" + row + "\n").getBytes(StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(digest.digest()) + "/" + rows.size();
    }
}
