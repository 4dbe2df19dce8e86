package dev.quadrangle.spring.boot.autoconfigure.routing;

import dev.quadrangle.routing.RoutingDataSourceBuilder;

/**
 * A bean that adjusts the routing builder after the {@code quadrangle.routing.*} properties were
 * applied, for what properties cannot say (a custom {@code LoadBalancer}, a circuit breaker
 * configuration, a listener). Customizers run in their {@code @Order}.
 */
@FunctionalInterface
public interface RoutingDataSourceCustomizer {

    /**
     * Adjusts the builder.
     *
     * @param builder the builder with the properties applied
     */
    void customize(RoutingDataSourceBuilder builder);
}
