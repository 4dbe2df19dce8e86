package dev.quadrangle.storage;

import java.util.Objects;

/**
 * When and how {@link ContentOffloader} moves content out of the row: the size threshold, the codec,
 * the key prefix and the content type. Immutable and thread-safe.
 */
public final class OffloadPolicy {
    /**
     * Default inline threshold: 128 KiB of uncompressed JSON. Below it content stays in the row (one
     * S3 round trip costs more than reading a TOASTed value of that size on the same query); at and above
     * it the row keeps a reference. The measurement behind it is in {@code benchmarks/README.md} (inline threshold).
     */
    public static final int DEFAULT_INLINE_THRESHOLD_BYTES = 128 * 1024;
    /** Default codec: gzip. */
    public static final Codec DEFAULT_CODEC = Codec.GZIP;
    /** Default key prefix: {@code content}. */
    public static final String DEFAULT_KEY_PREFIX = "content";
    /** Default content type: {@code application/json}. */
    public static final String DEFAULT_CONTENT_TYPE = "application/json";
    /** Largest content accepted: 2 GiB minus a little, the largest Java array. */
    public static final int MAX_CONTENT_BYTES = Integer.MAX_VALUE - 16;

    private final int inlineThreshold;
    private final Codec codec;
    private final String keyPrefix;
    private final String contentType;

    private OffloadPolicy(Builder b) {
        this.inlineThreshold = b.inlineThreshold;
        this.codec = b.codec;
        this.keyPrefix = b.keyPrefix;
        this.contentType = b.contentType;
    }

    /** The defaults. */
    public static OffloadPolicy defaults() {
        return builder().build();
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this policy's values. */
    public Builder toBuilder() {
        return new Builder().inlineThreshold(inlineThreshold).codec(codec).keyPrefix(keyPrefix).contentType(contentType);
    }

    /** Content of at least this many bytes (uncompressed) is offloaded; 0 offloads everything. */
    public int inlineThreshold() {
        return inlineThreshold;
    }

    /** The codec for offloaded content. */
    public Codec codec() {
        return codec;
    }

    /** The first segment of every key. */
    public String keyPrefix() {
        return keyPrefix;
    }

    /** The content type recorded with offloaded content. */
    public String contentType() {
        return contentType;
    }

    @Override
    public String toString() {
        return "OffloadPolicy[inlineThreshold=" + inlineThreshold + ", codec=" + codec.id() + ", keyPrefix="
                + keyPrefix + ", contentType=" + contentType + "]";
    }

    /** Builds an {@link OffloadPolicy}; not thread-safe. */
    public static final class Builder {
        private int inlineThreshold = DEFAULT_INLINE_THRESHOLD_BYTES;
        private Codec codec = DEFAULT_CODEC;
        private String keyPrefix = DEFAULT_KEY_PREFIX;
        private String contentType = DEFAULT_CONTENT_TYPE;

        private Builder() {
        }

        /**
         * Sets the size (uncompressed bytes) from which content is offloaded.
         *
         * @param bytes 0 (offload everything) to {@value OffloadPolicy#MAX_CONTENT_BYTES}
         * @return this builder
         */
        public Builder inlineThreshold(int bytes) {
            if (bytes < 0 || bytes > MAX_CONTENT_BYTES) {
                throw new IllegalArgumentException("inlineThreshold must be between 0 and " + MAX_CONTENT_BYTES
                        + " bytes, was " + bytes);
            }
            this.inlineThreshold = bytes;
            return this;
        }

        /**
         * Sets the codec.
         *
         * @param codec the codec; {@link Codec#ZSTD} needs zstd-jni on the class path
         * @return this builder
         */
        public Builder codec(Codec codec) {
            this.codec = Objects.requireNonNull(codec, "codec");
            return this;
        }

        /**
         * Sets the key prefix.
         *
         * @param prefix a segment matching {@value ContentKeys#SEGMENT_PATTERN}
         * @return this builder
         */
        public Builder keyPrefix(String prefix) {
            this.keyPrefix = ContentKeys.validateSegment("keyPrefix", prefix);
            return this;
        }

        /**
         * Sets the content type.
         *
         * @param contentType a media type such as {@code application/json}, at most 255 printable characters
         * @return this builder
         */
        public Builder contentType(String contentType) {
            if (contentType == null || !contentType.matches("[\\x21-\\x7e][\\x20-\\x7e]{0,254}")) {
                throw new IllegalArgumentException("contentType must be 1 to 255 printable ASCII characters, was '"
                        + contentType + "'");
            }
            this.contentType = contentType;
            return this;
        }

        /**
         * Builds the policy.
         *
         * @return the policy
         * @throws IllegalStateException when the codec is zstd and zstd-jni is missing
         */
        public OffloadPolicy build() {
            if (codec == Codec.ZSTD && !dev.quadrangle.storage.internal.Compression.zstdAvailable()) {
                throw new IllegalStateException("codec zstd needs com.github.luben:zstd-jni on the class path");
            }
            return new OffloadPolicy(this);
        }
    }
}
