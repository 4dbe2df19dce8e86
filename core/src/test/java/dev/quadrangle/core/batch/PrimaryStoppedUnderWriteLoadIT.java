package dev.quadrangle.core.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quadrangle.core.repository.PartitionedRepository;
import dev.quadrangle.testkit.PostgresCluster;
import dev.quadrangle.testkit.PostgresServer;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The primary stopped (fast shutdown) under write load, with no failover: it comes back on its own data.
 * Direct writers (one autocommit INSERT each, the way a service writes through a data source) and a
 * {@link BatchWriter} run throughout. What may be lost: nothing acknowledged. A direct INSERT that
 * returned must be stored; one that failed may or may not be (the commit can land just before the
 * connection is cut), and is never counted as acknowledged. A row the batch writer accepted is either
 * stored or handed to its failure handler; none disappears.
 */
@RealServices
class PrimaryStoppedUnderWriteLoadIT {
    private static final int DIRECT_WRITERS = 3;
    private static final Duration OUTAGE = Duration.ofSeconds(3);
    /** A writer must hear of the outage within this long (generous: connection refused is immediate). */
    private static final Duration ERROR_BOUND = Duration.ofSeconds(30);
    private static final AtomicLong DIRECT_IDS = new AtomicLong();

    /** One failed write: how long it took and what the driver said. */
    private record Failure(long nanos, String sqlState, String message) {
    }

    @Test
    void writersGetConnectionErrorsAndNoAcknowledgedRowIsLost(TestDatabase db, PostgresCluster cluster) throws Exception {
        PostgresServer primary = cluster.primary();
        assumeTrue(primary.controllable(), "the primary is external");
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE pw_direct (id bigint PRIMARY KEY, writer int NOT NULL)");
        }
        PartitionedRepository repo = BatchWriterIT.repository(db, "pw_batched");

        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        Set<Long> uncertain = ConcurrentHashMap.newKeySet();
        List<Failure> failures = new CopyOnWriteArrayList<>();
        Map<Integer, AtomicInteger> failuresByWriter = new ConcurrentHashMap<>();
        Set<Long> queued = ConcurrentHashMap.newKeySet();
        Set<Long> handedToHandler = ConcurrentHashMap.newKeySet();
        AtomicInteger refusedByFullQueue = new AtomicInteger();
        List<Throwable> unexpected = new CopyOnWriteArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();

