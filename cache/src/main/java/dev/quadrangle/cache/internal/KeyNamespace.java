package dev.quadrangle.cache.internal;

import dev.quadrangle.cache.KeyCodec;
import dev.quadrangle.cache.RegionConfig;
import dev.quadrangle.spi.Arguments;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Every name the cache uses in Redis, and the checks on the user values that go into them.
 *
 * <p>The layout, with {@code {app}} and {@code {region}} names of {@code a-z 0-9 . _ -} only
 * ({@link Checks#name}):
 * <pre>
 * {app}:{region}:k:{tenant}:{text}         entry of a user key
 * {app}:{region}:i:lease:{tenant}:{text}   cross-node load lease of that key
 * {app}:{region}:i:gen                     generation counter of the region
 * {app}:{region}:i:tag:{tag}               generation counter of a tag
 * {app}:~invalidations                     pub/sub channel of the application
 * </pre>
 * {@code {text}} is the key codec's text form (1 to {@value #MAX_KEY_CHARS} characters, anything in
 * them), {@code {tag}} a tag (0 to {@value #MAX_TAG_CHARS} characters, anything in them) and
 * {@code {tenant}} the key's tenant, or the empty string for keys without one. Why no user value can
 * spell a name of something else:
 * <ul>
 * <li>the segment after the region is ours, a literal: {@code k} for user entries, {@code i} for what the
 *     cache keeps for itself; user values come only after it, so no key text, tenant or tag can move a
 *     user entry into the {@code i} space, or an internal key into the {@code k} space;
 * <li>a tenant never contains {@code ':'} and is never empty (a tenant must not be blank,
 *     {@link Arguments#isBlank(CharSequence)}), so the first {@code ':'} after {@code k:} ends it:
 *     (tenant, text) pairs map to distinct keys, and no tenant ({@code _}, {@code ~tag} or anything)
 *     names the shared space of keys without a tenant;
 * <li>in the {@code i} space the next segment ({@code lease}, {@code gen}, {@code tag}) is again ours,
 *     and the user values that follow it are last (tag) or delimited as above (tenant, text);
 * <li>the channel's second segment starts with {@code '~'}, which no region name can;
 * <li>every user value must be well-formed UTF-16: an unpaired surrogate would be written as {@code '?'}
 *     and alias another value.
 * </ul>
 * Each key is used by single-key commands and scripts only, so the keys of one entry need not share a
 * Redis Cluster slot.
 *
 * @param <K> the key type
 */
final class KeyNamespace<K> {
    /** The tenant segment of keys without a tenant; no real tenant is empty. */
    static final String SHARED_TENANT = "";
    static final int MAX_KEY_CHARS = 4096;
    static final int MAX_TAG_CHARS = 4096;
    private static final String ENTRIES = "k:";
    private static final String LEASES = "i:lease:";
    private static final String GENERATION = "i:gen";
    private static final String TAGS = "i:tag:";
    private final String region;
    private final String prefix;
    private final byte[] entryPrefix;
    private final byte[] leasePrefix;
    private final KeyCodec<K> codec;
    private final Function<? super K, String> tenantOf;
    private final boolean tenantRequired;
    private final Function<? super K, String> tagOf;

    KeyNamespace(String application, RegionConfig<K, ?> config) {
        this.region = config.name();
        this.prefix = application + ":" + config.name() + ":";
        this.entryPrefix = utf8(prefix + ENTRIES);
        this.leasePrefix = utf8(prefix + LEASES);
        this.codec = config.keyCodec();
        this.tenantOf = config.tenantOf();
        this.tenantRequired = config.tenantRequired();
        this.tagOf = config.tagOf();
    }

    /** The channel on which the nodes of an application exchange invalidations. */
    static byte[] invalidationChannel(String application) {
        return utf8(application + ":~invalidations");
    }

    String text(K key) {
        String text = codec.encode(key);
        if (text == null || text.isEmpty() || text.length() > MAX_KEY_CHARS) {
            throw new IllegalArgumentException("key text of region '" + region + "' must be 1 to " + MAX_KEY_CHARS
                    + " characters, was " + (text == null ? "null" : text.length() + " characters") + " for key " + key);
        }
        return wellFormed("key text", text);
    }

    K decode(String text) {
        return codec.decode(text);
    }

    /**
     * The Redis key of a user key's entry, after checking its tenant, its text and its tag.
     *
     * @throws IllegalArgumentException when the tenant, the text or the tag is not allowed
     */
    byte[] entryKey(K key) {
        String tenant = tenant(key);
        String text = text(key);
        checkTagOf(key);
        return utf8(prefix + ENTRIES + tenant + ":" + text);
    }

    /** The Redis key of the load lease of the entry at {@code entryKey}. */
    byte[] leaseKey(byte[] entryKey) {
        if (entryKey.length < entryPrefix.length || !Arrays.equals(entryKey, 0, entryPrefix.length, entryPrefix, 0, entryPrefix.length)) {
            throw new IllegalArgumentException("not an entry key of region '" + region + "': "
                    + new String(entryKey, StandardCharsets.UTF_8));
        }
        byte[] lease = Arrays.copyOf(leasePrefix, leasePrefix.length + entryKey.length - entryPrefix.length);
        System.arraycopy(entryKey, entryPrefix.length, lease, leasePrefix.length, entryKey.length - entryPrefix.length);
        return lease;
    }

    /** The Redis key of the region's generation counter. */
    byte[] generationKey() {
        return utf8(prefix + GENERATION);
    }

    /**
     * The Redis key of a tag's generation counter.
     *
     * @throws IllegalArgumentException when the tag is not allowed ({@link #checkTag})
     */
    byte[] tagKey(String tag) {
        return utf8(prefix + TAGS + checkTag(tag));
    }

    /** The key's tag as {@code tagOf} gives it, unchecked; {@code null} for none. */
    String tag(K key) {
        return tagOf == null ? null : tagOf.apply(key);
    }

    /**
     * Checks a tag: at most {@value #MAX_TAG_CHARS} characters (it travels in invalidation messages) and
     * well-formed UTF-16.
     */
    String checkTag(String tag) {
        if (tag.length() > MAX_TAG_CHARS) {
            throw new IllegalArgumentException("tag of region '" + region + "' must be at most " + MAX_TAG_CHARS
                    + " characters, was " + tag.length() + " characters");
        }
        return wellFormed("tag", tag);
    }

    /**
     * Checks the key's tenant, text and tag now, before anything is read or stored.
     *
     * @throws IllegalArgumentException when one of them is not allowed
     */
    void check(K key) {
        tenant(key);
        text(key);
        checkTagOf(key);
    }

    private void checkTagOf(K key) {
        String tag = tag(key);
        if (tag != null) {
            checkTag(tag);
        }
    }

    private String tenant(K key) {
        if (tenantOf == null) {
            return SHARED_TENANT;
        }
        String tenant = tenantOf.apply(key);
        if (Arguments.isBlank(tenant)) {
            if (tenantRequired) {
                throw new IllegalArgumentException("region '" + region + "' requires a tenant, but the key " + key
                        + " has " + (tenant == null ? "none" : "a blank one: \"" + Arguments.escape(tenant) + "\""));
            }
            return SHARED_TENANT;
        }
        if (tenant.indexOf(':') >= 0) {
            throw new IllegalArgumentException("tenant of region '" + region + "' must not contain ':', was '" + tenant + "'");
        }
        return wellFormed("tenant", tenant);
    }

    /** Refuses a value with an unpaired surrogate, which UTF-8 would turn into '?' (and so into another value). */
    private String wellFormed(String what, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(what + " of region '" + region + "' must not contain an unpaired surrogate, "
                        + "found one at index " + i + " of \"" + Arguments.escape(value) + "\"");
            }
        }
        return value;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
