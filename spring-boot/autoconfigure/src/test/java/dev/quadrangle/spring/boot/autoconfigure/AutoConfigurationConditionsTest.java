package dev.quadrangle.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.cache.CacheNode;
import dev.quadrangle.core.partition.PartitionLevel;
import dev.quadrangle.core.partition.PartitionManager;
import dev.quadrangle.core.partition.PartitionSpec;
import dev.quadrangle.core.partition.TimeInterval;
import dev.quadrangle.routing.RoutingDataSource;
import dev.quadrangle.spring.boot.autoconfigure.cache.CacheValueSerializer;
import dev.quadrangle.spring.boot.autoconfigure.cache.Jackson3CacheValueSerializer;
import dev.quadrangle.spring.boot.autoconfigure.cache.QuadrangleCacheAutoConfiguration;
import dev.quadrangle.spring.boot.autoconfigure.cache.QuadrangleCacheManager;
import dev.quadrangle.spring.boot.autoconfigure.partition.PartitionMaintenance;
import dev.quadrangle.spring.boot.autoconfigure.partition.QuadranglePartitionAutoConfiguration;
import dev.quadrangle.spring.boot.autoconfigure.partition.QuadrangleRepositories;
import dev.quadrangle.spring.boot.autoconfigure.routing.QuadrangleRoutingAutoConfiguration;
import dev.quadrangle.spring.boot.autoconfigure.routing.QuadrangleRoutingHealthAutoConfiguration;
import dev.quadrangle.spring.boot.autoconfigure.web.QuadrangleConsistencyFilterAutoConfiguration;
import java.net.ServerSocket;
import javax.sql.DataSource;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.cache.CacheManager;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Every auto-configuration's conditions without a server: what it binds, when it backs off, and how it
 * refuses a bad value (naming the property, the value and what is allowed; never a secret).
 */
