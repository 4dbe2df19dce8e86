package dev.quadrangle.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quadrangle.testkit.ServiceResolver.Service;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ServiceResolverTest {
    private static final Map<String, String> PG_ENV = Map.of(
            "QUADRANGLE_PG_PRIMARY_URL", "jdbc:postgresql://db1:5432/postgres",
            "QUADRANGLE_PG_STANDBY_URL", "jdbc:postgresql://db2:5432/postgres");

    private static ServiceResolver resolver(Map<String, String> env, Properties props, boolean docker) {
        return new ServiceResolver(ServiceSettings.of(env, props), () -> docker);
    }

    @Test
    void explicitEndpointsWinOverDockerAndEmbedded() {
        ServiceResolver resolver = resolver(PG_ENV, new Properties(), true);
        assertThat(resolver.resolve(Service.POSTGRES)).isEqualTo(ServiceMode.EXTERNAL);
        assertThat(resolver.resolve(Service.REDIS)).isEqualTo(ServiceMode.TESTCONTAINERS);
    }

    @Test
    void dockerMeansTestcontainersAndNoDockerMeansEmbedded() {
        assertThat(resolver(Map.of(), new Properties(), true).resolve(Service.S3)).isEqualTo(ServiceMode.TESTCONTAINERS);
        assertThat(resolver(Map.of(), new Properties(), false).resolve(Service.S3)).isEqualTo(ServiceMode.EMBEDDED);
    }

    @Test
    void systemPropertiesCountLikeEnvironmentVariablesAndTakePrecedence() {
        Properties props = new Properties();
        props.setProperty("quadrangle.redis.uri", "redis://cache:6380");
        ServiceSettings settings = ServiceSettings.of(Map.of("QUADRANGLE_REDIS_URI", "redis://other:1"), props);
        assertThat(settings.get(ServiceSettings.REDIS_URI)).contains("redis://cache:6380");
        assertThat(new ServiceResolver(settings, () -> false).resolve(Service.REDIS)).isEqualTo(ServiceMode.EXTERNAL);
    }

    @Test
    void blankValuesCountAsUnset() {
        assertThat(resolver(Map.of("QUADRANGLE_REDIS_URI", "  "), new Properties(), false).resolve(Service.REDIS))
                .isEqualTo(ServiceMode.EMBEDDED);
    }

    @Test
    void forcedEmbeddedIgnoresDockerAndForcedModeIsCaseInsensitive() {
        Properties props = new Properties();
        props.setProperty(ServiceSettings.MODE, "Embedded");
        assertThat(resolver(Map.of(), props, true).resolve(Service.POSTGRES)).isEqualTo(ServiceMode.EMBEDDED);
    }

    @Test
    void forcedExternalWithoutEndpointNamesTheMissingSetting() {
        assertThatThrownBy(() -> resolver(Map.of("QUADRANGLE_TESTKIT_MODE", "external"), new Properties(), false)
                .resolve(Service.REDIS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("QUADRANGLE_TESTKIT_MODE (or -Dquadrangle.testkit.mode) is 'external' but "
                        + "QUADRANGLE_REDIS_URI (or -Dquadrangle.redis.uri) is not set");
    }

    @Test
    void forcedTestcontainersWithoutDockerSaysSo() {
        assertThatThrownBy(() -> resolver(Map.of("QUADRANGLE_TESTKIT_MODE", "testcontainers"), new Properties(), false)
                .resolve(Service.S3))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no Docker engine answers");
    }

    @Test
    void unknownModeIsRejectedWithTheAllowedValues() {
        assertThatThrownBy(() -> resolver(Map.of("QUADRANGLE_TESTKIT_MODE", "cloud"), new Properties(), false)
                .resolve(Service.S3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("QUADRANGLE_TESTKIT_MODE (or -Dquadrangle.testkit.mode) is 'cloud'; "
                        + "allowed: auto, external, testcontainers, embedded");
    }

    @Test
    void aPrimaryWithoutAStandbyIsRejected() {
        assertThatThrownBy(() -> resolver(Map.of("QUADRANGLE_PG_PRIMARY_URL", "jdbc:postgresql://db1/postgres"),
                new Properties(), false).resolve(Service.POSTGRES))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("QUADRANGLE_PG_PRIMARY_URL (or -Dquadrangle.pg.primary-url) is set but "
                        + "QUADRANGLE_PG_STANDBY_URL (or -Dquadrangle.pg.standby-url) is not: an external cluster"
                        + " needs both the primary and its streaming standby");
    }

    @Test
    void dockerIsProbedAtMostOnce() {
        AtomicInteger probes = new AtomicInteger();
        ServiceResolver resolver = new ServiceResolver(ServiceSettings.of(Map.of(), new Properties()), () -> {
            probes.incrementAndGet();
            return false;
        });
        resolver.resolve(Service.POSTGRES);
        resolver.resolve(Service.REDIS);
        resolver.resolve(Service.S3);
        assertThat(probes).hasValue(1);
    }

    @Test
    void dockerIsNotProbedWhenEveryEndpointIsGiven() {
        ServiceResolver resolver = new ServiceResolver(ServiceSettings.of(PG_ENV, new Properties()), () -> {
            throw new AssertionError("probed");
        });
        assertThat(resolver.resolve(Service.POSTGRES)).isEqualTo(ServiceMode.EXTERNAL);
    }

    @Test
    void citusTestsRunOnlyAgainstANamedCoordinatorWhateverTheMode() {
        Properties embedded = new Properties();
        embedded.setProperty(ServiceSettings.MODE, "embedded");
        assertThat(resolver(Map.of(), embedded, true).citusSkipReason()).contains("no Citus coordinator: set"
                + " QUADRANGLE_CITUS_URL (or -Dquadrangle.citus.url) to the JDBC URL of a Citus coordinator's maintenance"
                + " database (e.g. jdbc:postgresql://127.0.0.1:55432/postgres) to run the tests that need Citus; the testkit"
                + " never starts Citus itself");
        assertThat(resolver(Map.of("QUADRANGLE_CITUS_URL", " "), new Properties(), true).citusSkipReason()).isPresent();
        assertThat(resolver(Map.of("QUADRANGLE_CITUS_URL", "jdbc:postgresql://127.0.0.1:55432/postgres"), embedded, false)
                .citusSkipReason()).isEmpty();
        assertThat(ServiceSettings.envName(ServiceSettings.CITUS_URL)).isEqualTo("QUADRANGLE_CITUS_URL");
    }

    @Test
    void environmentNamesFollowThePropertyNames() {
        assertThat(ServiceSettings.envName(ServiceSettings.PG_PRIMARY_URL)).isEqualTo("QUADRANGLE_PG_PRIMARY_URL");
        assertThat(ServiceSettings.envName(ServiceSettings.MODE)).isEqualTo("QUADRANGLE_TESTKIT_MODE");
        assertThat(ServiceSettings.envName(ServiceSettings.S3_ACCESS_KEY)).isEqualTo("QUADRANGLE_S3_ACCESS_KEY");
    }
}
