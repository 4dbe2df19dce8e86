package dev.quadrangle.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.quadrangle.routing.RoutingFixtures.RecordingListener;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.TestDatabase;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.LoggerFactory;

/**
 * Secrets written into a JDBC URL reach no log of any library, no message and no {@code toString()}:
 * regression tests of security issue #18 item 6, where pgjdbc printed malformed URLs with their
 * password, HikariCP's debug log printed user info, and a user-info URL came back in the
 * {@code UnknownHostException} of {@code getConnection()}.
 *
 * <p>Runs in its own JVM (failsafe execution {@code url-secrets} of this module), where SLF4J logs at
 * debug level from the start; here the PostgreSQL driver's {@code java.util.logging} loggers are turned
 * up to {@code FINEST}, and {@code System.out} and {@code System.err} are captured.
 */
@RealServices
@EnabledIfSystemProperty(named = "quadrangle.it.debugLogging", matches = "true",
        disabledReason = "needs debug logging from JVM start: runs in failsafe execution url-secrets")
class UrlSecretsIT {
    private static final String SECRET = "SECRET123-in-url";
    private static final String SSL_SECRET = "SECRET456-sslpassword";
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(1);

    private OutputCapture capture;

    @BeforeEach
    void captureOutput() {
        assertThat(LoggerFactory.getLogger("com.zaxxer.hikari.HikariConfig").isDebugEnabled())
                .as("HikariCP logs at debug level in this JVM").isTrue();
        capture = new OutputCapture();
    }

    @AfterEach
    void restoreOutput() {
        capture.close();
    }

    @Test
    void passwordParametersReachNoLogMessageOrToString(TestDatabase db) throws SQLException {
        RecordingListener listener = new RecordingListener();
        List<String> seen = new ArrayList<>();
        try (RoutingDataSource routing = RoutingDataSource.builder()
                .primary(db.primaryUrl() + "?password=" + SECRET + "&sslpassword=" + SSL_SECRET, db.user(), null)
                .replica("standby", db.standbyUrl() + "?password=" + SECRET, db.user(), null)
                .connectionTimeout(CONNECTION_TIMEOUT)
                .probeInterval(RoutingFixtures.PROBE_INTERVAL)
                .listener(listener)
                .build()) {
            RoutingFixtures.await("the standby is eligible", Duration.ofSeconds(10),
                    () -> RoutingFixtures.eligible(routing, "standby"));
            try (Connection c = routing.getConnection(); Statement s = c.createStatement()) {
                s.execute("SELECT 1");
                seen.add(c.toString());
            }
            boolean onStandby = routing.onReplica(() -> {
                try (Connection c = routing.getConnection()) {
                    return RoutingFixtures.inRecovery(c);
                }
            });
            assertThat(onStandby).isTrue();
            seen.add(routing.toString());
            seen.add(routing.replicaStatuses().toString());
        }
        seen.add(listener.eligibility.toString());

        String captured = capture.all();
        assertThat(captured).as("HikariCP's debug log of the pool configuration was captured")
                .contains("quadrangle-primary - configuration:");
        assertThat(capture.logRecords()).as("the driver's connect log was captured").contains("Connecting with URL");
        assertNoSecret(captured, String.join("\n", seen));
    }

    @Test
    void discoveredNodesPasswordParametersReachNoLogMessageOrToString(TestDatabase db) throws SQLException {
        RecordingListener listener = new RecordingListener();
        List<String> seen = new ArrayList<>();
        try (RoutingDataSource routing = RoutingDataSource.builder()
                .node("a", db.primaryUrl() + "?password=" + SECRET + "&sslpassword=" + SSL_SECRET, db.user(), null)
                .node("b", db.standbyUrl() + "?password=" + SECRET, db.user(), null)
                .connectionTimeout(CONNECTION_TIMEOUT)
                .probeInterval(RoutingFixtures.PROBE_INTERVAL)
                .listener(listener)
                .build()) {
            RoutingFixtures.await("node b is eligible", Duration.ofSeconds(10), () -> RoutingFixtures.eligible(routing, "b"));
            try (Connection c = routing.getConnection(); Statement s = c.createStatement()) {
                assertThat(RoutingFixtures.inRecovery(c)).isFalse();
                s.execute("SELECT 1");
                seen.add(c.toString());
            }
            seen.add(routing.toString());
            seen.add(routing.nodeStatuses().toString());
        }
        seen.add(listener.eligibility.toString());

        String captured = capture.all();
        assertThat(captured).as("HikariCP's debug log of the node pool's configuration was captured")
                .contains("quadrangle-a - configuration:");
        assertNoSecret(captured, String.join("\n", seen));
    }