        BatchWriter batches = BatchWriter.builder(repo).capacity(5_000).batchSize(200)
                .flushInterval(Duration.ofMillis(50)).offerTimeout(Duration.ofMillis(200))
                .failureHandler((rows, failure) -> rows.forEach(r -> handedToHandler.add((Long) r[0]))).build();
        try {
            for (int w = 0; w < DIRECT_WRITERS; w++) {
                int writer = w;
                failuresByWriter.put(writer, new AtomicInteger());
                threads.add(daemon("direct-writer-" + w, () -> writeDirectly(db, writer, running, acknowledged, uncertain,
                        failures, failuresByWriter.get(writer), unexpected)));
            }
            threads.add(daemon("batch-producer", () -> produce(batches, running, queued, refusedByFullQueue, unexpected)));
            threads.forEach(Thread::start);

            await("writes before the outage", Duration.ofSeconds(60), () -> acknowledged.size() >= 300 && queued.size() >= 2_000);
            long stoppedAt = System.nanoTime();
            int acknowledgedBefore = acknowledged.size();
            primary.stop();
            try {
                await("every direct writer to get an error", ERROR_BOUND,
                        () -> failuresByWriter.values().stream().allMatch(n -> n.get() > 0));
                long firstErrorsMillis = (System.nanoTime() - stoppedAt) / 1_000_000;
                System.out.printf("primary stopped: every direct writer failed within %d ms%n", firstErrorsMillis);
                long outageEnd = stoppedAt + OUTAGE.toNanos();
                await("the outage to last " + OUTAGE, Duration.ofSeconds(30), () -> System.nanoTime() - outageEnd >= 0);
            } finally {
                primary.start();
            }
            int acknowledgedAtRestart = acknowledged.size();
            await("direct writes to succeed again", Duration.ofSeconds(60), () -> acknowledged.size() >= acknowledgedAtRestart + 300);
            int queuedAtRestart = queued.size();
            await("batched writes to go on", Duration.ofSeconds(60), () -> queued.size() >= queuedAtRestart + 2_000);
            running.set(false);
            for (Thread t : threads) {
                t.join(30_000);
                assertThat(t.isAlive()).as(t.getName() + " stopped").isFalse();
            }
            batches.flush(Duration.ofSeconds(60));

            Set<Long> storedDirect = ids(db, "SELECT id FROM pw_direct");
            Set<Long> storedBatched = ids(db, "SELECT id FROM pw_batched");
            Set<Long> lostDirect = new HashSet<>(acknowledged);
            lostDirect.removeAll(storedDirect);
            Set<Long> lostBatched = new HashSet<>(queued);
            lostBatched.removeAll(storedBatched);
            lostBatched.removeAll(handedToHandler);
            Set<Long> phantom = new HashSet<>(storedDirect);
            phantom.removeAll(acknowledged);
            phantom.removeAll(uncertain);
            long uncertainStored = uncertain.stream().filter(storedDirect::contains).count();
            Map<String, Integer> states = new TreeMap<>();
            failures.forEach(f -> states.merge(f.sqlState(), 1, Integer::sum));
            long slowestError = failures.stream().mapToLong(Failure::nanos).max().orElse(0);
            System.out.printf("primary stopped for at least %d ms under write load: direct %d acknowledged (%d before the "
                    + "stop), %d stored, %d lost; %d failed writes (%d of them stored anyway), SQLStates %s, slowest "
                    + "failure %.1f ms; batched %d accepted, %d stored, %d handed to the failure handler, %d lost, %d "
                    + "refused with a full queue%n", OUTAGE.toMillis(), acknowledged.size(), acknowledgedBefore,
                    storedDirect.size(), lostDirect.size(), uncertain.size(), uncertainStored, states, slowestError / 1e6,
                    queued.size(), storedBatched.size(), handedToHandler.size(), lostBatched.size(),
                    refusedByFullQueue.get());

            assertThat(unexpected).isEmpty();
            assertThat(lostDirect).as("acknowledged direct writes missing after the restart").isEmpty();
            assertThat(phantom).as("stored rows nobody wrote").isEmpty();
            assertThat(lostBatched).as("accepted batched rows neither stored nor reported").isEmpty();
            assertThat(failures).isNotEmpty().allSatisfy(f -> {
                assertThat(f.sqlState()).as(f.message()).matches("08\\d{3}|57P0[123]");
                assertThat(f.nanos()).as("a failed write's duration, ns").isLessThan(ERROR_BOUND.toNanos());
            });
        } finally {
            running.set(false);
            primary.start();
            batches.close();
        }
    }

    private static Thread daemon(String name, Runnable work) {
        Thread t = new Thread(work, name);
        t.setDaemon(true);
        return t;
    }

    /** Autocommit INSERTs, a new connection after each failure; stops at the flag, a count or a deadline. */
    private static void writeDirectly(TestDatabase db, int writer, AtomicBoolean running, Set<Long> acknowledged,
            Set<Long> uncertain, List<Failure> failures, AtomicInteger failed, List<Throwable> unexpected) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        Connection c = null;
        try {
            for (int i = 0; i < 1_000_000 && running.get() && System.nanoTime() < deadline; i++) {
                long id = DIRECT_IDS.incrementAndGet();
                long start = System.nanoTime();
                try {
                    if (c == null) {
                        c = db.primary().getConnection();
                    }
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO pw_direct VALUES (?, ?)")) {
                        ps.setLong(1, id);
                        ps.setInt(2, writer);
                        ps.executeUpdate();
                    }
                    acknowledged.add(id);
                } catch (SQLException e) {
                    uncertain.add(id);
                    failures.add(new Failure(System.nanoTime() - start, String.valueOf(e.getSQLState()), e.getMessage()));
                    failed.incrementAndGet();
                    closeQuietly(c);
                    c = null;
                    LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
                }
            }
        } catch (RuntimeException | Error e) {
            unexpected.add(e);
        } finally {
            closeQuietly(c);
        }
    }

    private static void produce(BatchWriter batches, AtomicBoolean running, Set<Long> queued, AtomicInteger refused,
            List<Throwable> unexpected) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        try {
            for (int i = 0; i < 2_000_000 && running.get() && System.nanoTime() < deadline; i++) {
                Object[] row = BatchWriterIT.row(BatchWriterIT.NOW);
                try {
                    batches.write(row);
                    queued.add((Long) row[0]);
                } catch (BatchWriterFullException e) {
                    refused.incrementAndGet();
                }
                if (i % 20 == 0) {
                    LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
                }
            }
        } catch (RuntimeException | Error e) {
            unexpected.add(e);
        }
    }

    private static Set<Long> ids(TestDatabase db, String sql) throws SQLException {
        Set<Long> ids = new HashSet<>();
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            // the connection is gone anyway
        }
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
    }
}
