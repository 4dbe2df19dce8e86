package dev.quadrangle.spring.boot.autoconfigure.routing;

import dev.quadrangle.routing.RoutingDataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code quadrangleRouting} health contributor over the application's {@link RoutingDataSource}
 * (off with {@code management.health.quadrangle-routing.enabled=false}).
 */
@AutoConfiguration(after = QuadrangleRoutingAutoConfiguration.class)
@ConditionalOnClass({ RoutingDataSource.class, HealthIndicator.class })
@ConditionalOnBean(RoutingDataSource.class)
@ConditionalOnEnabledHealthIndicator("quadrangle-routing")
public class QuadrangleRoutingHealthAutoConfiguration {

    /** Created by Spring. */
    public QuadrangleRoutingHealthAutoConfiguration() {
    }

    /**
     * The routing health indicator.
     *
     * @param routing the routing data source
     * @return the indicator
     */
    @Bean
    @ConditionalOnMissingBean(name = "quadrangleRoutingHealthIndicator")
    public RoutingHealthIndicator quadrangleRoutingHealthIndicator(RoutingDataSource routing) {
        return new RoutingHealthIndicator(routing);
    }
}
