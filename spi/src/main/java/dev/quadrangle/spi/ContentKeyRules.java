package dev.quadrangle.spi;

import java.util.Locale;

/**
 * The rules every {@link ContentStore} key obeys, defined once: the stores of the storage module check
 * keys with them, and code that builds keys from configuration (such as an archive key prefix) checks
 * that configuration with them up front, so that a key is never refused halfway through a job.
 *
 * <p>A key is not empty, at most {@value #MAX_KEY_LENGTH} characters, has no leading or trailing
 * {@code /}, no {@code //} (no empty segment), no {@code .} or {@code ..} segment, and no control
 * character, backslash, lone surrogate or line/paragraph separator.
 *
 * <p>Stateless and thread-safe.
 */
public final class ContentKeyRules {
    /** The longest key accepted, in characters (S3's own limit is 1,024 bytes). */
    public static final int MAX_KEY_LENGTH = 1024;

    private static final int PRINTED_CHARACTERS = 200;

    private ContentKeyRules() {
    }

    /**
     * Checks a content key.
     *
     * @param key the key
     * @return the same key
     * @throws IllegalArgumentException naming the key and the rule it breaks, e.g.
     *         {@code content key 'a/./b' must not contain a '.' or '..' segment}
     */
    public static String validate(String key) {
        return check("content key", key, MAX_KEY_LENGTH);
    }

    /**
     * Checks a key, or a part of keys such as a prefix that other segments are appended to, against the
     * key rules with a length limit of its own.
     *
     * @param property what is checked, the start of every message (e.g. {@code "archive key prefix"})
     * @param key the key or key part
     * @param maxLength the most characters it may have, at most {@value #MAX_KEY_LENGTH}
     * @return the same key
     * @throws IllegalArgumentException naming the property, the value and the rule it breaks
     */
    public static String check(String property, String key, int maxLength) {
        if (maxLength < 1 || maxLength > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("maxLength must be between 1 and " + MAX_KEY_LENGTH + ", was " + maxLength);
        }
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException(property + " must not be empty");
        }
        if (key.length() > maxLength) {
            throw new IllegalArgumentException(property + " must be at most " + maxLength + " characters, was " + key.length());
        }
        for (int i = 0; i < key.length(); i++) {
            char ch = key.charAt(i);
            if (Character.isISOControl(ch) || ch == '\\' || Character.isSurrogate(ch) || ch == '\u2028' || ch == '\u2029') {
                throw new IllegalArgumentException(property + " '" + printable(key)
                        + "' contains a forbidden character (control character or backslash) at index " + i);
            }
        }
        if (key.startsWith("/")) {
            throw new IllegalArgumentException(property + " '" + printable(key) + "' must not start with '/'");
        }
        if (key.endsWith("/")) {
            throw new IllegalArgumentException(property + " '" + printable(key) + "' must not end with '/'");
        }
        if (key.contains("//")) {
            throw new IllegalArgumentException(property + " '" + printable(key) + "' must not contain '//'");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                throw new IllegalArgumentException(property + " '" + printable(key) + "' must not contain a '.' or '..' segment");
            }
        }
        return key;
    }

    /**
     * A key as it may be printed in a message: control and non-ASCII characters escaped as {@code \\uXXXX},
     * cut after 200 characters.
     *
     * @param key the key, not null
     * @return the printable form
     */
    public static String printable(String key) {
        StringBuilder out = new StringBuilder(Math.min(key.length(), PRINTED_CHARACTERS));
        for (int i = 0; i < key.length() && i < PRINTED_CHARACTERS; i++) {
            char ch = key.charAt(i);
            if (Character.isISOControl(ch) || ch > 0x7e) {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
            } else {
                out.append(ch);
            }
        }
        return key.length() > PRINTED_CHARACTERS ? out + "..." : out.toString();
    }
}