class AutoConfigurationConditionsTest {
    private final ApplicationContextRunner routing = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(QuadrangleRoutingAutoConfiguration.class,
                    QuadrangleRoutingHealthAutoConfiguration.class));

    @Test
    void routingStaysAwayWithoutAPrimaryUrl() {
        routing.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RoutingDataSource.class));
    }

    @Test
    void routingBacksOffWhenTheApplicationHasADataSource() {
        routing.withPropertyValues("quadrangle.routing.primary.url=jdbc:postgresql://127.0.0.1:1/app")
                .withBean("appDataSource", DataSource.class, SimpleDriverDataSource::new)
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RoutingDataSource.class)
                        .hasSingleBean(DataSource.class));
    }

    @Test
    void routingCanBeTurnedOff() {
        routing.withPropertyValues("quadrangle.routing.enabled=false",
                "quadrangle.routing.primary.url=jdbc:postgresql://127.0.0.1:1/app")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RoutingDataSource.class));
    }

    @Test
    void aBadPoolSizeFailsStartupNamingThePropertyTheValueAndTheRange() {
        routing.withPropertyValues("quadrangle.routing.primary.url=jdbc:postgresql://127.0.0.1:1/app",
                "quadrangle.routing.replica-pool-size=0")
                .run(context -> {
                    assertThat(context).hasFailed();
                    QuadrangleConfigurationException e = cause(context.getStartupFailure());
                    assertThat(e.property()).isEqualTo("quadrangle.routing.replica-pool-size");
                    assertThat(e.getMessage()).isEqualTo("Invalid value '0' for property 'quadrangle.routing.replica-pool-size':"
                            + " replicaPoolSize must be between 1 and 1000, was 0");
                    FailureAnalysis analysis = new QuadrangleConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("Property: quadrangle.routing.replica-pool-size",
                            "Value: '0'", "Reason: replicaPoolSize must be between 1 and 1000, was 0");
                    assertThat(analysis.getAction()).contains("quadrangle.routing.replica-pool-size");
                });
    }

    @Test
    void aBadUrlIsReportedWithoutItsSecrets() {
        routing.withPropertyValues("quadrangle.routing.primary.url=jdbc:postgresql://127.0.0.1:1/app?password=hunter2&x",
                "quadrangle.routing.primary.password=s3cret-value")
                .run(context -> {
                    assertThat(context).hasFailed();
                    QuadrangleConfigurationException e = cause(context.getStartupFailure());
                    assertThat(e.property()).isEqualTo("quadrangle.routing.primary.url");
                    String analysis = new QuadrangleConfigurationFailureAnalyzer().analyze(context.getStartupFailure())
                            .getDescription();
                    assertThat(analysis + e.getMessage()).doesNotContain("hunter2").doesNotContain("s3cret-value");
                });
    }

    @Test
    void aReplicaWithoutUrlIsRefused() {
        routing.withPropertyValues("quadrangle.routing.primary.url=jdbc:postgresql://127.0.0.1:1/app",
                "quadrangle.routing.replicas.r1.username=app")
                .run(context -> assertThat(cause(context.getStartupFailure()).property())
                        .isEqualTo("quadrangle.routing.replicas.r1.url"));
    }

    @Test
    void nodesGiveARoutingDataSourceWhoseRolesAreDiscovered() {
        routing.withPropertyValues("quadrangle.routing.nodes.pg-a.url=jdbc:postgresql://127.0.0.1:1/app",
                "quadrangle.routing.nodes.pg-b.url=jdbc:postgresql://127.0.0.1:2/app",
                "quadrangle.routing.nodes.pg-b.username=app", "quadrangle.routing.max-wait-for-writer=1s",
                "quadrangle.routing.discovery-interval=150ms", "quadrangle.routing.split-brain-policy=REFUSE_WRITES")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(RoutingDataSource.class);
                    assertThat(context.getBean(RoutingDataSource.class).nodeStatuses())
                            .extracting(dev.quadrangle.routing.NodeStatus::name).containsExactly("pg-a", "pg-b");
                });
    }

    @Test
    void nodesNextToAFixedPrimaryAreRefusedNamingBothForms() {
        routing.withPropertyValues("quadrangle.routing.nodes.pg-a.url=jdbc:postgresql://127.0.0.1:1/app",
                "quadrangle.routing.primary.url=jdbc:postgresql://127.0.0.1:2/app")
                .run(context -> {
                    QuadrangleConfigurationException e = cause(context.getStartupFailure());
                    assertThat(e.property()).isEqualTo("quadrangle.routing.nodes");
                    assertThat(e.getMessage()).isEqualTo("Invalid value '[pg-a]' for property 'quadrangle.routing.nodes':"
                            + " give the servers either as quadrangle.routing.nodes (roles discovered) or as"
                            + " quadrangle.routing.primary and quadrangle.routing.replicas (fixed roles), not both");
                });
    }

    @Test
    void aNodeWithoutUrlIsRefused() {
        routing.withPropertyValues("quadrangle.routing.nodes.n1.username=app")
                .run(context -> assertThat(cause(context.getStartupFailure()).property())
                        .isEqualTo("quadrangle.routing.nodes.n1.url"));
    }

    @Test
    void aSecretPropertysValueIsMasked() {
        QuadrangleConfigurationException e = new QuadrangleConfigurationException("quadrangle.storage.s3.secret-access-key",
                "AKIA-secret", "too short", null);
        assertThat(e.getMessage()).doesNotContain("AKIA-secret").contains("******");
        assertThat(e.value()).isEqualTo(QuadrangleConfigurationException.MASK);
    }

    @Test
    void theTokenFilterIsOffByDefaultAndNeedsTheRoutingDataSource() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(QuadrangleRoutingAutoConfiguration.class,
                        QuadrangleConsistencyFilterAutoConfiguration.class))
                .withPropertyValues("quadrangle.web.consistency.enabled=true")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(FilterRegistrationBean.class));
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(QuadrangleConsistencyFilterAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(FilterRegistrationBean.class));
    }

    private final ApplicationContextRunner cache = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, JacksonAutoConfiguration.class,
                    QuadrangleCacheAutoConfiguration.class))
            .withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + closedPort(),
                    "quadrangle.cache.redis-required-at-start=false", "quadrangle.cache.client-info=false");

    @Test
    void theCacheNodeAndCacheManagerComeFromBootsRedisSettingsAndStartWithoutRedisWhenAllowed() {
        cache.withPropertyValues("quadrangle.cache.regions.pending-activities.ttl=5m")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(CacheNode.class);
                    assertThat(context.getBean(CacheManager.class)).isInstanceOf(QuadrangleCacheManager.class);
                    assertThat(context.getBean(CacheManager.class).getCacheNames()).containsExactly("pending-activities");
                    assertThat(context.getBean(CacheNode.class).isRedisAvailable()).isFalse();
                    // Jackson 3 whenever it is there, even with Jackson 2 on the class path too
                    assertThat(context.getBean(CacheValueSerializer.class)).isInstanceOf(Jackson3CacheValueSerializer.class);
                });
    }

    @Test
    void theCacheManagerBacksOffForTheApplicationsOwnAndTheCacheCanBeTurnedOff() {
        cache.withBean(CacheManager.class, ConcurrentMapCacheManager::new)
                .run(context -> assertThat(context.getBean(CacheManager.class)).isInstanceOf(ConcurrentMapCacheManager.class));
        cache.withPropertyValues("quadrangle.cache.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(CacheNode.class));
    }

    @Test
    void aBadRegionValueFailsStartupNamingTheProperty() {
        cache.withPropertyValues("quadrangle.cache.regions.grades.jitter=0.9")
                .run(context -> {
                    QuadrangleConfigurationException e = cause(context.getStartupFailure());
                    assertThat(e.property()).isEqualTo("quadrangle.cache.regions.grades.jitter");
                    assertThat(e.value()).isEqualTo("0.9");
                    assertThat(e.allowed()).contains("0.5");
                });
        cache.withPropertyValues("spring.application.name=My App")
                .run(context -> assertThat(cause(context.getStartupFailure()).property())
                        .isEqualTo("quadrangle.cache.application"));
    }

    private final ApplicationContextRunner partitions = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(QuadranglePartitionAutoConfiguration.class));

    @Test
    void partitionsNeedADataSourceAndMaintenanceNeedsSpecs() {
        partitions.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(PartitionManager.class));
        partitions.withBean(DataSource.class, SimpleDriverDataSource::new)
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(PartitionManager.class)
                        .hasSingleBean(QuadrangleRepositories.class).doesNotHaveBean(PartitionMaintenance.class));
    }

    @Test
    void aBadMaintenanceIntervalFailsStartup() {
        partitions.withBean(DataSource.class, SimpleDriverDataSource::new)
                .withBean(PartitionSpec.class, () -> PartitionSpec.builder("answer")
                        .partitionBy(PartitionLevel.range("created_at", TimeInterval.MONTH)).build())
                .withPropertyValues("quadrangle.partitions.maintenance.interval=10ms")
                .run(context -> {
                    QuadrangleConfigurationException e = cause(context.getStartupFailure());
                    assertThat(e.property()).isEqualTo("quadrangle.partitions.maintenance.interval");
                    assertThat(e.allowed()).contains("between 1 s and 7 days");
                });
        partitions.withBean(DataSource.class, SimpleDriverDataSource::new)
                .withPropertyValues("quadrangle.partitions.lock-attempts=0")
                .run(context -> assertThat(cause(context.getStartupFailure()).property())
                        .isEqualTo("quadrangle.partitions.lock-attempts"));
        assertThat(SQLDataType.BIGINT).isNotNull();
    }

    static QuadrangleConfigurationException cause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof QuadrangleConfigurationException) {
                return (QuadrangleConfigurationException) t;
            }
        }
        throw new AssertionError("no QuadrangleConfigurationException in " + failure, failure);
    }

    static int closedPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
