package dev.quadrangle.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.routing.RoutingFixtures.RecordingListener;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Reads spread over replicas; the one standby is registered under two names. */
@RealServices
class LoadBalancingIT {

    private static RoutingDataSource twoReplicas(TestDatabase db, RecordingListener listener,
            UnaryOperator<RoutingDataSourceBuilder> customizer) {
        RoutingDataSource routing = customizer.apply(RoutingDataSource.builder()
                .primary(db.primaryUrl(), db.user(), db.password())
                .replica("standby-a", db.standbyUrl(), db.user(), db.password())
                .replica("standby-b", db.standbyUrl(), db.user(), db.password())
                .replicaPoolSize(4)
                .primaryPoolSize(2)
                .probeInterval(RoutingFixtures.PROBE_INTERVAL)
                .listener(listener)).build();
        RoutingFixtures.await("both replicas are eligible", Duration.ofSeconds(10),
                () -> RoutingFixtures.eligible(routing, "standby-a") && RoutingFixtures.eligible(routing, "standby-b"));
        return routing;
    }

    @Test
    void roundRobinAlternates(TestDatabase db) throws SQLException {
        RecordingListener listener = new RecordingListener();
        try (RoutingDataSource routing = twoReplicas(db, listener, b -> b.loadBalancer(LoadBalancer.roundRobin()))) {
            for (int i = 0; i < 100; i++) {
                assertThat(readAndClose(routing)).isTrue();
            }
            assertThat(listener.count("standby-a", RouteReason.READ_ONLY)).isEqualTo(50);
            assertThat(listener.count("standby-b", RouteReason.READ_ONLY)).isEqualTo(50);
        }
    }

    @Test
    void leastInFlightAvoidsTheBusyReplica(TestDatabase db) throws SQLException {
        RecordingListener listener = new RecordingListener();
        try (RoutingDataSource routing = twoReplicas(db, listener, b -> b.loadBalancer(LoadBalancer.leastInFlight()))) {
            try (Connection held = routing.getConnection()) {
                held.setReadOnly(true);
                assertThat(RoutingFixtures.inRecovery(held)).isTrue();
                String busy = listener.lastTarget;
                String idle = busy.equals("standby-a") ? "standby-b" : "standby-a";
                for (int i = 0; i < 20; i++) {
                    assertThat(readAndClose(routing)).isTrue();
                }
                assertThat(listener.count(idle, RouteReason.READ_ONLY)).isEqualTo(20);
                assertThat(listener.count(busy, RouteReason.READ_ONLY)).isEqualTo(1);
            }
        }
    }

    @Test
    void latencyAwareServesEveryReadFromAnEligibleReplica(TestDatabase db) throws SQLException {
        RecordingListener listener = new RecordingListener();
        try (RoutingDataSource routing = twoReplicas(db, listener, b -> b.loadBalancer(LoadBalancer.latencyAware()))) {
            for (int i = 0; i < 100; i++) {
                assertThat(readAndClose(routing)).isTrue();
            }
            assertThat(listener.count("standby-a", RouteReason.READ_ONLY)
                    + listener.count("standby-b", RouteReason.READ_ONLY)).isEqualTo(100);
        }
    }

    @Test
    void customStrategyDecides(TestDatabase db) throws SQLException {
        RecordingListener listener = new RecordingListener();
        LoadBalancer last = candidates -> candidates.size() - 1;
        try (RoutingDataSource routing = twoReplicas(db, listener, b -> b.loadBalancer(last))) {
            for (int i = 0; i < 10; i++) {
                assertThat(readAndClose(routing)).isTrue();
            }
            assertThat(listener.count("standby-b", RouteReason.READ_ONLY)).isEqualTo(10);
            assertThat(listener.countTo("standby-a")).isZero();
        }
    }

    private static boolean readAndClose(RoutingDataSource routing) throws SQLException {
        try (Connection c = routing.getConnection()) {
            c.setReadOnly(true);
            return RoutingFixtures.inRecovery(c);
        }
    }
}
