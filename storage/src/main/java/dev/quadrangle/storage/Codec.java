package dev.quadrangle.storage;

import java.util.Locale;

/**
 * How offloaded content is compressed. The codec is written into the object's metadata (the
 * {@code Content-Encoding} header and {@code x-amz-meta-quadrangle-codec} on S3) and into the
 * {@link ContentRef}, and the stored bytes begin with the codec's own magic number, which
 * {@link ContentOffloader#resolve} checks before decompressing.
 */
public enum Codec {
    /** No compression. */
    IDENTITY("identity"),
    /** gzip from the JDK; the default. */
    GZIP("gzip"),
    /** Zstandard through {@code com.github.luben:zstd-jni}, which must be on the class path. */
    ZSTD("zstd");

    private final String id;

    Codec(String id) {
        this.id = id;
    }

    /** The codec's name as stored in references and metadata: {@code identity}, {@code gzip} or {@code zstd}. */
    public String id() {
        return id;
    }

    /**
     * The codec with the given {@link #id()}.
     *
     * @param id a codec name
     * @return the codec
     * @throws IllegalArgumentException when no codec has that name
     */
    public static Codec ofId(String id) {
        for (Codec codec : values()) {
            if (codec.id.equals(id == null ? null : id.toLowerCase(Locale.ROOT))) {
                return codec;
            }
        }
        throw new IllegalArgumentException("codec must be one of identity, gzip, zstd, was '" + id + "'");
    }
}
