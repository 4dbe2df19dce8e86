package dev.quadrangle.storage;

import dev.quadrangle.spi.ContentKeyRules;
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
    /** The longest key accepted, in characters (S3's own limit is 1,024 bytes); {@link ContentKeyRules#MAX_KEY_LENGTH}. */
    public static final int MAX_KEY_LENGTH = ContentKeyRules.MAX_KEY_LENGTH;

    private static final Pattern SEGMENT = Pattern.compile(SEGMENT_PATTERN);
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private ContentKeys() {
    }

    /**
     * Checks a key: not empty, at most {@value #MAX_KEY_LENGTH} characters, no leading or trailing
     * {@code /}, no {@code //}, no {@code .} or {@code ..} segment, no control characters and no backslash.
     * The rules are core's {@link ContentKeyRules}, the single definition that configuration checks (such
     * as an archive key prefix) use as well.
     *
     * @param key the key
     * @return the same key
     * @throws IllegalArgumentException naming the key and the rule it breaks
     */
    public static String validate(String key) {
        return ContentKeyRules.validate(key);
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
        return ContentKeyRules.printable(s);
    }
}
