package dev.quadrangle.spring.boot.autoconfigure.cache;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import java.io.IOException;
import java.util.Objects;

/**
 * Cache values through a Jackson 2 {@link ObjectMapper}, for applications that still use Jackson 2. The
 * application's mapper is copied, never changed; the copy records the class of values held as
 * {@code Object} or a non-final type and accepts only classes of the trusted packages. Thread-safe.
 */
public final class Jackson2CacheValueSerializer implements CacheValueSerializer {
    private final ObjectMapper mapper;

    /**
     * A serializer over a copy of the application's mapper.
     *
     * @param applicationMapper the application's mapper, not changed
     * @param trusted the trusted packages
     */
    public Jackson2CacheValueSerializer(ObjectMapper applicationMapper, TrustedTypes trusted) {
        Objects.requireNonNull(applicationMapper, "applicationMapper");
        BasicPolymorphicTypeValidator.Builder ptv = BasicPolymorphicTypeValidator.builder();
        trusted.prefixes().forEach(ptv::allowIfSubType);
        this.mapper = applicationMapper.copy()
                .activateDefaultTyping(ptv.build(), ObjectMapper.DefaultTyping.NON_FINAL, JsonTypeInfo.As.PROPERTY);
    }

    @Override
    public byte[] write(Object value) {
        try {
            return mapper.writerFor(value.getClass()).writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public Object read(byte[] json, Class<?> type) {
        try {
            return mapper.readerFor(type).readValue(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + type.getName() + " from JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "Jackson 2";
    }
}
