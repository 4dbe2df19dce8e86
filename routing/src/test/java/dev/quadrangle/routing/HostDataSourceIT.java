package dev.quadrangle.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.quadrangle.routing.RoutingFixtures.RecordingListener;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Data sources supplied by the host are routed to, probed, and never closed by us. */
@RealServices
class HostDataSourceIT {

    @Test
    void routesOverHostPoolsAndLeavesThemOpen(TestDatabase db) throws SQLException {
        RecordingListener listener = new RecordingListener();
        try (HikariDataSource primary = pool(db.primaryUrl(), db, "host-primary");
                HikariDataSource standby = pool(db.standbyUrl(), db, "host-standby")) {
            RoutingDataSource routing = RoutingDataSource.builder()
                    .primary(primary)
                    .replica("host-standby", standby)
                    .probeInterval(RoutingFixtures.PROBE_INTERVAL)
                    .listener(listener)
                    .build();
            try (routing) {
                RoutingFixtures.await("the host standby is eligible", Duration.ofSeconds(10),
                        () -> RoutingFixtures.eligible(routing, "host-standby"));
                try (Connection c = routing.getConnection()) {
                    assertThat(RoutingFixtures.inRecovery(c)).isFalse();
                }
                try (Connection c = routing.getConnection()) {
                    c.setReadOnly(true);
                    assertThat(RoutingFixtures.inRecovery(c)).isTrue();
                }
                assertThat(listener.count("host-standby", RouteReason.READ_ONLY)).isEqualTo(1);
                assertThat(routing.replicaStatuses().get(0).lagMillis()).isGreaterThanOrEqualTo(0);
            }
            assertThat(primary.isClosed()).isFalse();
            assertThat(standby.isClosed()).isFalse();
            try (Connection c = standby.getConnection()) {
                assertThat(RoutingFixtures.inRecovery(c)).isTrue();
            }
        }
    }

    private static HikariDataSource pool(String url, TestDatabase db, String name) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setPoolName(name);
        config.setMaximumPoolSize(3);
        return new HikariDataSource(config);
    }
}
