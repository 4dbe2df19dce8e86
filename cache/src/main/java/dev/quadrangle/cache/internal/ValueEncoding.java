package dev.quadrangle.cache.internal;

import dev.quadrangle.cache.RegionConfig;
import dev.quadrangle.cache.ValueCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A region's values as bytes: the codec, the size limit, and what a failure means (the caller's error
 * on a put, an L1-only value on a fill, a miss on a read).
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class ValueEncoding<K, V> {
    private static final Logger LOG = LoggerFactory.getLogger(ValueEncoding.class);
    private final String region;
    private final ValueCodec<V> codec;
    private final int maxValueBytes;

    ValueEncoding(RegionConfig<K, V> config) {
        this.region = config.name();
        this.codec = config.valueCodec();
        this.maxValueBytes = config.maxValueBytes();
    }

    /** Encodes a value for a put; bad values are the caller's error. */
    byte[] encodeForPut(K key, V value) {
        byte[] bytes;
        try {
            bytes = codec.encode(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot encode the value for key " + key + " in region '" + region
                    + "' with codec " + codec + ": " + e.getMessage(), e);
        }
        if (bytes == null) {
            throw new IllegalArgumentException("codec " + codec + " of region '" + region + "' encoded the value for key "
                    + key + " as null");
        }
        if (bytes.length > maxValueBytes) {
            throw new IllegalArgumentException("value for key " + key + " in region '" + region + "' is " + bytes.length
                    + " bytes encoded; maxValueBytes is " + maxValueBytes);
        }
        return bytes;
    }

    /** Encodes a loaded value; {@code null} for one that cannot be stored in Redis (it stays in L1 only). */
    byte[] encodeForFill(K key, V value) {
        try {
            return encodeForPut(key, value);
        } catch (IllegalArgumentException e) {
            LOG.warn("loaded value kept in this node's L1 only: {}", e.getMessage());
            return null;
        }
    }

    /** Decodes a Redis entry's payload; {@code null} when the codec cannot (the entry counts as a miss). */
    V decode(byte[] payload) {
        try {
            return codec.decode(payload);
        } catch (RuntimeException e) {
            LOG.warn("region '{}' cannot decode a Redis entry with codec {}; treating it as a miss: {}", region, codec, e.toString());
            return null;
        }
    }
}
