package dev.quadrangle.spring.boot.autoconfigure.cache;

/**
 * Writes the values of Spring-managed caches as JSON and reads them back as their original class. The
 * auto-configuration provides one over the application's Jackson 3 {@code JsonMapper} (Spring Boot 4's
 * default) or, failing that, its Jackson 2 {@code ObjectMapper}; define a bean of this type to use
 * another encoding. Implementations are thread-safe.
 */
public interface CacheValueSerializer {

    /**
     * The JSON of a value, written as its own class.
     *
     * @param value the value, not {@code null}
     * @return the JSON bytes
     * @throws IllegalArgumentException when the value cannot be written
     */
    byte[] write(Object value);

    /**
     * Reads a value written by {@link #write}.
     *
     * @param json the JSON bytes
     * @param type the value's class, already checked against the trusted packages
     * @return the value
     * @throws IllegalArgumentException when the bytes cannot be read as that class
     */
    Object read(byte[] json, Class<?> type);
}
