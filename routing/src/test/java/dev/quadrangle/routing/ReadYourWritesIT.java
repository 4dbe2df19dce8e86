package dev.quadrangle.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.spi.ConsistencyToken;
import dev.quadrangle.routing.RoutingFixtures.RecordingListener;
import dev.quadrangle.testkit.PostgresStandby;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Read-your-writes against a standby that replays 300 ms late: each operation writes a row on the
 * primary and at once reads it back through a read-only connection.
 */
@RealServices
class ReadYourWritesIT {
    private static final Duration REPLAY_DELAY = Duration.ofMillis(300);
    private static final int OPERATIONS = 10_000;
    private static final int THREADS = 8;
    private static final AtomicLong IDS = new AtomicLong();

    @BeforeAll
    static void schema(TestDatabase db) throws SQLException {
        RoutingFixtures.onPrimary(db, "CREATE TABLE ryw (id bigint PRIMARY KEY, v int NOT NULL)");
        db.cluster().awaitStandbyCaughtUp(Duration.ofSeconds(10));
    }

    @BeforeEach
    void delayReplay(PostgresStandby standby) {
        standby.setReplayDelay(REPLAY_DELAY);
    }

    @AfterEach
    void replayAtOnce(PostgresStandby standby) {
        standby.setReplayDelay(Duration.ZERO);
    }

    @Test
    void lsnPolicyGivesNoStaleReads(TestDatabase db) throws Exception {
        RecordingListener listener = new RecordingListener();
        try (RoutingDataSource routing = RoutingFixtures.routing(db, listener,
                b -> b.consistencyPolicy(ConsistencyPolicy.LSN))) {
            RoutingFixtures.await("the standby is eligible", Duration.ofSeconds(10),
                    () -> RoutingFixtures.eligible(routing, "standby"));
            Outcome outcome = run(routing, OPERATIONS);
            System.out.printf("read-your-writes LSN: %d operations in %d ms, %d stale, routed %s%n",
                    outcome.operations, outcome.millis, outcome.stale, listener.routed);
            assertThat(outcome.operations).isEqualTo(OPERATIONS);
            assertThat(outcome.stale).isZero();
            // the reads were kept on the primary because the standby had not replayed them
            assertThat(listener.count("primary", RouteReason.STICKY_AFTER_WRITE)).isGreaterThan(OPERATIONS / 2);
        }
    }

    @Test
    void noConsistencyPolicyGivesStaleReads(TestDatabase db) throws Exception {
        RecordingListener listener = new RecordingListener();
        try (RoutingDataSource routing = RoutingFixtures.routing(db, listener,
                b -> b.consistencyPolicy(ConsistencyPolicy.NONE))) {
            RoutingFixtures.await("the standby is eligible", Duration.ofSeconds(10),
                    () -> RoutingFixtures.eligible(routing, "standby"));
            Outcome outcome = run(routing, OPERATIONS);
            System.out.printf("read-your-writes NONE: %d operations in %d ms, %d stale, routed %s%n",
                    outcome.operations, outcome.millis, outcome.stale, listener.routed);
            assertThat(outcome.operations).isEqualTo(OPERATIONS);
            assertThat(outcome.stale).isGreaterThan(0);
        }
    }

    @Test
    void timeWindowPolicyKeepsReadsOnThePrimaryAfterAWrite(TestDatabase db) throws Exception {
        RecordingListener listener = new RecordingListener();
        try (RoutingDataSource routing = RoutingFixtures.routing(db, listener,
                b -> b.consistencyPolicy(ConsistencyPolicy.TIME_WINDOW).stickyWindow(Duration.ofSeconds(1)))) {
            Outcome outcome = run(routing, 800);
            assertThat(outcome.stale).isZero();
            assertThat(listener.count("primary", RouteReason.STICKY_AFTER_WRITE)).isEqualTo(800);
        }
    }

    @Test
    void waitingForTheReplicaServesTheReadThereOnceItHasReplayed(TestDatabase db) throws Exception {
        RecordingListener listener = new RecordingListener();
        try (RoutingDataSource routing = RoutingFixtures.routing(db, listener,
                b -> b.maxWaitForReplica(Duration.ofSeconds(2)))) {
            RoutingFixtures.await("the standby is eligible", Duration.ofSeconds(10),
                    () -> RoutingFixtures.eligible(routing, "standby"));
            Outcome outcome = run(routing, 24);
            assertThat(outcome.stale).isZero();
            assertThat(listener.count("standby", RouteReason.READ_ONLY)).isEqualTo(24);
            assertThat(listener.count("primary", RouteReason.STICKY_AFTER_WRITE)).isZero();
        }
    }

