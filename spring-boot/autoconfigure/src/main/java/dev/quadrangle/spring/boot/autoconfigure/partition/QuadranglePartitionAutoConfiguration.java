package dev.quadrangle.spring.boot.autoconfigure.partition;

import dev.quadrangle.core.metrics.PartitionMetrics;
import dev.quadrangle.core.partition.PartitionListener;
import dev.quadrangle.core.partition.PartitionManager;
import dev.quadrangle.core.partition.PartitionSpec;
import dev.quadrangle.spi.ContentStore;
import dev.quadrangle.spring.boot.autoconfigure.PropertyCheck;
import dev.quadrangle.spring.boot.autoconfigure.routing.QuadrangleRoutingAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * A {@link PartitionManager} over the application's {@code DataSource}, the scheduled maintenance of every
 * {@link PartitionSpec} bean, and {@link QuadrangleRepositories} for repositories in Spring transactions.
 */
@AutoConfiguration(after = QuadrangleRoutingAutoConfiguration.class,
        afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass({ PartitionManager.class, TransactionAwareDataSourceProxy.class })
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnProperty(prefix = "quadrangle.partitions", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(QuadranglePartitionProperties.class)
public class QuadranglePartitionAutoConfiguration {
    private static final String PREFIX = "quadrangle.partitions.";
    private static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    private static final Duration MAX_INTERVAL = Duration.ofDays(7);

    /** Created by Spring. */
    public QuadranglePartitionAutoConfiguration() {
    }

    /**
     * The partition manager; its DDL goes to the primary (read-write connections).
     *
     * @param dataSource the application's data source
     * @param properties the properties
     * @param contentStore a content store bean, for export retention
     * @param listener a partition listener bean (the metrics), when there is one
     * @return the manager
     */
    @Bean
    @ConditionalOnMissingBean(PartitionManager.class)
    public PartitionManager quadranglePartitionManager(DataSource dataSource, QuadranglePartitionProperties properties,
            ObjectProvider<ContentStore> contentStore, ObjectProvider<PartitionListener> listener) {
        PartitionManager.Builder builder = PartitionManager.builder(dataSource);
        PropertyCheck.apply(PREFIX + "lock-timeout", properties.getLockTimeout(), builder::lockTimeout);
        PropertyCheck.apply(PREFIX + "lock-attempts", properties.getLockAttempts(), builder::lockAttempts);
        PropertyCheck.apply(PREFIX + "retry-backoff", properties.getRetryBackoff(), builder::retryBackoff);
        PropertyCheck.apply(PREFIX + "catalog-schema", properties.getCatalogSchema(), builder::catalogSchema);
        contentStore.ifUnique(builder::contentStore);
        listener.ifUnique(builder::listener);
        return builder.build();
    }

    /**
     * Repositories, counter tables and batch writers in Spring transactions.
     *
     * @param dataSource the application's data source
     * @param manager the partition manager
     * @return the factory
     */
    @Bean
    @ConditionalOnMissingBean(QuadrangleRepositories.class)
    public QuadrangleRepositories quadrangleRepositories(DataSource dataSource, ObjectProvider<PartitionManager> manager) {
        return new QuadrangleRepositories(dataSource, manager.getIfUnique());
    }

    /**
     * Maintenance of every spec bean on a schedule.
     *
     * @param manager the manager
     * @param specs the spec beans
     * @param properties the properties
     * @return the scheduled maintenance, started and stopped with the context
     */
    @Bean
    @ConditionalOnMissingBean(PartitionMaintenance.class)
    @ConditionalOnBean(PartitionSpec.class)
    @ConditionalOnProperty(prefix = "quadrangle.partitions.maintenance", name = "enabled", havingValue = "true",
            matchIfMissing = true)
    public PartitionMaintenance quadranglePartitionMaintenance(PartitionManager manager, ObjectProvider<PartitionSpec> specs,
            QuadranglePartitionProperties properties) {
        QuadranglePartitionProperties.Maintenance m = properties.getMaintenance();
        PropertyCheck.apply(PREFIX + "maintenance.interval", m.getInterval(), interval -> {
            if (interval.compareTo(MIN_INTERVAL) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
                throw new IllegalArgumentException("maintenance interval must be between 1 s and 7 days, was " + interval);
            }
        });
        return new PartitionMaintenance(manager, specs.orderedStream().toList(), m.getInterval(), m.isOnStartup(),
                m.isRetention());
    }

    /** Partition metrics, with Micrometer on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class PartitionMetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean(PartitionListener.class)
        PartitionMetrics quadranglePartitionMetrics() {
            return new PartitionMetrics();
        }
    }
}
