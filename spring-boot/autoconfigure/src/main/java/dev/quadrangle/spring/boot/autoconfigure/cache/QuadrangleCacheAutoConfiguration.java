package dev.quadrangle.spring.boot.autoconfigure.cache;

import dev.quadrangle.cache.CacheListener;
import dev.quadrangle.cache.CacheMetrics;
import dev.quadrangle.cache.CacheNode;
import dev.quadrangle.spring.boot.autoconfigure.PropertyCheck;
import dev.quadrangle.spring.boot.autoconfigure.QuadrangleConfigurationException;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * A Quadrangle {@link CacheNode} on a Lettuce client built from Spring Boot's Redis settings
 * ({@code spring.data.redis.*}: standalone or cluster, user, password, SSL), its metrics and health
 * state, and a Spring {@link CacheManager} over its regions. Each bean backs off when the application
 * defines its own: a Lettuce client ({@code RedisClient} or {@code RedisClusterClient}, which is then not
 * shut down by us), a {@code CacheNode}, a {@code CacheManager}, a {@link CacheValueSerializer}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
        beforeName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration")
@ConditionalOnClass({ CacheNode.class, RedisClient.class })
@ConditionalOnProperty(prefix = "quadrangle.cache", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(QuadrangleCacheProperties.class)
public class QuadrangleCacheAutoConfiguration {
    private static final String PREFIX = "quadrangle.cache.";

    /** Created by Spring. */
    public QuadrangleCacheAutoConfiguration() {
    }

    /**
     * What the health contributor shows of the node.
     *
     * @return an empty state
     */
    @Bean
    @ConditionalOnMissingBean
    public CacheNodeState quadrangleCacheNodeState() {
        return new CacheNodeState();
    }

    /**
     * The cache node; closed with the context (its connections and threads, not the Lettuce client).
     *
     * @param properties the properties
     * @param client the Lettuce client
     * @param state the health state
     * @param listeners the application's and the metrics' cache listeners
     * @param environment for {@code spring.application.name}
     * @return the node
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(CacheNode.class)
    @ConditionalOnBean(AbstractRedisClient.class)
    public CacheNode quadrangleCacheNode(QuadrangleCacheProperties properties, AbstractRedisClient client,
            CacheNodeState state, ObjectProvider<CacheListener> listeners, Environment environment) {
        CacheNode.Builder builder = CacheNode.builder();
        String application = properties.getApplication() != null ? properties.getApplication()
                : environment.getProperty("spring.application.name", "application");
        PropertyCheck.apply(PREFIX + "application", application, builder::application);
        if (client instanceof RedisClusterClient) {
            builder.redisCluster((RedisClusterClient) client);
        } else if (client instanceof RedisClient) {
            builder.redis((RedisClient) client);
        } else {
            throw new IllegalStateException("the Lettuce client bean must be a RedisClient or a RedisClusterClient, was "
                    + client.getClass().getName());
        }
        PropertyCheck.apply(PREFIX + "redis-timeout", properties.getRedisTimeout(), builder::redisTimeout);
        PropertyCheck.apply(PREFIX + "degraded-l1-ttl", properties.getDegradedL1Ttl(), builder::degradedL1Ttl);
        PropertyCheck.apply(PREFIX + "pending-invalidations", properties.getPendingInvalidations(),
                builder::pendingInvalidations);
        PropertyCheck.apply(PREFIX + "redis-required-at-start", properties.getRedisRequiredAtStart(),
                builder::redisRequiredAtStart);
        builder.listener(state.listener(listeners.orderedStream().toList()));
        return builder.build();
    }

    /**
     * The Spring cache manager over the node's regions.
     *
     * @param node the node
     * @param serializer the JSON of cached values
     * @param properties the properties
     * @param beanFactory for the application's packages (trusted for reading values back)
     * @return the cache manager
     */
    @Bean
    @ConditionalOnMissingBean(CacheManager.class)
    @ConditionalOnBean({ CacheNode.class, CacheValueSerializer.class })
    @ConditionalOnProperty(prefix = "quadrangle.cache", name = "cache-manager", havingValue = "true", matchIfMissing = true)
    public QuadrangleCacheManager cacheManager(CacheNode node, CacheValueSerializer serializer,
            QuadrangleCacheProperties properties, BeanFactory beanFactory) {
        return new QuadrangleCacheManager(node,
                new SpringCacheValueCodec(serializer, trustedTypes(properties, beanFactory), getClass().getClassLoader()),
                properties);
    }

    static TrustedTypes trustedTypes(QuadrangleCacheProperties properties, BeanFactory beanFactory) {
        List<String> packages = new ArrayList<>(properties.getJson().getTrustedPackages());
        if (AutoConfigurationPackages.has(beanFactory)) {
            packages.addAll(AutoConfigurationPackages.get(beanFactory));
        }
        return new TrustedTypes(packages);
    }

    /** The Lettuce client from Spring Boot's Redis connection details. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(DataRedisConnectionDetails.class)
    static class LettuceClientConfiguration {

        @Bean(destroyMethod = "shutdown")
        @ConditionalOnMissingBean(AbstractRedisClient.class)
        @ConditionalOnBean(DataRedisConnectionDetails.class)
        AbstractRedisClient quadrangleRedisClient(DataRedisConnectionDetails details, QuadrangleCacheProperties properties) {
            return LettuceClients.create(details, properties.isClientInfo());
        }
    }

    /** Values as JSON through the application's Jackson 3 mapper. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "tools.jackson.databind.json.JsonMapper")
    static class Jackson3SerializerConfiguration {

        @Bean
        @ConditionalOnMissingBean(CacheValueSerializer.class)
        CacheValueSerializer quadrangleCacheValueSerializer(ObjectProvider<tools.jackson.databind.json.JsonMapper> mapper,
                QuadrangleCacheProperties properties, BeanFactory beanFactory) {
            return new Jackson3CacheValueSerializer(mapper.getIfAvailable(tools.jackson.databind.json.JsonMapper::new),
                    trustedTypes(properties, beanFactory));
        }
    }

    /**
     * Values as JSON through the application's Jackson 2 mapper, only when Jackson 3 is not on the class
     * path (an application on Jackson 2 with both defines a {@link Jackson2CacheValueSerializer} bean).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "com.fasterxml.jackson.databind.ObjectMapper")
    @ConditionalOnMissingClass("tools.jackson.databind.json.JsonMapper")
    static class Jackson2SerializerConfiguration {

        @Bean
        @ConditionalOnMissingBean(CacheValueSerializer.class)
        CacheValueSerializer quadrangleCacheValueSerializer(
                ObjectProvider<com.fasterxml.jackson.databind.ObjectMapper> mapper, QuadrangleCacheProperties properties,
                BeanFactory beanFactory) {
            // without the application's mapper: one with the modules on the class path (java.time, ...)
            return new Jackson2CacheValueSerializer(mapper.getIfAvailable(
                    () -> new com.fasterxml.jackson.databind.ObjectMapper().findAndRegisterModules()),
                    trustedTypes(properties, beanFactory));
        }
    }

    /** The cache metrics, with Micrometer on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class CacheMetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean(CacheMetrics.class)
        CacheMetrics quadrangleCacheMetrics() {
            return new CacheMetrics();
        }
    }

    /** Builds Lettuce clients; nothing here is logged, so no password can be. */
    static final class LettuceClients {
        private LettuceClients() {
        }

        static AbstractRedisClient create(DataRedisConnectionDetails details, boolean clientInfo) {
            if (details.getSentinel() != null || details.getMasterReplica() != null) {
                throw new QuadrangleConfigurationException("spring.data.redis.sentinel", "(set)",
                        "Quadrangle's cache runs on a standalone Redis or a Redis Cluster; define your own RedisClient"
                                + " bean for other topologies", null);
            }
            if (details.getCluster() != null) {
                List<RedisURI> uris = new ArrayList<>();
                for (DataRedisConnectionDetails.Node node : details.getCluster().getNodes()) {
                    uris.add(uri(details, node.host(), node.port(), 0, clientInfo));
                }
                return RedisClusterClient.create(uris);
            }
            DataRedisConnectionDetails.Standalone standalone = details.getStandalone();
            return RedisClient.create(uri(details, standalone.getHost(), standalone.getPort(), standalone.getDatabase(),
                    clientInfo));
        }

        private static RedisURI uri(DataRedisConnectionDetails details, String host, int port, int database,
                boolean clientInfo) {
            RedisURI.Builder builder = RedisURI.builder().withHost(host).withPort(port).withDatabase(database)
                    .withSsl(details.getSslBundle() != null);
            String password = details.getPassword();
            if (password != null && !password.isEmpty()) {
                if (details.getUsername() != null && !details.getUsername().isEmpty()) {
                    builder.withAuthentication(details.getUsername(), password.toCharArray());
                } else {
                    builder.withPassword(password.toCharArray());
                }
            }
            RedisURI uri = builder.build();
            if (!clientInfo) {
                uri.setLibraryName("");
            }
            return uri;
        }
    }
}
