package dev.quadrangle.spring.boot.autoconfigure.jooq;

import dev.quadrangle.core.jooq.QueryTimingListener;
import dev.quadrangle.core.jooq.QueryTimingSink;
import dev.quadrangle.core.metrics.QueryMetrics;
import dev.quadrangle.spring.boot.autoconfigure.PropertyCheck;
import io.micrometer.core.instrument.MeterRegistry;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Times every query of Spring Boot's jOOQ {@code DSLContext}: a {@link QueryTimingListener} registered as an
 * {@code ExecuteListenerProvider} bean (which Boot's jOOQ auto-configuration adds to its configuration),
 * reporting to {@link QueryMetrics} ({@code quadrangle.query}) and logging slow queries with their literals
 * masked. Backs off when the application defines a {@code QueryTimingListener} or a {@link QueryTimingSink}.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.jooq.autoconfigure.JooqAutoConfiguration")
@ConditionalOnClass({ QueryTimingListener.class, DefaultExecuteListenerProvider.class })
@ConditionalOnProperty(prefix = "quadrangle.jooq", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(QuadrangleJooqProperties.class)
public class QuadrangleJooqAutoConfiguration {

    /** Created by Spring. */
    public QuadrangleJooqAutoConfiguration() {
    }

    /**
     * The query timing listener.
     *
     * @param properties the properties
     * @param sink where timings go (the metrics), when there is one
     * @return the listener
     */
    @Bean
    @ConditionalOnMissingBean(QueryTimingListener.class)
    public QueryTimingListener quadrangleQueryTimingListener(QuadrangleJooqProperties properties,
            ObjectProvider<QueryTimingSink> sink) {
        QueryTimingListener.Builder builder = QueryTimingListener.builder();
        PropertyCheck.apply("quadrangle.jooq.slow-query-threshold", properties.getSlowQueryThreshold(),
                builder::slowQueryThreshold);
        sink.ifUnique(builder::sink);
        return builder.build();
    }

    /**
     * The listener as an execute listener provider, for Spring Boot's jOOQ configuration.
     *
     * @param listener the listener
     * @return the provider
     */
    @Bean
    @ConditionalOnMissingBean(name = "quadrangleQueryTimingListenerProvider")
    public DefaultExecuteListenerProvider quadrangleQueryTimingListenerProvider(QueryTimingListener listener) {
        return new DefaultExecuteListenerProvider(listener);
    }

    /** Query metrics, with Micrometer on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class QueryMetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean(QueryTimingSink.class)
        QueryMetrics quadrangleQueryMetrics() {
            return new QueryMetrics();
        }
    }
}
