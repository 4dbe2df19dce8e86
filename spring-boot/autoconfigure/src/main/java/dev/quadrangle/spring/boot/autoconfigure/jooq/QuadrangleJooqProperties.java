package dev.quadrangle.spring.boot.autoconfigure.jooq;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code quadrangle.jooq.*} properties: query timing on Spring Boot's jOOQ {@code DSLContext}. Mutable
 * JavaBean for Spring Boot's binder.
 */
@ConfigurationProperties(prefix = "quadrangle.jooq")
public class QuadrangleJooqProperties {

    /** Whether queries run through Spring Boot's DSLContext are timed and slow ones logged. */
    private boolean enabled = true;

    /** Queries slower than this are logged (SQL with literals masked); default 200ms, 0 to 1h. */
    private Duration slowQueryThreshold;

    /** Created by the binder. */
    public QuadrangleJooqProperties() {
    }

    /**
     * Whether queries are timed.
     *
     * @return {@code true} by default
     */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Sets whether queries are timed.
     *
     * @param enabled the flag
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * The slow-query threshold.
     *
     * @return the threshold, {@code null} for the default
     */
    public Duration getSlowQueryThreshold() {
        return slowQueryThreshold;
    }

    /**
     * Sets the slow-query threshold.
     *
     * @param slowQueryThreshold the threshold
     */
    public void setSlowQueryThreshold(Duration slowQueryThreshold) {
        this.slowQueryThreshold = slowQueryThreshold;
    }
}
