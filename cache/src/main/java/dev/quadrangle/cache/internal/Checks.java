package dev.quadrangle.cache.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/** Fail-fast validation of configuration values, with messages naming property, value and range. */
public final class Checks {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private Checks() {
    }

    /**
     * Checks a duration lies in a closed range.
     *
     * @param property the property name for the message
     * @param value the value
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @return the value
     */
    public static Duration duration(String property, Duration value, Duration min, Duration max) {
        Objects.requireNonNull(value, property + " must not be null");
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(property + " must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    /**
     * Checks a number lies in a closed range.
     *
     * @param property the property name for the message
     * @param value the value
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @return the value
     */
    public static long range(String property, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(property + " must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    /**
     * Checks a name used in Redis keys and channels: lower-case letters, digits, '.', '_' and '-'.
     *
     * @param property the property name for the message
     * @param value the value
     * @return the value
     */
    public static String name(String property, String value) {
        Objects.requireNonNull(value, property + " must not be null");
        if (!NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(property + " must match " + NAME.pattern()
                    + " (1 to 64 lower-case letters, digits, '.', '_' or '-'), was '" + value + "'");
        }
        return value;
    }
}
