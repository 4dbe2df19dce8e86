package dev.quadrangle.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * A {@link ValueCodec} that stores values as JSON through a Jackson {@link ObjectMapper}.
 *
 * <p>Needs {@code com.fasterxml.jackson.core:jackson-databind} on the class path (an optional
 * dependency of this module). Thread-safe as long as the mapper is not reconfigured after it is
 * passed in.
 *
 * @param <V> the value type
 */
public final class JacksonValueCodec<V> implements ValueCodec<V> {
    private final ObjectMapper mapper;
    private final JavaType type;

    private JacksonValueCodec(ObjectMapper mapper, JavaType type) {
        this.mapper = mapper;
        this.type = type;
    }

    /**
     * A codec for one class.
     *
     * @param mapper the mapper, not {@code null}
     * @param type the value class, not {@code null}
     * @param <V> the value type
     * @return the codec
     */
    public static <V> JacksonValueCodec<V> of(ObjectMapper mapper, Class<V> type) {
        Objects.requireNonNull(mapper, "mapper must not be null");
        Objects.requireNonNull(type, "type must not be null");
        return new JacksonValueCodec<>(mapper, mapper.constructType(type));
    }

    /**
     * A codec for a generic type, such as {@code List<Long>}.
     *
     * @param mapper the mapper, not {@code null}
     * @param type the value type as Jackson describes it, not {@code null}
     * @param <V> the value type
     * @return the codec
     */
    public static <V> JacksonValueCodec<V> of(ObjectMapper mapper, JavaType type) {
        Objects.requireNonNull(mapper, "mapper must not be null");
        Objects.requireNonNull(type, "type must not be null");
        return new JacksonValueCodec<>(mapper, type);
    }

    /**
     * Writes the value as JSON.
     *
     * @throws IllegalArgumentException when Jackson cannot serialise the value
     */
    @Override
    public byte[] encode(V value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Jackson cannot write " + value.getClass().getName()
                    + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads the value from JSON.
     *
     * @throws UncheckedIOException when the bytes are not JSON of the codec's type
     */
    @Override
    public V decode(byte[] bytes) {
        try {
            return mapper.readValue(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + type + " from JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "json(" + type.toCanonical() + ")";
    }
}
