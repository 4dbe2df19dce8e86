package dev.quadrangle.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.quadrangle.spi.ConsistencyToken;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The routing example of README.md and docs/routing.md (region "read-your-writes"), compiled and run. */
@RealServices
class ReadmeExampleIT {

    @Test
    void writeThenReadYourWriteThroughTheReplica(TestDatabase db) throws SQLException {
        RoutingFixtures.onPrimary(db, "CREATE TABLE grade (id bigint PRIMARY KEY, score int NOT NULL)");
        MeterRegistry registry = new SimpleMeterRegistry();
        // @start region="read-your-writes"
        RoutingMetrics metrics = new RoutingMetrics();
        metrics.bindTo(registry);
        try (RoutingDataSource routing = RoutingDataSource.builder()
                .primary(db.primaryUrl(), db.user(), db.password())
                .replica("replica-1", db.standbyUrl(), db.user(), db.password())
                .maxReplicaLag(Duration.ofSeconds(5))
                .listener(metrics)
                .poolMetrics(new MicrometerMetricsTrackerFactory(registry))
                .build()) {
            String token = routing.inSession(null, () -> {              // e.g. one web request
                try (Connection c = routing.getConnection();           // read-write: the primary
                        Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO grade VALUES (42, 97)"); // its WAL position: the token
                }
                return routing.currentToken().orElseThrow().asString(); // for a header or a cookie
            });
            int score = routing.inSession(ConsistencyToken.parse(token), () -> { // next request, any node
                try (Connection c = routing.getConnection()) {
                    c.setReadOnly(true);              // a replica that has replayed the write, else the primary
                    try (Statement s = c.createStatement();
                            ResultSet rs = s.executeQuery("SELECT score FROM grade WHERE id = 42")) {
                        return rs.next() ? rs.getInt(1) : -1;
                    }
                }
            });
            assertThat(score).isEqualTo(97);
        }
        // @end
        assertThat(registry.get("quadrangle.routing.connections").tag("reason", "read_write").counter().count())
                .isEqualTo(1.0);
    }
}
