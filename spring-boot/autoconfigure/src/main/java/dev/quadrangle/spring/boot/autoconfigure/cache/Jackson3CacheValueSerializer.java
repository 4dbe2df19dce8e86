package dev.quadrangle.spring.boot.autoconfigure.cache;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

/**
 * Cache values through a Jackson 3 {@link JsonMapper} (Spring Boot 4's default). The application's
 * mapper is copied, never changed; the copy records the class of values held as {@code Object} or a
 * non-final type (elements of collections, for example) and accepts only classes of the trusted
 * packages. Thread-safe.
 */
public final class Jackson3CacheValueSerializer implements CacheValueSerializer {
    private final JsonMapper mapper;

    /**
     * A serializer over a copy of the application's mapper.
     *
     * @param applicationMapper the application's mapper, not changed
     * @param trusted the trusted packages
     */
    public Jackson3CacheValueSerializer(JsonMapper applicationMapper, TrustedTypes trusted) {
        Objects.requireNonNull(applicationMapper, "applicationMapper");
        BasicPolymorphicTypeValidator.Builder ptv = BasicPolymorphicTypeValidator.builder();
        trusted.prefixes().forEach(ptv::allowIfSubType);
        this.mapper = applicationMapper.rebuild()
                .activateDefaultTyping(ptv.build(), DefaultTyping.NON_FINAL_AND_RECORDS, JsonTypeInfo.As.PROPERTY)
                .build();
    }

    @Override
    public byte[] write(Object value) {
        try {
            return mapper.writerFor(value.getClass()).writeValueAsBytes(value);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    @Override
    public Object read(byte[] json, Class<?> type) {
        try {
            return mapper.readerFor(type).readValue(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("cannot read " + type.getName() + " from JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "Jackson 3";
    }
}
