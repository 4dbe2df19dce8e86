package dev.quadrangle.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The small, verified reference a row keeps instead of offloaded content: where the object is, how
 * large the content is, its SHA-256, how it is compressed and what type it is.
 *
 * <p>Store it with {@link #toJson()} (a JSON object, for a {@code jsonb} or {@code text} column) and read
 * it back with {@link #parse(String)}. Immutable and thread-safe.
 *
 * @param uri the object's location, {@code baseUri + key} (e.g. {@code s3://bucket/content/t1/activity/2026/11/<sha256>})
 * @param size the uncompressed content's size in bytes
 * @param storedSize the stored (compressed) object's size in bytes
 * @param sha256 the SHA-256 of the uncompressed content, 64 lowercase hex digits
 * @param codec how the object is compressed
 * @param contentType the content's media type, e.g. {@code application/json}
 */
public record ContentRef(String uri, long size, long storedSize, String sha256, Codec codec, String contentType) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final int MAX_TEXT = 2048;

    /**
     * Validates the parts.
     *
     * @throws IllegalArgumentException when a part is missing or out of range
     */
    public ContentRef {
        if (uri == null || uri.isEmpty() || uri.length() > MAX_TEXT) {
            throw new IllegalArgumentException("uri must be 1 to " + MAX_TEXT + " characters, was '" + uri + "'");
        }
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, was " + size);
        }
        if (storedSize < 0) {
            throw new IllegalArgumentException("storedSize must be >= 0, was " + storedSize);
        }
        if (sha256 == null || !SHA256_HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits, was '" + sha256 + "'");
        }
        Objects.requireNonNull(codec, "codec");
        if (contentType == null || contentType.isEmpty() || contentType.length() > 255) {
            throw new IllegalArgumentException("contentType must be 1 to 255 characters, was '" + contentType + "'");
        }
    }

    /** This reference as a compact JSON object, for the row. */
    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("uri", uri);
        node.put("size", size);
        node.put("storedSize", storedSize);
        node.put("sha256", sha256);
        node.put("codec", codec.id());
        node.put("contentType", contentType);
        return node.toString();
    }

    /**
     * Reads a reference written by {@link #toJson()}.
     *
     * @param json the JSON text from the row
     * @return the reference
     * @throws IllegalArgumentException when the text is not a valid reference
     */
    public static ContentRef parse(String json) {
        JsonNode node;
        try {
            node = json == null ? null : JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a content reference: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a content reference: expected a JSON object");
        }
        return new ContentRef(text(node, "uri"), number(node, "size"), number(node, "storedSize"),
                text(node, "sha256"), Codec.ofId(text(node, "codec")), text(node, "contentType"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("not a content reference: field '" + field + "' must be a string");
        }
        return value.asText();
    }

    private static long number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToExactIntegral() || !value.canConvertToLong()) {
            throw new IllegalArgumentException("not a content reference: field '" + field + "' must be an integer");
        }
        return value.asLong();
    }
}
