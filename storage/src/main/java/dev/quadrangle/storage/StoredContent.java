package dev.quadrangle.storage;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link ContentOffloader#offload} decided for one payload: either the payload itself, to keep
 * inline in the row, or a {@link ContentRef} to the offloaded object. Immutable and thread-safe.
 */
public final class StoredContent {
    private final byte[] inline;
    private final ContentRef ref;

    private StoredContent(byte[] inline, ContentRef ref) {
        this.inline = inline;
        this.ref = ref;
    }

    /**
     * Content kept in the row.
     *
     * @param json the UTF-8 JSON payload
     * @return the inline content
     */
    public static StoredContent inline(byte[] json) {
        return new StoredContent(Objects.requireNonNull(json, "json").clone(), null);
    }

    /**
     * Content offloaded to the store.
     *
     * @param ref the reference
     * @return the offloaded content
     */
    public static StoredContent offloaded(ContentRef ref) {
        return new StoredContent(null, Objects.requireNonNull(ref, "ref"));
    }

    /**
     * Rebuilds the value from a row's two columns, exactly one of which is not {@code null}.
     *
     * @param inlineJson the inline payload column
     * @param refJson the reference column ({@link ContentRef#toJson()})
     * @return the content
     * @throws IllegalArgumentException when both or neither are set, or the reference is invalid
     */
    public static StoredContent fromColumns(String inlineJson, String refJson) {
        if ((inlineJson == null) == (refJson == null)) {
            throw new IllegalArgumentException("exactly one of the inline content and the content reference must be set");
        }
        return inlineJson != null ? inline(inlineJson.getBytes(StandardCharsets.UTF_8)) : offloaded(ContentRef.parse(refJson));
    }

    /** Whether the content was offloaded (the row keeps {@link #ref()}). */
    public boolean isOffloaded() {
        return ref != null;
    }

    /** The reference, when offloaded. */
    public Optional<ContentRef> ref() {
        return Optional.ofNullable(ref);
    }

    /** The inline payload as UTF-8 JSON text, when not offloaded. */
    public Optional<String> inlineJson() {
        return inline == null ? Optional.empty() : Optional.of(new String(inline, StandardCharsets.UTF_8));
    }

    /** The inline payload's bytes (a copy), when not offloaded. */
    public Optional<byte[]> inlineBytes() {
        return inline == null ? Optional.empty() : Optional.of(inline.clone());
    }

    /** The uncompressed size of the content in bytes. */
    public long size() {
        return ref != null ? ref.size() : inline.length;
    }

    @Override
    public String toString() {
        return ref != null ? "StoredContent[offloaded " + ref.uri() + "]" : "StoredContent[inline " + inline.length + " bytes]";
    }
}
