package dev.quadrangle.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quadrangle.spi.RoutedConnection;
import dev.quadrangle.routing.RoutingFixtures.RecordingListener;
import dev.quadrangle.testkit.PostgresStandby;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The standby stops under read load and comes back: no read fails, and reads return to it. */
@RealServices
class ReplicaFailoverIT {
    private static final int THREADS = 8;
    private static final int ROWS = 1000;

    @BeforeAll
    static void schema(TestDatabase db) throws SQLException {
        RoutingFixtures.onPrimary(db, "CREATE TABLE item (id bigint PRIMARY KEY, score int NOT NULL)");
        RoutingFixtures.onPrimary(db, "INSERT INTO item SELECT g, g % 100 FROM generate_series(1, " + ROWS + ") g");
        db.cluster().awaitStandbyCaughtUp(Duration.ofSeconds(10));
    }

    @Test
    void standbyStoppedUnderReadLoadFailsNoReadAndIsReadmittedAfterRestart(TestDatabase db, PostgresStandby standby)
            throws Exception {
        assumeTrue(standby.controllable(), "the standby cannot be stopped (external endpoints)");
        RecordingListener listener = new RecordingListener();
        AtomicBoolean running = new AtomicBoolean(true);
        LongAdder reads = new LongAdder();
        List<String> failures = new CopyOnWriteArrayList<>();
        ExecutorService readers = Executors.newFixedThreadPool(THREADS);
        try (RoutingDataSource routing = RoutingFixtures.routing(db, listener, b -> b)) {
            RoutingFixtures.await("the standby is eligible", Duration.ofSeconds(10),
                    () -> RoutingFixtures.eligible(routing, "standby"));
            for (int t = 0; t < THREADS; t++) {
                readers.submit(() -> readUntilStopped(routing, running, reads, failures));
            }
            RoutingFixtures.await("reads reach the standby", Duration.ofSeconds(5),
                    () -> listener.count("standby", RouteReason.READ_ONLY) > 100);

            long readsBeforeStop = reads.sum();
            standby.stop();
            RoutingFixtures.await("the standby is ejected", Duration.ofSeconds(5),
                    () -> !RoutingFixtures.eligible(routing, "standby"));
            long standbyRoutesWhileDown = listener.count("standby", RouteReason.READ_ONLY);
            RoutingFixtures.await("reads go on on the primary", Duration.ofSeconds(5),
                    () -> listener.count("primary", RouteReason.FALLBACK) > 200);
            assertThat(listener.count("standby", RouteReason.READ_ONLY)).isEqualTo(standbyRoutesWhileDown);

            standby.start();
            long restarted = System.nanoTime();
            RoutingFixtures.await("reads return to the standby", Duration.ofSeconds(30),
                    () -> listener.count("standby", RouteReason.READ_ONLY) > standbyRoutesWhileDown);
            long returnMillis = (System.nanoTime() - restarted) / 1_000_000;
            running.set(false);
            readers.shutdown();
            assertThat(readers.awaitTermination(20, TimeUnit.SECONDS)).isTrue();

            System.out.printf("failover: %d reads (%d before the stop), %d failed, retries %s, reads back on the"
                    + " standby %d ms after its restart (probe interval %d ms)%n", reads.sum(), readsBeforeStop,
                    failures.size(), listener.retries.size(), returnMillis, RoutingFixtures.PROBE_INTERVAL.toMillis());
            assertThat(failures).isEmpty();
            assertThat(listener.eligibility).anyMatch(e -> e.startsWith("standby ejected"))
                    .anyMatch(e -> e.equals("standby readmitted: healthy"));
        } finally {
            running.set(false);
            readers.shutdownNow();
            standby.start();
        }
    }

    private static void readUntilStopped(RoutingDataSource routing, AtomicBoolean running, LongAdder reads,
            List<String> failures) {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (running.get() && System.nanoTime() < deadline) {
            long id = ThreadLocalRandom.current().nextLong(1, ROWS + 1);
            try (Connection c = routing.getConnection()) {
                c.setReadOnly(true);
                c.unwrap(RoutedConnection.class).setIdempotent(true);
                try (PreparedStatement ps = c.prepareStatement("SELECT score FROM item WHERE id = ?")) {
                    ps.setLong(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next() || rs.getInt(1) != id % 100) {
                            failures.add("wrong answer for " + id);
                        }
                    }
                }
                reads.increment();
            } catch (SQLException e) {
                failures.add(e.getSQLState() + " " + e.getMessage());
            }
        }
    }
}
