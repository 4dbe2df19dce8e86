package dev.quadrangle.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Routing metrics through Micrometer, with a healthy standby and with an unreachable replica. */
@RealServices
class RoutingMetricsIT {
    private static final String SECRET = "s3cret-Pa55word";

    @Test
    void countsRoutedConnectionsAndReportsReplicaHealth(TestDatabase db) throws SQLException {
        RoutingFixtures.onPrimary(db, "CREATE TABLE IF NOT EXISTS counted (id bigint PRIMARY KEY)");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RoutingMetrics metrics = new RoutingMetrics();
        metrics.bindTo(registry);
        try (RoutingDataSource routing = RoutingDataSource.builder()
                .primary(db.primaryUrl(), db.user(), db.password())
                .replica("standby", db.standbyUrl(), db.user(), db.password())
                .probeInterval(RoutingFixtures.PROBE_INTERVAL)
                .listener(metrics)
                .poolMetrics(new MicrometerMetricsTrackerFactory(registry))
                .build()) {
            RoutingFixtures.await("the standby is eligible", Duration.ofSeconds(10),
                    () -> RoutingFixtures.eligible(routing, "standby"));
            try (Connection c = routing.getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO counted VALUES (1)");
            }
            routing.onReplica(() -> {
                try (Connection c = routing.getConnection()) {
                    return RoutingFixtures.inRecovery(c);
                }
            });
            assertThat(registry.get("quadrangle.routing.connections").tag("target", "primary")
                    .tag("reason", "read_write").counter().count()).isEqualTo(1.0);
            assertThat(registry.get("quadrangle.routing.connections").tag("target", "standby")
                    .tag("reason", "scope").counter().count()).isEqualTo(1.0);
            // the auto-committed write and the lag-accepting read needed no position; the export reads one
            assertThat(registry.find("quadrangle.routing.token.capture").timer()).isNull();
            assertThat(routing.currentToken()).isPresent();
            assertThat(registry.get("quadrangle.routing.token.capture").tag("mode", "separate").timer().count())
                    .isEqualTo(1);
            assertThat(registry.get("quadrangle.routing.replica.lag").tag("replica", "standby").gauge().value())
                    .isBetween(0.0, 10.0);
            assertThat(registry.get("quadrangle.routing.replica.lag.bytes").tag("replica", "standby").gauge().value())
                    .isGreaterThanOrEqualTo(0.0);
            assertThat(registry.get("quadrangle.routing.replica.eligible").tag("replica", "standby").gauge().value())
                    .isEqualTo(1.0);
            assertThat(registry.get("quadrangle.routing.replica.breaker.state").tag("replica", "standby")
                    .tag("state", "closed").gauge().value()).isEqualTo(1.0);
            assertThat(registry.get("hikaricp.connections").tag("pool", "quadrangle-primary").gauge()).isNotNull();
            assertThat(registry.get("hikaricp.connections").tag("pool", "quadrangle-standby").gauge()).isNotNull();
        }
    }

    @Test
    void unreachableReplicaIsEjectedCountedAndNeverLeaksItsPassword(TestDatabase db) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RoutingMetrics metrics = new RoutingMetrics();
        metrics.bindTo(registry);
        String deadUrl = "jdbc:postgresql://127.0.0.1:" + closedPort() + "/" + db.name() + "?password=" + SECRET;
        try (RoutingDataSource routing = RoutingDataSource.builder()
                .primary(db.primaryUrl(), db.user(), db.password())
                .replica("gone", deadUrl, "nobody", null)
                .probeInterval(RoutingFixtures.PROBE_INTERVAL)
                .listener(metrics)
                .build()) {
            RoutingFixtures.await("two probe failures are counted", Duration.ofSeconds(10),
                    () -> registry.find("quadrangle.routing.probe.failures").tag("target", "gone").counter() != null
                            && registry.get("quadrangle.routing.probe.failures").tag("target", "gone").counter()
                            .count() >= 2);
            assertThat(registry.get("quadrangle.routing.replica.eligible").tag("replica", "gone").gauge().value())
                    .isZero();
            assertThat(registry.get("quadrangle.routing.replica.breaker.state").tag("replica", "gone")
                    .tag("state", "open").gauge().value()).isEqualTo(1.0);
            boolean inRecovery = routing.readOnly(() -> {
                try (Connection c = routing.getConnection()) {
                    return RoutingFixtures.inRecovery(c);
                }
            });
            assertThat(inRecovery).isFalse();
            assertThat(registry.get("quadrangle.routing.connections").tag("target", "primary")
                    .tag("reason", "fallback").counter().count()).isEqualTo(1.0);

            assertThat(routing.toString()).contains("gone[jdbc:postgresql://127.0.0.1:").doesNotContain("password")
                    .doesNotContain(SECRET);
            assertThat(routing.replicaStatuses().get(0).cause()).startsWith("circuit breaker OPEN")
                    .doesNotContain(SECRET);
        }
    }

    @Test
    void failPolicyRefusesReadsWithoutAnEligibleReplica(TestDatabase db) throws Exception {
        String deadUrl = "jdbc:postgresql://127.0.0.1:" + closedPort() + "/" + db.name();
        try (RoutingDataSource routing = RoutingDataSource.builder()
                .primary(db.primaryUrl(), db.user(), db.password())
                .replica("gone", deadUrl, "nobody", SECRET)
                .noReplicaPolicy(NoReplicaPolicy.FAIL)
                .build()) {
            try (Connection c = routing.getConnection()) {
                c.setReadOnly(true);
                assertThatThrownBy(() -> RoutingFixtures.inRecovery(c))
                        .isInstanceOf(SQLException.class)
                        .hasMessageStartingWith("no eligible replica for a read-only connection (noReplicaPolicy FAIL):"
                                + " gone: circuit breaker OPEN")
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"))
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
            }
            try (Connection c = routing.getConnection()) {
                assertThat(RoutingFixtures.inRecovery(c)).as("writes are not affected").isFalse();
            }
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
