package dev.quadrangle.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.routing.RoutingFixtures.RecordingListener;
import dev.quadrangle.testkit.PostgresStandby;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A standby lagging past the threshold gets no reads until it has caught up. */
@RealServices
class ReplicaLagIT {
    private static final Duration MAX_LAG = Duration.ofMillis(500);

    @BeforeAll
    static void schema(TestDatabase db) throws SQLException {
        RoutingFixtures.onPrimary(db, "CREATE TABLE tick (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())");
        db.cluster().awaitStandbyCaughtUp(Duration.ofSeconds(10));
    }

    @Test
    void laggingStandbyIsEjectedUntilItCatchesUp(TestDatabase db, PostgresStandby standby) throws Exception {
        RecordingListener listener = new RecordingListener();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (RoutingDataSource routing = RoutingFixtures.routing(db, listener,
                b -> b.consistencyPolicy(ConsistencyPolicy.NONE).maxReplicaLag(MAX_LAG))) {
            RoutingFixtures.await("the standby is eligible", Duration.ofSeconds(10),
                    () -> RoutingFixtures.eligible(routing, "standby"));
            assertThat(readOnStandby(routing)).isTrue();
            Future<?> ticks = writer.submit(() -> tick(db, writing));

            standby.setReplayDelay(Duration.ofSeconds(2));
            RoutingFixtures.await("the standby is ejected for lag", Duration.ofSeconds(10),
                    () -> !RoutingFixtures.eligible(routing, "standby"));
            ReplicaStatus lagging = routing.replicaStatuses().get(0);
            assertThat(lagging.cause()).startsWith("replay lag ").endsWith("exceeds maxReplicaLag 500 ms");
            assertThat(lagging.lagMillis()).isGreaterThan(MAX_LAG.toMillis());

            long toStandby = listener.countTo("standby");
            for (int i = 0; i < 50; i++) {
                assertThat(readOnStandby(routing)).isFalse();
            }
            assertThat(listener.countTo("standby")).isEqualTo(toStandby);
            assertThat(listener.count("primary", RouteReason.FALLBACK)).isGreaterThanOrEqualTo(50);

            standby.setReplayDelay(Duration.ZERO);
            RoutingFixtures.await("the standby is readmitted", Duration.ofSeconds(10),
                    () -> RoutingFixtures.eligible(routing, "standby"));
            ReplicaStatus caughtUp = routing.replicaStatuses().get(0);
            assertThat(caughtUp.lagMillis()).isBetween(0L, MAX_LAG.toMillis());
            assertThat(readOnStandby(routing)).isTrue();
            writing.set(false);
            ticks.get(10, TimeUnit.SECONDS);
        } finally {
            writing.set(false);
            writer.shutdownNow();
            standby.setReplayDelay(Duration.ZERO);
        }
    }

    private static Void tick(TestDatabase db, AtomicBoolean writing) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement()) {
            while (writing.get() && System.nanoTime() < deadline) {
                s.executeUpdate("INSERT INTO tick DEFAULT VALUES");
                Thread.sleep(20);
            }
        }
        return null;
    }

    private static boolean readOnStandby(RoutingDataSource routing) throws SQLException {
        try (Connection c = routing.getConnection()) {
            c.setReadOnly(true);
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_is_in_recovery(), count(*) FROM tick");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
