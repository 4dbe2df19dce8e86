package dev.quadrangle.cache;

import java.util.Objects;
import java.util.function.Function;

/**
 * Turns a region's keys into the text that names them in Redis and in invalidation messages, and back.
 *
 * <p>{@code decode(encode(k))} must equal {@code k}: a node that receives an invalidation decodes the
 * key to drop it from its in-process level. Implementations are stateless and thread-safe.
 *
 * @param <K> the key type
 */
public interface KeyCodec<K> {

    /**
     * The text form of a key.
     *
     * @param key the key, not {@code null}
     * @return its text form, not {@code null}: 1 to 4,096 characters without an unpaired surrogate
     *     (any other character, {@code ':'} and {@code '~'} included, is allowed); a key whose text is
     *     not is refused with an {@link IllegalArgumentException}
     */
    String encode(K key);

    /**
     * The key named by a text form that {@link #encode} produced.
     *
     * @param text the text form
     * @return the key
     */
    K decode(String text);

    /**
     * Keys that are strings, used as they are.
     *
     * @return the codec
     */
    static KeyCodec<String> strings() {
        return of(Function.identity(), Function.identity());
    }

    /**
     * Keys that are longs, in decimal.
     *
     * @return the codec
     */
    static KeyCodec<Long> longs() {
        return of(String::valueOf, Long::valueOf);
    }

    /**
     * A codec from two functions.
     *
     * @param encoder key to text
     * @param decoder text to key
     * @param <K> the key type
     * @return the codec
     * @throws NullPointerException when a function is {@code null}
     */
    static <K> KeyCodec<K> of(Function<? super K, String> encoder, Function<String, ? extends K> decoder) {
        Objects.requireNonNull(encoder, "encoder must not be null");
        Objects.requireNonNull(decoder, "decoder must not be null");
        return new KeyCodec<>() {
            @Override
            public String encode(K key) {
                return encoder.apply(key);
            }

            @Override
            public K decode(String text) {
                return decoder.apply(text);
            }
        };
    }
}
