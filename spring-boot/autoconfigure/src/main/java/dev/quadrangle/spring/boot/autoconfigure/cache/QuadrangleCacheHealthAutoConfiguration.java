package dev.quadrangle.spring.boot.autoconfigure.cache;

import dev.quadrangle.cache.CacheNode;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code quadrangleCache} health contributor (off with
 * {@code management.health.quadrangle-cache.enabled=false}).
 */
@AutoConfiguration(after = QuadrangleCacheAutoConfiguration.class)
@ConditionalOnClass({ CacheNode.class, HealthIndicator.class })
@ConditionalOnBean(CacheNode.class)
@ConditionalOnEnabledHealthIndicator("quadrangle-cache")
public class QuadrangleCacheHealthAutoConfiguration {

    /** Created by Spring. */
    public QuadrangleCacheHealthAutoConfiguration() {
    }

    /**
     * The cache health indicator.
     *
     * @param node the node
     * @param state the node's state, when the auto-configuration built the node
     * @return the indicator
     */
    @Bean
    @ConditionalOnMissingBean(name = "quadrangleCacheHealthIndicator")
    public CacheHealthIndicator quadrangleCacheHealthIndicator(CacheNode node, ObjectProvider<CacheNodeState> state) {
        return new CacheHealthIndicator(node, state.getIfAvailable());
    }
}
