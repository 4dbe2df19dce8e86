package dev.quadrangle.core.internal;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Validation of the SQL identifiers Quadrangle generates or accepts (table, column, schema names). */
public final class Identifiers {
    /** PostgreSQL truncates identifiers longer than this many bytes (NAMEDATALEN - 1). */
    public static final int MAX_BYTES = 63;
    private static final Pattern SAFE = Pattern.compile("[a-z_][a-z0-9_]*");

    private Identifiers() {
    }

    /**
     * Checks that a name is a safe, unquoted-style PostgreSQL identifier of at most 63 bytes.
     *
     * @param property what the name is, for the message (e.g. "table")
     * @param name the name
     * @return the name
     * @throws IllegalArgumentException when it is null, empty, too long or has unsafe characters
     */
    public static String check(String property, String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(property + " name must not be empty");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException(property + " name '" + name + "' is " + bytes
                    + " bytes; PostgreSQL identifiers must be at most " + MAX_BYTES + " bytes");
        }
        if (!SAFE.matcher(name).matches()) {
            throw new IllegalArgumentException(property + " name '" + name
                    + "' has unsafe characters; allowed: lowercase letters, digits and '_', not starting with a digit");
        }
        return name;
    }
}
