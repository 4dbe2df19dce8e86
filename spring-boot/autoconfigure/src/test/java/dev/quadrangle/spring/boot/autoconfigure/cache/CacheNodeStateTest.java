package dev.quadrangle.spring.boot.autoconfigure.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.cache.CacheListener;
import dev.quadrangle.cache.CacheMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CacheNodeStateTest {

    /**
     * Regression: the listener that fans events out to the metrics did not forward
     * {@code onRegionCreated}, so a Boot application's {@code quadrangle.cache.gets} appeared only after
     * the first read. Every event of {@link CacheListener} must be forwarded.
     */
    @Test
    void theFanOutListenerForwardsEveryEventOfTheListenerInterface() throws Exception {
        Class<?> fanOut = new CacheNodeState().listener(List.of()).getClass();
        List<String> notForwarded = Arrays.stream(CacheListener.class.getDeclaredMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()))
                .filter(m -> !declares(fanOut, m))
                .map(Method::getName).toList();
        assertThat(notForwarded).as("CacheListener methods the fan-out listener leaves to the no-op default").isEmpty();
    }

    @Test
    void aRegionCreatedReachesTheMetricsWhichShowItsCountersAtZero() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CacheMetrics metrics = new CacheMetrics();
        metrics.bindTo(registry);
        new CacheNodeState().listener(List.of(metrics)).onRegionCreated("pending-activities");
        assertThat(registry.find("quadrangle.cache.gets").tag("region", "pending-activities").counters()).hasSize(4);
    }

    private static boolean declares(Class<?> type, Method method) {
        try {
            type.getDeclaredMethod(method.getName(), method.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
