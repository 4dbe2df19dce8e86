package dev.quadrangle.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RoutingDataSourceBuilderTest {
    private static final String URL = "jdbc:postgresql://127.0.0.1:1/app";
    private static final String SECRET = "S3cret-in-url";
    private static final String GRAMMAR = "jdbc:postgresql://host[:port][,host[:port]...]/database[?name=value&...]";

    @Test
    void defaultsAreSafeAndNamedWithUnits() {
        assertThat(RoutingDataSourceBuilder.DEFAULT_CONSISTENCY_POLICY).isEqualTo(ConsistencyPolicy.LSN);
        assertThat(RoutingDataSourceBuilder.DEFAULT_NO_REPLICA_POLICY).isEqualTo(NoReplicaPolicy.FALLBACK_TO_PRIMARY);
        assertThat(RoutingDataSourceBuilder.DEFAULT_MAX_WAIT_FOR_REPLICA).isEqualTo(Duration.ZERO);
        assertThat(RoutingDataSourceBuilder.DEFAULT_PROBE_INTERVAL).isEqualTo(Duration.ofSeconds(1));
        assertThat(RoutingDataSourceBuilder.DEFAULT_MAX_REPLICA_LAG).isEqualTo(Duration.ofSeconds(10));
        assertThat(RoutingDataSourceBuilder.DEFAULT_MAX_REPLICA_LAG_BYTES).isEqualTo(64L * 1024 * 1024);
    }

    @Test
    void buildWithoutPrimaryFails() {
        assertThatThrownBy(() -> RoutingDataSource.builder().replica("r1", URL, "app", "pw").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("primary is required: call primary(jdbcUrl, user, password) or primary(dataSource),"
                        + " or give the cluster as node(...)s whose roles are discovered");
    }

    @Test
    void nodesMixedWithAFixedPrimaryOrReplicaAreRefused() {
        assertThatThrownBy(() -> RoutingDataSource.builder().primary(URL, "app", "pw")
                .node("pg-1", URL, "app", "pw").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("node(...) cannot be mixed with primary(...) or replica(...): give the cluster either as"
                        + " nodes whose roles are discovered or as a fixed primary and replicas");
        assertThatThrownBy(() -> RoutingDataSource.builder().node("pg-1", URL, "app", "pw")
                .replica("r1", URL, "app", "pw").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("node(...) cannot be mixed with primary(...) or replica(...)");
    }

    @Test
    void duplicateNodeNamesAndMalformedNodeNamesFail() {
        assertThatThrownBy(() -> RoutingDataSource.builder().node("pg-1", URL, "app", "pw")
                .node("pg-1", URL, "app", "pw").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("node name 'pg-1' is used twice; node names must be unique");
        assertThatThrownBy(() -> RoutingDataSource.builder().node("pg 1", URL, "app", "pw"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("node name must be 1 to 63 letters, digits, '_', '.' or '-', was 'pg 1'");
    }

    @Test
    void discoverySettingsWithAFixedPrimaryAreRefused() {
        assertThatThrownBy(() -> RoutingDataSource.builder().primary(URL, "app", "pw")
                .maxWaitForWriter(Duration.ofSeconds(1)).splitBrainPolicy(SplitBrainPolicy.PREFER_HIGHEST_TIMELINE)
                .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("maxWaitForWriter, splitBrainPolicy apply to nodes whose roles are discovered only: give"
                        + " the cluster as node(...)s instead of primary(...) and replica(...)");
    }

    @Test
    void discoverySettingsAreCheckedAtOnce() {
        RoutingDataSourceBuilder builder = RoutingDataSource.builder();
        assertThatThrownBy(() -> builder.discoveryInterval(Duration.ofMillis(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("discoveryInterval must be between 10 ms and 24 h, was PT0.005S");
        assertThatThrownBy(() -> builder.maxWaitForWriter(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxWaitForWriter must be between 0 and 24 h, was PT-0.001S");
        assertThat(RoutingDataSourceBuilder.DEFAULT_DISCOVERY_INTERVAL).isEqualTo(Duration.ofMillis(200));
        assertThat(RoutingDataSourceBuilder.DEFAULT_MAX_WAIT_FOR_WRITER).isEqualTo(Duration.ofSeconds(5));
        assertThat(RoutingDataSourceBuilder.DEFAULT_SPLIT_BRAIN_POLICY).isEqualTo(SplitBrainPolicy.REFUSE_WRITES);
    }

    @Test
    void duplicateReplicaNamesFail() {
        assertThatThrownBy(() -> RoutingDataSource.builder().primary(URL, "app", "pw")
                .replica("r1", URL, "app", "pw").replica("r1", URL, "app", "pw").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("replica name 'r1' is used twice; replica names must be unique and not 'primary'");
    }

    @Test
    void malformedReplicaNameFails() {
        assertThatThrownBy(() -> RoutingDataSource.builder().replica("east 1", URL, "app", "pw"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("replica name must be 1 to 63 letters, digits, '_', '.' or '-', was 'east 1'");
    }

    @Test
    void nonPositiveIntervalsAndThresholdsFailNamingPropertyAndValue() {
        RoutingDataSourceBuilder builder = RoutingDataSource.builder();
        assertThatThrownBy(() -> builder.probeInterval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("probeInterval must be between 1 ms and 24 h, was PT0S");
        assertThatThrownBy(() -> builder.probeInterval(Duration.ofMillis(-5)))
                .hasMessage("probeInterval must be between 1 ms and 24 h, was PT-0.005S");
        assertThatThrownBy(() -> builder.maxReplicaLag(Duration.ZERO))
                .hasMessage("maxReplicaLag must be between 1 ms and 24 h, was PT0S");
        assertThatThrownBy(() -> builder.maxReplicaLagBytes(0))
                .hasMessage("maxReplicaLagBytes must be positive, was 0");
        assertThatThrownBy(() -> builder.stickyWindow(Duration.ofMillis(-1)))
                .hasMessage("stickyWindow must be between 1 ms and 24 h, was PT-0.001S");
        assertThatThrownBy(() -> builder.maxWaitForReplica(Duration.ofMillis(-1)))
                .hasMessage("maxWaitForReplica must be between 0 and 24 h, was PT-0.001S");
        assertThatThrownBy(() -> builder.probeTimeout(Duration.ofMillis(500)))
                .hasMessage("probeTimeout must be between 1000 ms and 24 h, was PT0.5S");
        assertThatThrownBy(() -> builder.connectionTimeout(Duration.ofMillis(100)))
                .hasMessage("connectionTimeout must be between 250 ms and 24 h, was PT0.1S");
        assertThatThrownBy(() -> builder.replicaPoolSize(0))
                .hasMessage("replicaPoolSize must be between 1 and 1000, was 0");
        assertThatThrownBy(() -> builder.primaryPoolSize(-3))
                .hasMessage("primaryPoolSize must be between 1 and 1000, was -3");
    }

    @Test
    void passwordsNeverAppearInMessagesOrToString() {
        assertThatThrownBy(() -> RoutingDataSource.builder().primary("jdbc:mysql://db/app?user=a&password=hunter2", "a", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("primary jdbcUrl must start with 'jdbc:postgresql:', was 'jdbc:mysql://db/app?user=a&password=***'");
        RoutingDataSourceBuilder builder = RoutingDataSource.builder()
                .primary("jdbc:postgresql://db/app?password=hunter2", "app", null)
                .replica("r1", "jdbc:postgresql://replica/app?sslpassword=hunter4", "app", "hunter5");
        assertThat(builder.toString()).doesNotContain("hunter");
    }

    @Test
    void urlWithoutSlashAfterTheHostIsRefusedWithoutItsPassword() {
        assertThatThrownBy(() -> RoutingDataSource.builder()
                .primary("jdbc:postgresql://127.0.0.1:5432?password=" + SECRET, "app", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("primary jdbcUrl has no '/' between the host list and the database name; expected "
                        + GRAMMAR + ", was 'jdbc:postgresql://127.0.0.1:5432?password=***'")
                .message().doesNotContain(SECRET);
    }

    @Test
    void urlWithAPathAfterTheDatabaseIsRefusedWithoutItsPassword() {
        assertThatThrownBy(() -> RoutingDataSource.builder()
                .replica("r1", "jdbc:postgresql://127.0.0.1:5432/app/extra?password=" + SECRET, "app", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("replica 'r1' jdbcUrl has more than one '/' after the host list; expected "
                        + GRAMMAR + ", was 'jdbc:postgresql://127.0.0.1:5432/app/extra?password=***'")
                .message().doesNotContain(SECRET);
    }

    @Test
    void urlWithUserInfoIsRefusedAndAsksForTheArguments() {
        assertThatThrownBy(() -> RoutingDataSource.builder()
                .primary("jdbc:postgresql://app:" + SECRET + "@127.0.0.1:5432/app", "app", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("primary jdbcUrl must not carry user info (user:password@ before the host); pass the user"
                        + " and the password as arguments instead, was 'jdbc:postgresql://***@127.0.0.1:5432/app'")
                .message().doesNotContain(SECRET);
        assertThatThrownBy(() -> RoutingDataSource.builder()
                .replica("r1", "jdbc:postgresql://app:pa/" + SECRET + "@replica/app", "app", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("replica 'r1' jdbcUrl must not carry user info (user:password@ before the host); pass the"
                        + " user and the password as arguments instead, was 'jdbc:postgresql://***@replica/app'")
                .message().doesNotContain(SECRET);
    }

    @Test
    void secretParametersAreMovedOutOfTheUrl() {
        RoutingDataSourceBuilder builder = RoutingDataSource.builder()
                .primary("jdbc:postgresql://db1:5432,db2/app?password=" + SECRET + "&sslmode=require&sslpassword="
                        + SECRET + "&ApplicationName=campus", "app", null)
                .replica("r1", "jdbc:postgresql://[::1]:5433/app?Password=" + SECRET, "app", null);
        assertThat(builder.toString()).isEqualTo("RoutingDataSourceBuilder[primary=primary[jdbc:postgresql://db1:5432,"
                + "db2/app?sslmode=require&ApplicationName=campus, user=app], replicas=[r1[jdbc:postgresql://[::1]:5433/app,"
                + " user=app]]]");
    }

    @Test
    void passwordInTheUrlAndAsArgumentIsRefused() {
        assertThatThrownBy(() -> RoutingDataSource.builder()
                .primary("jdbc:postgresql://db/app?password=" + SECRET, "app", "other"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("primary jdbcUrl has a 'password' parameter and the password argument is given too;"
                        + " give the password once, was 'jdbc:postgresql://db/app?password=***'");
    }
}
