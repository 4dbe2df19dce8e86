package dev.quadrangle.spring.boot.autoconfigure.routing;

import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the application names its database servers: {@code quadrangle.routing.primary.url} (a fixed
 * primary and replicas) or at least one {@code quadrangle.routing.nodes.<name>.*} (discovered roles).
 */
final class RoutingConfiguredCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        if (context.getEnvironment().containsProperty("quadrangle.routing.primary.url")) {
            return ConditionOutcome.match("quadrangle.routing.primary.url is set");
        }
        Map<String, Object> nodes = Binder.get(context.getEnvironment())
                .bind("quadrangle.routing.nodes", Bindable.mapOf(String.class, Object.class))
                .orElse(Map.of());
        if (!nodes.isEmpty()) {
            return ConditionOutcome.match("quadrangle.routing.nodes names " + nodes.keySet());
        }
        return ConditionOutcome.noMatch("neither quadrangle.routing.primary.url nor quadrangle.routing.nodes is set");
    }
}
