package dev.quadrangle.cache.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The generation counters of one region and of its tags, as this node knows them. A Redis entry
 * written under an older generation than the known one is ignored, which is how a region or a tag is
 * invalidated without scanning Redis.
 *
 * <p>Counters live in Redis without a TTL and move only forward: a bump never lands below the wall
 * clock in microseconds, so counters recreated after a Redis restart still exceed every earlier one.
 */
final class Generations {
    private static final String BUMP = "local v = redis.call('INCR', KEYS[1]) "
            + "local floor = tonumber(ARGV[1]) "
            + "if v < floor then redis.call('SET', KEYS[1], ARGV[1]) v = floor end "
            + "return v";
    private static final int KNOWN_TAGS = 100_000;

    /**
     * Generations that an entry is checked against, or written under.
     *
     * @param regionGen the region's generation
     * @param tagGen the key's tag's generation, 0 without a tag
     */
    record Snapshot(long regionGen, long tagGen) {
    }

    private final RedisGateway redis;
    private final KeyNamespace<?> keys;
    private final byte[] regionKey;
    private final AtomicLong regionGen = new AtomicLong();
    private final Cache<String, Long> tagGens = Caffeine.newBuilder().maximumSize(KNOWN_TAGS).build();

    Generations(RedisGateway redis, KeyNamespace<?> keys) {
        this.redis = redis;
        this.keys = keys;
        this.regionKey = keys.generationKey();
    }

    /** The generations a key with this tag ({@code null} for none) is checked against now. */
    Snapshot current(String tag) throws RedisUnavailableException {
        if (tag == null) {
            return new Snapshot(regionGen.get(), 0);
        }
        Long known = tagGens.getIfPresent(tag);
        if (known == null) {
            long read = read(keys.tagKey(tag));
            known = tagGens.asMap().merge(tag, read, Math::max);
        }
        return new Snapshot(regionGen.get(), known);
    }

    long bumpRegion() throws RedisUnavailableException {
        long gen = bump(regionKey);
        observeRegion(gen);
        return gen;
    }

    long bumpTag(String tag) throws RedisUnavailableException {
        long gen = bump(keys.tagKey(tag));
        observeTag(tag, gen);
        return gen;
    }

    void observeRegion(long gen) {
        regionGen.accumulateAndGet(gen, Math::max);
    }

    void observeTag(String tag, long gen) {
        tagGens.asMap().merge(tag, gen, Math::max);
    }

    /** Forgets what may be outdated and reads the region's counter again (after missed messages). */
    void resync() {
        tagGens.invalidateAll();
        try {
            regionGen.set(read(regionKey));
        } catch (RedisUnavailableException e) {
            // keep the last known generation; the next resync reads it again
        }
    }

    private long read(byte[] key) throws RedisUnavailableException {
        byte[] value = redis.get(key);
        if (value == null) {
            return 0;
        }
        try {
            return Long.parseLong(new String(value, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            // not written by this cache; the next bump replaces it with a number
            return 0;
        }
    }

    private long bump(byte[] key) throws RedisUnavailableException {
        byte[] floor = Long.toString(System.currentTimeMillis() * 1000).getBytes(StandardCharsets.US_ASCII);
        return redis.eval("bump-generation", BUMP, key, floor);
    }
}
