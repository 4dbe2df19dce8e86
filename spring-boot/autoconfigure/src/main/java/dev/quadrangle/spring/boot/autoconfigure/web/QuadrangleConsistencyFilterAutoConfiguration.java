package dev.quadrangle.spring.boot.autoconfigure.web;

import dev.quadrangle.routing.RoutingDataSource;
import dev.quadrangle.spring.boot.autoconfigure.PropertyCheck;
import dev.quadrangle.spring.boot.autoconfigure.QuadrangleConfigurationException;
import dev.quadrangle.spring.boot.autoconfigure.routing.QuadrangleRoutingAutoConfiguration;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.Filter;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the {@link ConsistencyTokenFilter} when {@code quadrangle.web.consistency.enabled=true}, in a
 * servlet web application whose {@code DataSource} is a {@link RoutingDataSource}.
 */
@AutoConfiguration(after = QuadrangleRoutingAutoConfiguration.class)
@ConditionalOnClass({ RoutingDataSource.class, Filter.class, FilterRegistrationBean.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(prefix = "quadrangle.web.consistency", name = "enabled", havingValue = "true")
@ConditionalOnBean(RoutingDataSource.class)
@EnableConfigurationProperties(QuadrangleConsistencyFilterProperties.class)
public class QuadrangleConsistencyFilterAutoConfiguration {
    private static final Pattern TOKEN_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}");
    private static final String PREFIX = "quadrangle.web.consistency.";

    /** Created by Spring. */
    public QuadrangleConsistencyFilterAutoConfiguration() {
    }

    /**
     * The filter's registration.
     *
     * @param routing the routing data source
     * @param properties the filter's properties
     * @param ignoredTokens counts ignored tokens, when Micrometer is there
     * @return the registration
     */
    @Bean
    @ConditionalOnMissingBean(ConsistencyTokenFilter.class)
    public FilterRegistrationBean<ConsistencyTokenFilter> quadrangleConsistencyTokenFilter(RoutingDataSource routing,
            QuadrangleConsistencyFilterProperties properties, ObjectProvider<IgnoredTokens> ignoredTokens) {
        String header = check(PREFIX + "header-name", properties.getHeaderName(), false);
        String cookie = check(PREFIX + "cookie-name", properties.getCookieName(), true);
        PropertyCheck.apply(PREFIX + "cookie-max-age", properties.getCookieMaxAge(), age -> {
            if (age.isNegative()) {
                throw new IllegalArgumentException("cookie-max-age must be 0 or more");
            }
        });
        Consumer<String> ignored = ignoredTokens.getIfAvailable(() -> reason -> { });
        ConsistencyTokenFilter filter = new ConsistencyTokenFilter(routing, header, cookie, properties.getCookieMaxAge(),
                properties.isCookieSecure(), ignored);
        FilterRegistrationBean<ConsistencyTokenFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setName("quadrangleConsistencyTokenFilter");
        registration.setOrder(properties.getOrder());
        return registration;
    }

    private static String check(String property, String value, boolean emptyAllowed) {
        if (value == null || value.isEmpty()) {
            if (emptyAllowed) {
                return "";
            }
            throw new QuadrangleConfigurationException(property, value, "required: an HTTP header name", null);
        }
        if (!TOKEN_NAME.matcher(value).matches()) {
            throw new QuadrangleConfigurationException(property, value,
                    "must be 1 to 128 characters of an HTTP token (letters, digits and !#$%&'*+.^_`|~-)", null);
        }
        return value;
    }

    /** Tells the application's meter registry about ignored tokens. */
    @FunctionalInterface
    interface IgnoredTokens extends Consumer<String> {
    }

    /** The ignored-token counter, with Micrometer on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class IgnoredTokenMetrics {

        @Bean
        IgnoredTokens quadrangleIgnoredTokens(ObjectProvider<MeterRegistry> registry) {
            return reason -> registry.ifAvailable(r -> Counter.builder("quadrangle.web.consistency.ignored")
                    .description("Consistency tokens sent by clients that were malformed and ignored")
                    .tag("reason", reason)
                    .register(r)
                    .increment());
        }
    }
}
