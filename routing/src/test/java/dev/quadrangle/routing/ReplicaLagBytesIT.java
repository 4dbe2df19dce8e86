package dev.quadrangle.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.routing.RoutingFixtures.RecordingListener;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A standby whose replay is paused falls behind by WAL bytes while its replay time lag stays under the time
 * threshold: the byte threshold alone takes it out of routing, and it comes back once it has replayed.
 */
@RealServices
class ReplicaLagBytesIT {
    private static final long MAX_LAG_BYTES = 1024 * 1024;

    private static void onStandby(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.standby().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void aStandbyBehindByMoreThanTheByteThresholdGetsNoReadsUntilItReplays(TestDatabase db) throws Exception {
        RoutingFixtures.onPrimary(db, "CREATE TABLE wal_filler (id bigserial PRIMARY KEY, payload text NOT NULL)");
        db.cluster().awaitStandbyCaughtUp(Duration.ofSeconds(30));
        RecordingListener listener = new RecordingListener();
        // the time threshold is out of reach within the test: only the byte threshold can eject the standby
        try (RoutingDataSource routing = RoutingFixtures.routing(db, listener, b -> b.consistencyPolicy(ConsistencyPolicy.NONE)
                .maxReplicaLag(Duration.ofHours(1)).maxReplicaLagBytes(MAX_LAG_BYTES))) {
            RoutingFixtures.await("the standby is eligible", Duration.ofSeconds(20),
                    () -> RoutingFixtures.eligible(routing, "standby"));
            assertThat(readOnStandby(routing)).isTrue();
            try {
                onStandby(db, "SELECT pg_wal_replay_pause()");
                // about 4 MiB of WAL, four times the threshold
                RoutingFixtures.onPrimary(db, "INSERT INTO wal_filler (payload) SELECT repeat(md5(g::text), 32)"
                        + " FROM generate_series(1, 4000) g");
                RoutingFixtures.await("the standby is ejected for its byte lag", Duration.ofSeconds(30),
                        () -> !RoutingFixtures.eligible(routing, "standby"));
                ReplicaStatus lagging = routing.replicaStatuses().get(0);
                assertThat(lagging.cause()).startsWith("replay lag ")
                        .endsWith(" bytes exceeds maxReplicaLagBytes " + MAX_LAG_BYTES);
                assertThat(lagging.lagBytes()).isGreaterThan(MAX_LAG_BYTES);
                assertThat(lagging.lagMillis()).isLessThan(Duration.ofHours(1).toMillis());

                long toStandby = listener.countTo("standby");
                for (int i = 0; i < 20; i++) {
                    assertThat(readOnStandby(routing)).as("read %d went to the standby", i).isFalse();
                }
                assertThat(listener.countTo("standby")).isEqualTo(toStandby);
                assertThat(listener.count("primary", RouteReason.FALLBACK)).isGreaterThanOrEqualTo(20);
            } finally {
                onStandby(db, "SELECT pg_wal_replay_resume()");
            }
            RoutingFixtures.await("the standby is readmitted", Duration.ofSeconds(30),
                    () -> RoutingFixtures.eligible(routing, "standby"));
            assertThat(routing.replicaStatuses().get(0).lagBytes()).isBetween(0L, MAX_LAG_BYTES);
            assertThat(readOnStandby(routing)).isTrue();
        }
    }

    private static boolean readOnStandby(RoutingDataSource routing) throws SQLException {
        try (Connection c = routing.getConnection()) {
            c.setReadOnly(true);
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_is_in_recovery()"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
