package dev.quadrangle.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quadrangle.spi.RoutedConnection;
import dev.quadrangle.routing.RoutingFixtures.RecordingListener;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A read whose replica connection dies is retried elsewhere only when marked idempotent. */
@RealServices
class IdempotentRetryIT {
    private static final RecordingListener LISTENER = new RecordingListener();
    private static RoutingDataSource routing;

    @BeforeAll
    static void start(TestDatabase db) throws SQLException {
        RoutingFixtures.onPrimary(db, "CREATE TABLE item (id bigint PRIMARY KEY, title text NOT NULL)");
        RoutingFixtures.onPrimary(db, "INSERT INTO item VALUES (7, 'seven')");
        db.cluster().awaitStandbyCaughtUp(Duration.ofSeconds(10));
        routing = RoutingFixtures.routing(db, LISTENER, b -> b);
    }

    @AfterAll
    static void stop() {
        routing.close();
    }

    @BeforeEach
    void eligible() {
        LISTENER.reset();
        RoutingFixtures.await("the standby is eligible", Duration.ofSeconds(10),
                () -> RoutingFixtures.eligible(routing, "standby"));
    }

    @Test
    void idempotentReadIsRetriedOnAnotherServerWithItsParameters(TestDatabase db) throws SQLException {
        try (Connection c = readOnlyOnStandby(true)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT title, pg_is_in_recovery() FROM item WHERE id = ?")) {
                ps.setLong(1, 7);
                killBackendOf(db, c);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("seven");
                    assertThat(rs.getBoolean(2)).as("answered by the primary").isFalse();
                }
            }
        }
        // the terminated backend's farewell (57P01) or, if the socket is gone first, an I/O error (08006)
        assertThat(LISTENER.retries).singleElement().asString().matches("standby->primary (57P01|08006)");
        assertThat(LISTENER.count("primary", RouteReason.RETRY)).isEqualTo(1);
    }

    @Test
    void readNotMarkedIdempotentSurfacesTheConnectionError(TestDatabase db) throws SQLException {
        try (Connection c = readOnlyOnStandby(false)) {
            try (Statement s = c.createStatement()) {
                killBackendOf(db, c);
                assertThatThrownBy(() -> s.executeQuery("SELECT title FROM item WHERE id = 7"))
                        .isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isIn("57P01", "08006"));
            }
        }
        assertThat(LISTENER.retries).isEmpty();
    }

    /**
     * A read-only routed connection whose physical connection is on the standby. The router may still send
     * a read to the primary for a moment after the standby became eligible (a probe under load that
     * times out ejects it again); that is routing's business, not this test's, so such a connection is
     * closed and another one taken, for up to 10 s.
     */
    private static Connection readOnlyOnStandby(boolean idempotent) throws SQLException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            Connection c = routing.getConnection();
            c.setReadOnly(true);
            c.unwrap(RoutedConnection.class).setIdempotent(idempotent);
            if (RoutingFixtures.inRecovery(c)) {
                LISTENER.reset();
                return c;
            }
            c.close();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no read-only connection reached the standby within 10 s; routes taken: "
                        + LISTENER.routed + ", replica statuses: " + routing.replicaStatuses());
            }
            RoutingFixtures.await("the standby is eligible", Duration.ofSeconds(10),
                    () -> RoutingFixtures.eligible(routing, "standby"));
        }
    }

    /** Terminates the standby backend serving the routed connection, as a crash or restart would. */
    private static void killBackendOf(TestDatabase db, Connection routed) throws SQLException {
        int pid;
        try (Statement s = routed.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_backend_pid(), pg_is_in_recovery()")) {
            rs.next();
            pid = rs.getInt(1);
            assertThat(rs.getBoolean(2)).as("the routed connection is on the standby").isTrue();
        }
        try (Connection admin = db.standby().getConnection(); Statement s = admin.createStatement()) {
            s.execute("SELECT pg_terminate_backend(" + pid + ")");
            // the signal is handled asynchronously: wait until the backend is gone
            RoutingFixtures.await("backend " + pid + " has exited", Duration.ofSeconds(10), () -> {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid)) {
                    rs.next();
                    return rs.getInt(1) == 0;
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }
}