    @Test
    void autoCommittedWritesCostNoRoundTripUntilAReadNeedsTheirPosition(TestDatabase db) throws Exception {
        RecordingListener listener = new RecordingListener();
        try (RoutingDataSource routing = RoutingFixtures.routing(db, listener,
                b -> b.maxWaitForReplica(Duration.ofSeconds(2)))) {
            RoutingFixtures.await("the standby is eligible", Duration.ofSeconds(10),
                    () -> RoutingFixtures.eligible(routing, "standby"));
            long first = IDS.incrementAndGet();
            long[] ids = {first, IDS.incrementAndGet(), IDS.incrementAndGet()};
            boolean[] seen = routing.inSession(null, () -> {
                for (long id : ids) {
                    write(routing, id);
                }
                assertThat(listener.captures).as("no position is read when the writes return").isEmpty();
                boolean[] found = new boolean[ids.length];
                for (int i = 0; i < ids.length; i++) {
                    found[i] = read(routing, ids[i]);
                }
                return found;
            });
            assertThat(seen).containsOnly(true);
            // one position, read by the first read, covers the three writes; the later reads need none
            assertThat(listener.captures).containsExactly("separate");
            assertThat(listener.count("standby", RouteReason.READ_ONLY)).isEqualTo(3);
        }
    }

    @Test
    void aConnectionsLastWriteTokenIsReadOnItsOwnConnectionWhenAskedFor(TestDatabase db) throws Exception {
        RecordingListener listener = new RecordingListener();
        try (RoutingDataSource routing = RoutingFixtures.routing(db, listener, b -> b)) {
            long id = IDS.incrementAndGet();
            try (Connection c = routing.getConnection()) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO ryw (id, v) VALUES (?, 1)")) {
                    ps.setLong(1, id);
                    ps.executeUpdate();
                }
                assertThat(listener.captures).isEmpty();
                ConsistencyToken token = c.unwrap(dev.quadrangle.spi.RoutedConnection.class).lastWriteToken()
                        .orElseThrow();
                assertThat(listener.captures).containsExactly("separate");
                // the scope's token is at least the connection's: the read below needs no second position
                assertThat(routing.currentToken()).hasValueSatisfying(t -> assertThat(t).isGreaterThanOrEqualTo(token));
                assertThat(listener.captures).containsExactly("separate");
            }
        }
    }

    @Test
    void tokenCarriedAsTextToAnotherNodeKeepsItsReadsConsistent(TestDatabase db, PostgresStandby standby)
            throws Exception {
        // a longer delay, so that the read without the token surely comes before the replay
        standby.setReplayDelay(Duration.ofSeconds(3));
        RecordingListener listener = new RecordingListener();
        try (RoutingDataSource nodeA = RoutingFixtures.routing(db, listener, b -> b);
                RoutingDataSource nodeB = RoutingFixtures.routing(db, listener, b -> b)) {
            RoutingFixtures.await("the standby is eligible", Duration.ofSeconds(10),
                    () -> RoutingFixtures.eligible(nodeB, "standby"));
            long id = IDS.incrementAndGet();
            String header = nodeA.inSession(null, () -> {
                write(nodeA, id);
                return nodeA.currentToken().orElseThrow().asString();
            });
            boolean withToken = nodeB.inSession(ConsistencyToken.parse(header), () -> read(nodeB, id));
            boolean withoutToken = nodeB.inSession(null, () -> read(nodeB, id));
            assertThat(withToken).isTrue();
            assertThat(withoutToken).as("a read without the token goes to the lagging standby").isFalse();
        }
    }

    private static Outcome run(RoutingDataSource routing, int operations) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        long started = System.nanoTime();
        try {
            List<Future<long[]>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int share = operations / THREADS + (t < operations % THREADS ? 1 : 0);
                results.add(pool.submit(() -> worker(routing, share)));
            }
            long stale = 0;
            long done = 0;
            for (Future<long[]> result : results) {
                long[] counts = result.get(120, TimeUnit.SECONDS);
                done += counts[0];
                stale += counts[1];
            }
            return new Outcome(done, stale, (System.nanoTime() - started) / 1_000_000);
        } finally {
            pool.shutdownNow();
        }
    }

    private static long[] worker(RoutingDataSource routing, int operations) throws SQLException {
        long stale = 0;
        for (int i = 0; i < operations; i++) {
            long id = IDS.incrementAndGet();
            write(routing, id);
            if (!read(routing, id)) {
                stale++;
            }
        }
        return new long[] {operations, stale};
    }

    private static void write(RoutingDataSource routing, long id) throws SQLException {
        try (Connection c = routing.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO ryw (id, v) VALUES (?, 1)")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    private static boolean read(RoutingDataSource routing, long id) throws SQLException {
        try (Connection c = routing.getConnection()) {
            c.setReadOnly(true);
            try (PreparedStatement ps = c.prepareStatement("SELECT v FROM ryw WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        }
    }

    private record Outcome(long operations, long stale, long millis) {
    }
}
