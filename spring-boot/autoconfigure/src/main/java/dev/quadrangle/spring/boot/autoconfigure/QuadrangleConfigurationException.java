package dev.quadrangle.spring.boot.autoconfigure;

import java.util.Locale;
import java.util.Objects;

/**
 * A {@code quadrangle.*} property has a value that Quadrangle refuses; thrown while the application
 * context starts, so a bad value stops the application before it serves anything.
 *
 * <p>The exception names the property, the value (masked for secrets: any property whose name contains
 * {@code password}, {@code secret}, {@code access-key} or {@code credential}, and the secrets of a URL)
 * and what is allowed;
 * {@link QuadrangleConfigurationFailureAnalyzer} prints them as Spring Boot's startup failure report.
 * Immutable.
 */
public final class QuadrangleConfigurationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The mask shown instead of a secret value. */
    public static final String MASK = "******";

    private final String property;
    private final String value;
    private final String allowed;

    /**
     * A refused value.
     *
     * @param property the full property name, e.g. {@code quadrangle.routing.replica-pool-size}
     * @param value the value as configured (masked here when the property holds a secret), may be {@code null}
     * @param allowed what is allowed, e.g. the message of the builder that refused it
     * @param cause the builder's exception, may be {@code null}
     */
    public QuadrangleConfigurationException(String property, Object value, String allowed, Throwable cause) {
        super(message(property, value, allowed), cause);
        this.property = Objects.requireNonNull(property, "property");
        this.value = shown(property, value);
        this.allowed = Objects.requireNonNull(allowed, "allowed");
    }

    /**
     * The property's full name.
     *
     * @return the name
     */
    public String property() {
        return property;
    }

    /**
     * The refused value as it may be shown: masked for secrets.
     *
     * @return the value, or {@code "(none)"} when it was missing
     */
    public String value() {
        return value;
    }

    /**
     * What the property allows.
     *
     * @return the description
     */
    public String allowed() {
        return allowed;
    }

    /**
     * Whether a property holds a secret whose value must never be shown.
     *
     * @param property the property name
     * @return whether its value is masked
     */
    public static boolean isSecret(String property) {
        String name = property.toLowerCase(Locale.ROOT);
        return name.contains("password") || name.contains("secret") || name.contains("access-key")
                || name.contains("credential");
    }

    private static String shown(String property, Object value) {
        if (value == null) {
            return "(none)";
        }
        return isSecret(property) ? MASK : maskUrlSecrets(String.valueOf(value));
    }

    /**
     * A value with the secrets of a URL in it masked: user info ({@code //user:password@}) and parameters
     * whose name mentions a password, secret, key, token or factory argument.
     *
     * @param value any value
     * @return the value, masked where it carries a URL secret
     */
    public static String maskUrlSecrets(String value) {
        if (!value.contains("://") && !value.contains("=")) {
            return value;
        }
        String masked = URL_USER_INFO.matcher(value).replaceAll("//" + MASK + "@");
        return URL_SECRET_PARAMETER.matcher(masked).replaceAll("$1" + MASK);
    }

    private static final java.util.regex.Pattern URL_USER_INFO = java.util.regex.Pattern.compile("//[^/@?#]*@");
    private static final java.util.regex.Pattern URL_SECRET_PARAMETER = java.util.regex.Pattern.compile(
            "(?i)((?:^|[?&;])[^=&;]*(?:password|secret|key|token|factoryarg)[^=&;]*=)[^&;]*");

    private static String message(String property, Object value, String allowed) {
        return "Invalid value '" + shown(property, value) + "' for property '" + property + "': " + allowed;
    }
}
