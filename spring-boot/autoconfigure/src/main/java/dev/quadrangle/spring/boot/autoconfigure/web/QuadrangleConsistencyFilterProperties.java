package dev.quadrangle.spring.boot.autoconfigure.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code quadrangle.web.consistency.*} properties of the read-your-writes token filter. Mutable
 * JavaBean for Spring Boot's binder.
 */
@ConfigurationProperties(prefix = "quadrangle.web.consistency")
public class QuadrangleConsistencyFilterProperties {

    /** Whether the consistency-token filter is registered (it needs the routing DataSource). */
    private boolean enabled;

    /** Request and response header that carries the consistency token. */
    private String headerName = "Quadrangle-Consistency";

    /** Cookie that carries the consistency token; empty for none (header only). */
    private String cookieName = "quadrangle-consistency";

    /** How long the browser keeps the token cookie. */
    private Duration cookieMaxAge = Duration.ofMinutes(10);

    /** Whether the token cookie is sent over HTTPS only. */
    private boolean cookieSecure;

    /** Order of the filter among the servlet filters; early, so that every database access of a request is in its session. */
    private int order = -100;

    /**
     * Whether the filter is on.
     *
     * @return {@code false} by default
     */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Turns the filter on or off.
     *
     * @param enabled the flag
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * The header name.
     *
     * @return the name
     */
    public String getHeaderName() {
        return headerName;
    }

    /**
     * Sets the header name.
     *
     * @param headerName the name
     */
    public void setHeaderName(String headerName) {
        this.headerName = headerName;
    }

    /**
     * The cookie name, empty for none.
     *
     * @return the name
     */
    public String getCookieName() {
        return cookieName;
    }

    /**
     * Sets the cookie name.
     *
     * @param cookieName the name, empty for none
     */
    public void setCookieName(String cookieName) {
        this.cookieName = cookieName;
    }

    /**
     * The cookie's maximum age.
     *
     * @return the age
     */
    public Duration getCookieMaxAge() {
        return cookieMaxAge;
    }

    /**
     * Sets the cookie's maximum age.
     *
     * @param cookieMaxAge the age
     */
    public void setCookieMaxAge(Duration cookieMaxAge) {
        this.cookieMaxAge = cookieMaxAge;
    }

    /**
     * Whether the cookie is HTTPS-only.
     *
     * @return the flag
     */
    public boolean isCookieSecure() {
        return cookieSecure;
    }

    /**
     * Sets whether the cookie is HTTPS-only.
     *
     * @param cookieSecure the flag
     */
    public void setCookieSecure(boolean cookieSecure) {
        this.cookieSecure = cookieSecure;
    }

    /**
     * The filter order.
     *
     * @return the order
     */
    public int getOrder() {
        return order;
    }

    /**
     * Sets the filter order.
     *
     * @param order the order
     */
    public void setOrder(int order) {
        this.order = order;
    }
}
