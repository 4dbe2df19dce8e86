package dev.quadrangle.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.quadrangle.testkit.ServiceSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Endpoints named in the environment may carry secrets by mistake; no message, cause or
 * {@code toString()} of the testkit shows them, and credentials that the testkit would silently drop
 * are refused instead.
 */
class ExternalServicesTest {
    private static final String SECRET = "S3cret-from-env";
    private static final String STANDBY = "jdbc:postgresql://db2:5432/postgres";

    @Test
    void postgresUrlThatIsNotAUriIsRefusedWithoutItsPassword() {
        Throwable thrown = catchThrowable(() -> ExternalServices.postgres(pg("jdbc:postgresql://db1:5432/postgres?password="
                + SECRET + " x")));
        assertThat(render(thrown)).doesNotContain(SECRET);
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("QUADRANGLE_PG_PRIMARY_URL (or -Dquadrangle.pg.primary-url) is not a valid URL (Illegal"
                        + " character in query), was 'jdbc:postgresql://db1:5432/postgres?password=***'");
    }

    @Test
    void postgresUrlWithoutHostIsRefusedWithoutItsPassword() {
        Throwable thrown = catchThrowable(() -> ExternalServices.postgres(pg("jdbc:postgresql:///postgres?sslpassword="
                + SECRET)));
        assertThat(render(thrown)).doesNotContain(SECRET);
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith(" instead, was 'jdbc:postgresql:///postgres?sslpassword=***'");
        assertThat(catchThrowable(() -> ExternalServices.postgres(pg("jdbc:postgresql:///postgres?sslmode=require"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("QUADRANGLE_PG_PRIMARY_URL (or -Dquadrangle.pg.primary-url) has no host,"
                        + " was 'jdbc:postgresql:///postgres?sslmode=require'");
    }

    @Test
    void postgresUrlCarryingCredentialsIsRefusedInsteadOfSilentlyDropped() {
        for (String url : new String[] {"jdbc:postgresql://app:" + SECRET + "@db1:5432/postgres",
                "jdbc:postgresql://db1:5432/postgres?user=app&password=" + SECRET}) {
            Throwable thrown = catchThrowable(() -> ExternalServices.postgres(pg(url)));
            assertThat(render(thrown)).doesNotContain(SECRET);
            assertThat(thrown).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("QUADRANGLE_PG_PRIMARY_URL (or -Dquadrangle.pg.primary-url) must not carry"
                            + " a user or password; set QUADRANGLE_PG_USER (or -Dquadrangle.pg.user) and"
                            + " QUADRANGLE_PG_PASSWORD (or -Dquadrangle.pg.password) instead, was 'jdbc:postgresql://");
        }
    }

    @Test
    void citusUrlNamesAMaintenanceDatabaseAndNoCredentials() {
        CitusSettings ok = new CitusSettings("jdbc:postgresql://127.0.0.1:55432/postgres");
        dev.quadrangle.testkit.CitusCoordinator coordinator = ExternalServices.citus(ok.settings);
        assertThat(coordinator.host()).isEqualTo("127.0.0.1");
        assertThat(coordinator.port()).isEqualTo(55432);
        assertThat(coordinator.maintenanceDatabase()).isEqualTo("postgres");
        assertThat(coordinator.user()).isEqualTo("postgres");
        assertThat(coordinator.controllable()).isFalse();
        assertThat(coordinator.jdbcUrl("quadrangle_citus_x")).isEqualTo("jdbc:postgresql://127.0.0.1:55432/quadrangle_citus_x");

        Throwable noDatabase = catchThrowable(() -> ExternalServices.citus(new CitusSettings("jdbc:postgresql://c1:5432").settings));
        assertThat(noDatabase).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("QUADRANGLE_CITUS_URL (or -Dquadrangle.citus.url) must name the coordinator's maintenance database,"
                        + " e.g. jdbc:postgresql://127.0.0.1:55432/postgres, was 'jdbc:postgresql://c1:5432'");
        Throwable credentials = catchThrowable(() -> ExternalServices.citus(new CitusSettings("jdbc:postgresql://c1:5432/postgres"
                + "?password=" + SECRET).settings));
        assertThat(render(credentials)).doesNotContain(SECRET);
        assertThat(credentials).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("QUADRANGLE_CITUS_URL (or -Dquadrangle.citus.url) must not carry a user or password; set"
                        + " QUADRANGLE_CITUS_USER (or -Dquadrangle.citus.user) and QUADRANGLE_CITUS_PASSWORD (or"
                        + " -Dquadrangle.citus.password) instead, was 'jdbc:postgresql://c1:5432/postgres?password=***'");
    }

    @Test
    void citusTestDatabaseNamesAreSafeUniqueAndShortEnough() {
        String name = ExternalCitusCoordinator.databaseName("CitusGradesIT-with a very long class name that goes on");
        assertThat(name).matches("quadrangle_citus_citusgradesit_with_a_very_long_[0-9a-f]{12}").hasSizeLessThanOrEqualTo(63);
        assertThat(ExternalCitusCoordinator.databaseName("x")).isNotEqualTo(ExternalCitusCoordinator.databaseName("x"));
    }

    private static final class CitusSettings {
        final ServiceSettings settings;

        CitusSettings(String url) {
            this.settings = ServiceSettings.of(Map.of("QUADRANGLE_CITUS_URL", url), new Properties());
        }
    }

    @Test
    void nonPostgresUrlIsRefusedMasked() {
        Throwable thrown = catchThrowable(() -> ExternalServices.postgres(pg("jdbc:mysql://u:" + SECRET + "@db1/x")));
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("QUADRANGLE_PG_PRIMARY_URL (or -Dquadrangle.pg.primary-url) must be a jdbc:postgresql://"
                        + " URL, was 'jdbc:mysql://***@db1/x'");
    }

    @Test
    void redisUriWithAPasswordIsRefusedWithoutShowingIt() {
        for (String uri : new String[] {"redis://:" + SECRET + "@redis1:6379", "redis://:" + SECRET + "@"}) {
            Throwable thrown = catchThrowable(() -> ExternalServices.redis(settings(Map.of("QUADRANGLE_REDIS_URI", uri))));
            assertThat(render(thrown)).doesNotContain(SECRET);
            assertThat(thrown).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("QUADRANGLE_REDIS_URI (or -Dquadrangle.redis.uri) must look like"
                            + " redis://host:port, without a user or password (the testkit does not authenticate to"
                            + " Redis), was 'redis://***@");
        }
        Throwable thrown = catchThrowable(() -> ExternalServices.redis(settings(Map.of("QUADRANGLE_REDIS_URI",
                "redis://:" + SECRET + " @redis1:6379"))));
        assertThat(render(thrown)).doesNotContain(SECRET);
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("QUADRANGLE_REDIS_URI (or -Dquadrangle.redis.uri) is not a valid URL (Illegal character in"
                        + " authority), was 'redis://***@redis1:6379'");
    }

    @Test
    void redisUriWithoutCredentialsIsKept() {
        assertThat(ExternalServices.redis(settings(Map.of("QUADRANGLE_REDIS_URI", "redis://redis1:6380"))))
                .hasToString("Redis (external) at redis1:6380");
    }

    @Test
    void s3EndpointCarryingKeysIsRefusedWithoutShowingThem() {
        Throwable thrown = catchThrowable(() -> ExternalServices.s3(settings(Map.of(
                "QUADRANGLE_S3_ENDPOINT", "http://access:" + SECRET + "@s3:9000",
                "QUADRANGLE_S3_ACCESS_KEY", "access", "QUADRANGLE_S3_SECRET_KEY", SECRET))));
        assertThat(render(thrown)).doesNotContain(SECRET);
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("QUADRANGLE_S3_ENDPOINT (or -Dquadrangle.s3.endpoint) must not carry credentials; set"
                        + " QUADRANGLE_S3_ACCESS_KEY (or -Dquadrangle.s3.access-key) and QUADRANGLE_S3_SECRET_KEY"
                        + " (or -Dquadrangle.s3.secret-key) instead, was 'http://***@s3:9000'");
    }

    @Test
    void s3EndpointIsShownButNeverItsSecretKey() {
        assertThat(ExternalServices.s3(settings(Map.of("QUADRANGLE_S3_ENDPOINT", "http://s3:9000",
                "QUADRANGLE_S3_ACCESS_KEY", "access", "QUADRANGLE_S3_SECRET_KEY", SECRET))).toString())
                .isEqualTo("S3 (external) at http://s3:9000, bucket quadrangle-test");
    }

    private static ServiceSettings pg(String primaryUrl) {
        return settings(Map.of("QUADRANGLE_PG_PRIMARY_URL", primaryUrl, "QUADRANGLE_PG_STANDBY_URL", STANDBY));
    }

    private static ServiceSettings settings(Map<String, String> env) {
        return ServiceSettings.of(env, new Properties());
    }

    private static String render(Throwable thrown) {
        StringWriter out = new StringWriter();
        if (thrown != null) {
            thrown.printStackTrace(new PrintWriter(out));
        }
        return out.toString();
    }
}
