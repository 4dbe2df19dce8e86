package dev.quadrangle.spring.boot.autoconfigure.cache;

import dev.quadrangle.cache.ValueCodec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.springframework.cache.support.NullValue;
import org.springframework.util.ClassUtils;

/**
 * The codec of Spring-managed regions: Spring's cached {@code null} as one byte, any other value as its
 * class name and its JSON. A class outside the {@link TrustedTypes} is refused on read (the entry counts as
 * unreadable), never loaded. Thread-safe.
 */
final class SpringCacheValueCodec implements ValueCodec<Object> {
    private static final byte NULL = 0;
    private static final byte JSON = 1;

    private final CacheValueSerializer serializer;
    private final TrustedTypes trusted;
    private final ClassLoader classLoader;

    SpringCacheValueCodec(CacheValueSerializer serializer, TrustedTypes trusted, ClassLoader classLoader) {
        this.serializer = Objects.requireNonNull(serializer, "serializer");
        this.trusted = Objects.requireNonNull(trusted, "trusted");
        this.classLoader = classLoader;
    }

    @Override
    public byte[] encode(Object value) {
        if (value == NullValue.INSTANCE) {
            return new byte[] {NULL};
        }
        byte[] type = value.getClass().getName().getBytes(StandardCharsets.UTF_8);
        byte[] json = serializer.write(value);
        byte[] out = new byte[1 + 2 + type.length + json.length];
        out[0] = JSON;
        out[1] = (byte) (type.length >>> 8);
        out[2] = (byte) type.length;
        System.arraycopy(type, 0, out, 3, type.length);
        System.arraycopy(json, 0, out, 3 + type.length, json.length);
        return out;
    }

    @Override
    public Object decode(byte[] bytes) {
        if (bytes.length == 1 && bytes[0] == NULL) {
            return NullValue.INSTANCE;
        }
        if (bytes.length < 3 || bytes[0] != JSON) {
            throw new IllegalArgumentException("not a Spring cache value of this version");
        }
        int length = ((bytes[1] & 0xff) << 8) | (bytes[2] & 0xff);
        if (3 + length > bytes.length) {
            throw new IllegalArgumentException("truncated Spring cache value");
        }
        String className = new String(bytes, 3, length, StandardCharsets.UTF_8);
        if (!trusted.isTrusted(className)) {
            throw new IllegalArgumentException("cached class " + className + " is not in a trusted package "
                    + trusted.prefixes() + "; add it to quadrangle.cache.json.trusted-packages");
        }
        Class<?> type;
        try {
            type = ClassUtils.forName(className, classLoader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("cached class " + className + " is not on the class path", e);
        }
        return serializer.read(Arrays.copyOfRange(bytes, 3 + length, bytes.length), type);
    }

    @Override
    public String toString() {
        return "SpringCacheValueCodec[" + serializer + "]";
    }
}
