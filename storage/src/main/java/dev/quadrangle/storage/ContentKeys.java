package dev.quadrangle.storage;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Generation and validation of object keys. Keys are made by Quadrangle, never taken from end users,
 * and have the content-addressed form {@code {prefix}/{tenant}/{table}/{yyyy}/{mm}/{sha256}}, where the
 * hash is the SHA-256 of the stored (compressed) object, so one key always names the same bytes; every
 * store validates every key it is given anyway.
 *
 * <p>Stateless and thread-safe.
 */
public final class ContentKeys {
    /** Tenant, table and prefix segments: lowercase letters, digits, {@code _} and {@code -}, 1 to 63 characters. */
    public static final String SEGMENT_PATTERN = "[a-z0-9][a-z0-9_-]{0,62}";
    /** The longest key accepted, in characters (S3's own limit is 1,024 bytes). */
    public static final int MAX_KEY_LENGTH = 1024;

    private static final Pattern SEGMENT = Pattern.compile(SEGMENT_PATTERN);
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private ContentKeys() {
    }

    /**
     * Checks a key: not empty, at most {@value #MAX_KEY_LENGTH} characters, no leading or trailing
     * {@code /}, no {@code //}, no {@code .} or {@code ..} segment, no control characters and no backslash.
     *
     * @param key the key
     * @return the same key
     * @throws IllegalArgumentException naming the key and the rule it breaks
     */
    public static String validate(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("content key must not be empty");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("content key must be at most " + MAX_KEY_LENGTH
                    + " characters, was " + key.length());
        }
        for (int i = 0; i < key.length(); i++) {
            char ch = key.charAt(i);
            if (Character.isISOControl(ch) || ch == '\\' || Character.isSurrogate(ch) || ch == '\u2028' || ch == '\u2029') {
                throw new IllegalArgumentException("content key '" + printable(key)
                        + "' contains a forbidden character (control character or backslash) at index " + i);
            }
        }
        if (key.startsWith("/")) {
            throw new IllegalArgumentException("content key '" + printable(key) + "' must not start with '/'");
        }
        if (key.endsWith("/")) {
            throw new IllegalArgumentException("content key '" + printable(key) + "' must not end with '/'");
        }
        if (key.contains("//")) {
            throw new IllegalArgumentException("content key '" + printable(key) + "' must not contain '//'");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                throw new IllegalArgumentException("content key '" + printable(key)
                        + "' must not contain a '.' or '..' segment");
            }
        }
        return key;
    }

    /**
     * Checks a key prefix as used for listing: empty, or a valid key optionally followed by {@code /}.
     *
     * @param prefix the prefix
     * @return the same prefix
     * @throws IllegalArgumentException when it is not a valid prefix
     */
    public static String validatePrefix(String prefix) {
        if (prefix == null) {
            throw new IllegalArgumentException("content key prefix must not be null");
        }
        if (!prefix.isEmpty()) {
            validate(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
        }
        return prefix;
    }

    /**
     * Checks one segment of a key (prefix, tenant or table name) against {@value #SEGMENT_PATTERN}.
     *
     * @param property what the segment is, for the message ({@code "tenant"}, {@code "table"})
     * @param value the segment
     * @return the same value
     * @throws IllegalArgumentException naming the property, the value and the allowed form
     */
    public static String validateSegment(String property, String value) {
        if (value == null || !SEGMENT.matcher(value).matches()) {
            throw new IllegalArgumentException(property + " must match " + SEGMENT_PATTERN + ", was '"
                    + (value == null ? "null" : printable(value)) + "'");
        }
        return value;
    }

    /**
     * Builds the content-addressed key {@code {prefix}/{tenant}/{table}/{yyyy}/{mm}/{sha256}}.
     *
     * @param prefix the key prefix, a segment
     * @param tenant the tenant, a segment
     * @param table the table the content belongs to, a segment
     * @param writtenAt when the content is written (UTC year and month are used)
     * @param sha256Hex the SHA-256 of the stored object, 64 lowercase hex digits
     * @return the key
     * @throws IllegalArgumentException when a part is invalid
     */
    public static String contentKey(String prefix, String tenant, String table, ZonedDateTime writtenAt, String sha256Hex) {
        validateSegment("prefix", prefix);
        validateSegment("tenant", tenant);
        validateSegment("table", table);
        if (sha256Hex == null || !SHA256_HEX.matcher(sha256Hex).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits, was '" + sha256Hex + "'");
        }
        ZonedDateTime utc = writtenAt.withZoneSameInstant(ZoneOffset.UTC);
        return String.format(Locale.ROOT, "%s/%s/%s/%04d/%02d/%s", prefix, tenant, table, utc.getYear(),
                utc.getMonthValue(), sha256Hex);
    }

    /**
     * The key prefix under which all of a tenant's content lives: {@code {prefix}/{tenant}/}.
     *
     * @param prefix the key prefix
     * @param tenant the tenant
     * @return the tenant's prefix, ending with {@code /}
     */
    public static String tenantPrefix(String prefix, String tenant) {
        return validateSegment("prefix", prefix) + "/" + validateSegment("tenant", tenant) + "/";
    }

    static String printable(String s) {
        StringBuilder out = new StringBuilder(Math.min(s.length(), 200));
        for (int i = 0; i < s.length() && i < 200; i++) {
            char ch = s.charAt(i);
            if (Character.isISOControl(ch) || ch > 0x7e) {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
            } else {
                out.append(ch);
            }
        }
        return s.length() > 200 ? out + "..." : out.toString();
    }
}
