package dev.quadrangle.spring.boot.autoconfigure;

import java.util.function.Consumer;

/**
 * Applies one property's value to a Quadrangle builder and reports a refusal as a
 * {@link QuadrangleConfigurationException} naming the property. Stateless.
 */
public final class PropertyCheck {

    private PropertyCheck() {
    }

    /**
     * Hands a value to a builder setter when it is set.
     *
     * @param property the full property name, for the message
     * @param value the bound value, {@code null} when not set (then nothing happens)
     * @param setter the builder's setter, which validates the value
     * @param <T> the value type
     * @throws QuadrangleConfigurationException when the setter refuses the value
     */
    public static <T> void apply(String property, T value, Consumer<? super T> setter) {
        if (value == null) {
            return;
        }
        try {
            setter.accept(value);
        } catch (IllegalArgumentException e) {
            throw new QuadrangleConfigurationException(property, value, allowed(property, e), e);
        }
    }

    /**
     * Requires a value to be set.
     *
     * @param property the full property name
     * @param value the bound value
     * @param what what it must be, for the message
     * @param <T> the value type
     * @return the value
     * @throws QuadrangleConfigurationException when the value is {@code null} or blank
     */
    public static <T> T required(String property, T value, String what) {
        if (value == null || value.toString().isBlank()) {
            throw new QuadrangleConfigurationException(property, value, "required: " + what, null);
        }
        return value;
    }

    private static String allowed(String property, IllegalArgumentException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // builder messages never carry secrets, but a message about a secret property says nothing of its value
        return QuadrangleConfigurationException.isSecret(property) ? "the value was refused (" + e.getClass().getSimpleName()
                + ")" : message;
    }
}
