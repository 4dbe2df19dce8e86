package dev.quadrangle.spring.boot.autoconfigure.routing;

import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.quadrangle.routing.LoadBalancer;
import dev.quadrangle.routing.RoutingDataSource;
import dev.quadrangle.routing.RoutingDataSourceBuilder;
import dev.quadrangle.routing.RoutingListener;
import dev.quadrangle.routing.RoutingMetrics;
import dev.quadrangle.spring.boot.autoconfigure.PropertyCheck;
import dev.quadrangle.spring.boot.autoconfigure.QuadrangleConfigurationException;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the application's {@link DataSource} as a Quadrangle {@link RoutingDataSource} from
 * {@code quadrangle.routing.*} when {@code quadrangle.routing.primary.url} is set and the application has
 * no {@code DataSource} of its own. Runs before Spring Boot's {@code DataSourceAutoConfiguration}, which
 * then backs off; Boot's transaction manager, {@code JdbcTemplate}, jOOQ and JPA auto-configurations use
 * this data source. {@code @Transactional(readOnly = true)} sets the connection read-only, which routes it
 * to a replica.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration" })
@ConditionalOnClass(RoutingDataSource.class)
@ConditionalOnProperty(prefix = "quadrangle.routing", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(QuadrangleRoutingProperties.class)
public class QuadrangleRoutingAutoConfiguration {

    private static final String PREFIX = "quadrangle.routing.";

    /** Created by Spring. */
    public QuadrangleRoutingAutoConfiguration() {
    }

    /**
     * The routing data source; closed with the context (its pools and probe), never the host's beans.
     *
     * @param properties the bound properties
     * @param listener a routing listener bean, when the application (or the metrics configuration) has one
     * @param registry the application's meter registry, for the pools' metrics, when there is one
     * @param customizers builder customizers
     * @return the data source
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(DataSource.class)
    @Conditional(RoutingConfiguredCondition.class)
    public RoutingDataSource dataSource(QuadrangleRoutingProperties properties, ObjectProvider<RoutingListener> listener,
            ObjectProvider<MeterRegistryHolder> registry, ObjectProvider<RoutingDataSourceCustomizer> customizers) {
        RoutingDataSourceBuilder builder = RoutingDataSource.builder();
        apply(properties, builder);
        listener.ifUnique(builder::listener);
        registry.ifAvailable(holder -> holder.applyTo(builder));
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder.build();
    }

    /**
     * Applies the properties to a builder; a refused value becomes a
     * {@link dev.quadrangle.spring.boot.autoconfigure.QuadrangleConfigurationException} naming the property.
     *
     * @param properties the properties
     * @param builder the builder
     */
    static void apply(QuadrangleRoutingProperties properties, RoutingDataSourceBuilder builder) {
        if (!properties.getNodes().isEmpty()) {
            applyNodes(properties, builder);
        } else {
            applyPrimaryAndReplicas(properties, builder);
        }
        PropertyCheck.apply(PREFIX + "primary-pool-size", properties.getPrimaryPoolSize(), builder::primaryPoolSize);
        PropertyCheck.apply(PREFIX + "replica-pool-size", properties.getReplicaPoolSize(), builder::replicaPoolSize);
        PropertyCheck.apply(PREFIX + "connection-timeout", properties.getConnectionTimeout(), builder::connectionTimeout);
        PropertyCheck.apply(PREFIX + "consistency-policy", properties.getConsistencyPolicy(), builder::consistencyPolicy);
        PropertyCheck.apply(PREFIX + "sticky-window", properties.getStickyWindow(), builder::stickyWindow);
        PropertyCheck.apply(PREFIX + "max-wait-for-replica", properties.getMaxWaitForReplica(), builder::maxWaitForReplica);
        PropertyCheck.apply(PREFIX + "max-replica-lag", properties.getMaxReplicaLag(), builder::maxReplicaLag);
        PropertyCheck.apply(PREFIX + "max-replica-lag-bytes", properties.getMaxReplicaLagBytes(),
                size -> builder.maxReplicaLagBytes(size.toBytes()));
        PropertyCheck.apply(PREFIX + "no-replica-policy", properties.getNoReplicaPolicy(), builder::noReplicaPolicy);
        PropertyCheck.apply(PREFIX + "balancer", properties.getBalancer(), b -> builder.loadBalancer(balancer(b)));
        PropertyCheck.apply(PREFIX + "probe.interval", properties.getProbe().getInterval(), builder::probeInterval);
        PropertyCheck.apply(PREFIX + "probe.timeout", properties.getProbe().getTimeout(), builder::probeTimeout);
        PropertyCheck.apply(PREFIX + "discovery-interval", properties.getDiscoveryInterval(), builder::discoveryInterval);
        PropertyCheck.apply(PREFIX + "max-wait-for-writer", properties.getMaxWaitForWriter(), builder::maxWaitForWriter);
        PropertyCheck.apply(PREFIX + "split-brain-policy", properties.getSplitBrainPolicy(), builder::splitBrainPolicy);
    }

    private static void applyPrimaryAndReplicas(QuadrangleRoutingProperties properties, RoutingDataSourceBuilder builder) {
        QuadrangleRoutingProperties.Server primary = properties.getPrimary();
        String url = PropertyCheck.required(PREFIX + "primary.url", primary.getUrl(), "a jdbc:postgresql: URL");
        PropertyCheck.apply(PREFIX + "primary.url", url,
                u -> builder.primary(u, primary.getUsername(), primary.getPassword()));
        for (Map.Entry<String, QuadrangleRoutingProperties.Server> e : properties.getReplicas().entrySet()) {
            String name = e.getKey();
            QuadrangleRoutingProperties.Server replica = e.getValue();
            String property = PREFIX + "replicas." + name + ".url";
            String replicaUrl = PropertyCheck.required(property, replica.getUrl(), "a jdbc:postgresql: URL");
            String user = replica.getUsername() != null ? replica.getUsername() : primary.getUsername();
            String password = replica.getPassword() != null ? replica.getPassword() : primary.getPassword();
            PropertyCheck.apply(property, replicaUrl, u -> builder.replica(name, u, user, password));
        }
    }

    /** Discovered roles: every node by name; a fixed primary or replicas next to them are refused. */
    private static void applyNodes(QuadrangleRoutingProperties properties, RoutingDataSourceBuilder builder) {
        if (properties.getPrimary().getUrl() != null || !properties.getReplicas().isEmpty()) {
            throw new QuadrangleConfigurationException(PREFIX + "nodes", properties.getNodes().keySet(),
                    "give the servers either as quadrangle.routing.nodes (roles discovered) or as"
                            + " quadrangle.routing.primary and quadrangle.routing.replicas (fixed roles), not both", null);
        }
        for (Map.Entry<String, QuadrangleRoutingProperties.Server> e : properties.getNodes().entrySet()) {
            String name = e.getKey();
            QuadrangleRoutingProperties.Server node = e.getValue();
            String property = PREFIX + "nodes." + name + ".url";
            String nodeUrl = PropertyCheck.required(property, node.getUrl(), "a jdbc:postgresql: URL");
            PropertyCheck.apply(property, nodeUrl, u -> builder.node(name, u, node.getUsername(), node.getPassword()));
        }
    }

    private static LoadBalancer balancer(QuadrangleRoutingProperties.Balancer balancer) {
        switch (balancer) {
            case LEAST_IN_FLIGHT:
                return LoadBalancer.leastInFlight();
            case LATENCY_AWARE:
                return LoadBalancer.latencyAware();
            default:
                return LoadBalancer.roundRobin();
        }
    }

    /** Metrics of the routing data source, with Micrometer on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class RoutingMetricsConfiguration {

        /**
         * The routing metrics ({@code quadrangle.routing.*}); Spring Boot binds every {@code MeterBinder}
         * bean to the application's registry, and the data source reports to it as its listener.
         *
         * @return the metrics
         */
        @Bean
        @ConditionalOnMissingBean(RoutingListener.class)
        RoutingMetrics quadrangleRoutingMetrics() {
            return new RoutingMetrics();
        }

        @Bean
        MeterRegistryHolder quadrangleRoutingPoolMetrics(ObjectProvider<MeterRegistry> registry) {
            return new MeterRegistryHolder(registry);
        }
    }

    /** Hands the application's meter registry to the pools, without naming Micrometer in the bean method above. */
    static final class MeterRegistryHolder {
        private final ObjectProvider<MeterRegistry> registry;

        MeterRegistryHolder(ObjectProvider<MeterRegistry> registry) {
            this.registry = registry;
        }

        void applyTo(RoutingDataSourceBuilder builder) {
            registry.ifUnique(r -> builder.poolMetrics(new MicrometerMetricsTrackerFactory(r)));
        }
    }
}
