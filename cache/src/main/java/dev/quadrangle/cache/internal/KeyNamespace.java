package dev.quadrangle.cache.internal;

import dev.quadrangle.cache.KeyCodec;
import dev.quadrangle.cache.RegionConfig;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * Names a region's keys in Redis: {@code {app}:{region}:{tenant}:{key}}, with {@code _} as the tenant
 * of regions without tenants, and refuses keys that lack a required tenant.
 *
 * @param <K> the key type
 */
final class KeyNamespace<K> {
    static final String SHARED_TENANT = "_";
    static final int MAX_KEY_CHARS = 4096;
    private final String prefix;
    private final String region;
    private final KeyCodec<K> codec;
    private final Function<? super K, String> tenantOf;
    private final boolean tenantRequired;
    private final Function<? super K, String> tagOf;

    KeyNamespace(String application, RegionConfig<K, ?> config) {
        this.region = config.name();
        this.prefix = application + ":" + config.name();
        this.codec = config.keyCodec();
        this.tenantOf = config.tenantOf();
        this.tenantRequired = config.tenantRequired();
        this.tagOf = config.tagOf();
    }

    /** {@code {app}:{region}}: the prefix of the region's keys and counters. */
    String prefix() {
        return prefix;
    }

    String text(K key) {
        String text = codec.encode(key);
        if (text == null || text.isEmpty() || text.length() > MAX_KEY_CHARS) {
            throw new IllegalArgumentException("key text of region '" + region + "' must be 1 to " + MAX_KEY_CHARS
                    + " characters, was " + (text == null ? "null" : text.length() + " characters") + " for key " + key);
        }
        return text;
    }

    K decode(String text) {
        return codec.decode(text);
    }

    byte[] redisKey(K key) {
        return (prefix + ":" + tenant(key) + ":" + text(key)).getBytes(StandardCharsets.UTF_8);
    }

    byte[] leaseKey(byte[] redisKey) {
        byte[] suffix = ":~lease".getBytes(StandardCharsets.US_ASCII);
        byte[] lease = java.util.Arrays.copyOf(redisKey, redisKey.length + suffix.length);
        System.arraycopy(suffix, 0, lease, redisKey.length, suffix.length);
        return lease;
    }

    String tag(K key) {
        return tagOf == null ? null : tagOf.apply(key);
    }

    /** Checks the key's tenant now, before anything is read or stored. */
    void checkTenant(K key) {
        tenant(key);
    }

    private String tenant(K key) {
        if (tenantOf == null) {
            return SHARED_TENANT;
        }
        String tenant = tenantOf.apply(key);
        if (tenant == null || tenant.isBlank()) {
            if (tenantRequired) {
                throw new IllegalArgumentException("region '" + region + "' requires a tenant, but the key " + key
                        + " has " + (tenant == null ? "none" : "a blank one"));
            }
            return SHARED_TENANT;
        }
        if (tenant.indexOf(':') >= 0) {
            throw new IllegalArgumentException("tenant of region '" + region + "' must not contain ':', was '" + tenant + "'");
        }
        return tenant;
    }
}