    @Test
    void nodeUrlWithUserInfoIsRefusedBeforeAnyProbe(TestDatabase db) {
        String url = db.standbyUrl().replace("//", "//" + db.user() + ":" + SECRET + "@");
        Throwable thrown = attempt(b -> b.node("a", db.primaryUrl(), db.user(), db.password())
                .node("b", url, db.user(), null));

        assertNoSecret(capture.all(), OutputCapture.render(thrown));
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("node 'b' jdbcUrl must not carry user info");
    }

    @Test
    void urlWithoutSlashAfterTheHostIsRefusedBeforeTheDriverPrintsIt(TestDatabase db) {
        Throwable thrown = attempt(b -> b.primary("jdbc:postgresql://127.0.0.1:" + port(db) + "?password=" + SECRET,
                db.user(), null));

        assertNoSecret(capture.all(), OutputCapture.render(thrown));
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("primary jdbcUrl has no '/' between the host list and the database name");
    }

    @Test
    void urlWithAPathAfterTheDatabaseIsRefusedBeforeTheDriverPrintsIt(TestDatabase db) {
        Throwable thrown = attempt(b -> b.primary(db.primaryUrl() + "/extra?password=" + SECRET, db.user(), null));

        assertNoSecret(capture.all(), OutputCapture.render(thrown));
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("primary jdbcUrl has more than one '/' after the host list");
    }

    @Test
    void primaryUrlWithUserInfoIsRefusedBeforeAnyHostLookup(TestDatabase db) {
        String url = db.primaryUrl().replace("//", "//" + db.user() + ":" + SECRET + "@");
        Throwable thrown = attempt(b -> b.primary(url, db.user(), null));

        assertNoSecret(capture.all(), OutputCapture.render(thrown));
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("primary jdbcUrl must not carry user info");
    }

    @Test
    void replicaUrlWithUserInfoIsRefusedBeforeAnyProbe(TestDatabase db) {
        RecordingListener listener = new RecordingListener();
        List<String> seen = new ArrayList<>();
        String url = db.standbyUrl().replace("//", "//" + db.user() + ":" + SECRET + "@");
        Throwable thrown = attempt(b -> b.primary(db.primaryUrl(), db.user(), db.password())
                .replica("standby", url, db.user(), null)
                .listener(listener), routing -> {
                    routing.readOnly(() -> {
                        try (Connection c = routing.getConnection()) {
                            return RoutingFixtures.inRecovery(c);
                        }
                    });
                    seen.add(routing.toString());
                    seen.add(routing.replicaStatuses().toString());
                });
        seen.add(listener.eligibility.toString());

        assertNoSecret(capture.all(), OutputCapture.render(thrown) + String.join("\n", seen));
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("replica 'standby' jdbcUrl must not carry user info");
    }

    /** Builds a data source, writes through it and closes it; returns what was thrown, if anything. */
    private static Throwable attempt(UnaryOperator<RoutingDataSourceBuilder> configure) {
        return attempt(configure, routing -> {
            try (Connection c = routing.getConnection(); Statement s = c.createStatement()) {
                s.execute("SELECT 1");
            }
        });
    }

    private static Throwable attempt(UnaryOperator<RoutingDataSourceBuilder> configure, Use use) {
        return catchThrowable(() -> {
            try (RoutingDataSource routing = configure.apply(RoutingDataSource.builder()
                    .connectionTimeout(CONNECTION_TIMEOUT)
                    .probeInterval(RoutingFixtures.PROBE_INTERVAL)).build()) {
                use.accept(routing);
            }
        });
    }

    private static void assertNoSecret(String captured, String seen) {
        assertThat(captured).as("captured output and log records").doesNotContain(SECRET).doesNotContain(SSL_SECRET);
        assertThat(seen).as("exceptions, toString() and listener events").doesNotContain(SECRET)
                .doesNotContain(SSL_SECRET);
    }

    private static int port(TestDatabase db) {
        return URI.create(db.primaryUrl().substring("jdbc:".length())).getPort();
    }

    @FunctionalInterface
    private interface Use {
        void accept(RoutingDataSource routing) throws Exception;
    }
}
