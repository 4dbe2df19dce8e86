package dev.quadrangle.cache;

import java.nio.charset.StandardCharsets;

/**
 * Turns a region's values into the bytes stored in Redis, and back.
 *
 * <p>{@link #encode} throws for a value it cannot represent; the cache reports that to the caller of
 * {@code put} as an {@link IllegalArgumentException}. Implementations are thread-safe.
 *
 * @param <V> the value type
 * @see JacksonValueCodec
 */
public interface ValueCodec<V> {

    /**
     * The bytes of a value.
     *
     * @param value the value, not {@code null}
     * @return its bytes, not {@code null}
     * @throws RuntimeException when the value cannot be encoded
     */
    byte[] encode(V value);

    /**
     * The value of bytes that {@link #encode} produced.
     *
     * @param bytes the bytes
     * @return the value, not {@code null}
     * @throws RuntimeException when the bytes cannot be decoded
     */
    V decode(byte[] bytes);

    /**
     * Strings as UTF-8.
     *
     * @return the codec
     */
    static ValueCodec<String> utf8() {
        return new ValueCodec<>() {
            @Override
            public byte[] encode(String value) {
                return value.getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public String decode(byte[] bytes) {
                return new String(bytes, StandardCharsets.UTF_8);
            }

            @Override
            public String toString() {
                return "utf8";
            }
        };
    }

    /**
     * Byte arrays as they are (the cache does not copy them: do not change an array once cached).
     *
     * @return the codec
     */
    static ValueCodec<byte[]> bytes() {
        return new ValueCodec<>() {
            @Override
            public byte[] encode(byte[] value) {
                return value;
            }

            @Override
            public byte[] decode(byte[] bytes) {
                return bytes;
            }

            @Override
            public String toString() {
                return "bytes";
            }
        };
    }
}
