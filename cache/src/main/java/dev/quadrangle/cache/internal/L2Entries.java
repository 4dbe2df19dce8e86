package dev.quadrangle.cache.internal;

import dev.quadrangle.cache.CacheClock;
import dev.quadrangle.cache.RegionConfig;
import io.lettuce.core.KeyValue;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A region's entries in Redis: reads with the generations they must match, writes with the jittered
 * TTL (plus stale-while-revalidate), the conditional fill and tombstones. Freshness is written and
 * checked on the node's wall clock; Redis expires keys on its own.
 *
 * @param <K> the key type
 */
final class L2Entries<K> {
    /** Writes a fill only if the entry is still the one the loader's caller saw (absent, a marker, an old value). */
    private static final String FILL = "local cur = redis.call('GET', KEYS[1]) "
            + "if ARGV[1] == '' then if cur then return 0 end "
            + "elseif (not cur) or string.sub(cur, 1, 9) ~= ARGV[1] then return 0 end "
            + "redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1";

    /** How a conditional fill ended. */
    enum Fill {
        /** Written: the entry was still the one seen. */
        STORED,
        /** Not written: a write or an invalidation changed the entry meanwhile. */
        LOST_RACE,
        /** Redis could not be used. */
        UNAVAILABLE
    }

    private final RedisGateway redis;
    private final KeyNamespace<K> keys;
    private final Generations generations;
    private final CacheClock clock;
    private final double jitter;
    private final long ttlMillis;
    private final long staleMillis;
    private final long tombstoneMillis;

    L2Entries(RegionConfig<K, ?> config, NodeContext node, KeyNamespace<K> keys, Generations generations) {
        this.redis = node.redis();
        this.keys = keys;
        this.generations = generations;
        this.clock = node.clock();
        this.jitter = config.jitter();
        this.ttlMillis = config.ttl().toMillis();
        this.staleMillis = config.staleWhileRevalidate().toMillis();
        this.tombstoneMillis = config.tombstoneTtl().toMillis();
    }

    /** Reads a key with the generations it must match; {@link L2Read#UNAVAILABLE} when Redis is not usable. */
    L2Read read(K key, byte[] redisKey) {
        if (!redis.isUsable()) {
            return L2Read.UNAVAILABLE;
        }
        try {
            Generations.Snapshot gens = generations.current(keys.tag(key));
            return L2Read.of(redis.get(redisKey), gens);
        } catch (RedisUnavailableException e) {
            return L2Read.UNAVAILABLE;
        }
    }

    /** Reads keys with one {@code MGET}; all {@link L2Read#UNAVAILABLE} when Redis is not usable. */
    L2Read[] readAll(List<K> keyList, byte[][] redisKeys) {
        L2Read[] reads = new L2Read[keyList.size()];
        Arrays.fill(reads, L2Read.UNAVAILABLE);
        if (!redis.isUsable()) {
            return reads;
        }
        try {
            Generations.Snapshot[] gens = new Generations.Snapshot[keyList.size()];
            for (int i = 0; i < gens.length; i++) {
                gens[i] = generations.current(keys.tag(keyList.get(i)));
            }
            List<KeyValue<byte[], byte[]>> values = redis.mget(redisKeys);
            for (int i = 0; i < reads.length && i < values.size(); i++) {
                KeyValue<byte[], byte[]> kv = values.get(i);
                reads[i] = L2Read.of(kv.hasValue() ? kv.getValue() : null, gens[i]);
            }
        } catch (RedisUnavailableException e) {
            Arrays.fill(reads, L2Read.UNAVAILABLE);
        }
        return reads;
    }

    /** Whether a read found a current entry that is still fresh now. */
    boolean isFresh(L2Read read) {
        return read.isCurrent() && read.envelope.isFresh(clock.currentTimeMillis());
    }

    /** Nanoseconds until a current entry stops being fresh (negative when it is not fresh). */
    long freshNanosLeft(L2Read read) {
        return TimeUnit.MILLISECONDS.toNanos(read.envelope.freshUntilMillis - clock.currentTimeMillis());
    }

    /** Whether a current value entry is past its TTL but within stale-while-revalidate. */
    boolean isServableStale(L2Read read) {
        if (staleMillis == 0 || !read.isCurrent() || read.envelope.isNegative()) {
            return false;
        }
        // Redis drops the key at the end of the window by itself; a test clock ahead of Redis's needs this check
        return clock.currentTimeMillis() < read.envelope.freshUntilMillis + staleMillis;
    }

    /** Writes a value unconditionally (a put), under the key's current generations. */
    void write(K key, byte[] redisKey, byte[] payload) throws RedisUnavailableException {
        long now = clock.currentTimeMillis();
        long ttl = jitteredTtlMillis();
        byte[] envelope = Envelope.value(generations.current(keys.tag(key)), now, now + ttl, payload);
        redis.set(redisKey, envelope, ttl + staleMillis);
    }

    /**
     * Writes a loaded value ({@code payload}) or, for {@code null}, a cached miss living
     * {@code negativeTtlMillis}, unless the entry changed since {@code seen}.
     */
    Fill fill(byte[] redisKey, L2Read seen, byte[] payload, long negativeTtlMillis) {
        long now = clock.currentTimeMillis();
        long ttl = payload == null ? negativeTtlMillis : jitteredTtlMillis();
        byte[] envelope = payload == null ? Envelope.negative(seen.generations, now, now + ttl)
                : Envelope.value(seen.generations, now, now + ttl, payload);
        try {
            long stored = redis.eval("fill", FILL, redisKey, seen.identity, envelope,
                    Long.toString(ttl + staleMillis).getBytes(StandardCharsets.US_ASCII));
            return stored == 1 ? Fill.STORED : Fill.LOST_RACE;
        } catch (RedisUnavailableException e) {
            return Fill.UNAVAILABLE;
        }
    }

    /** Replaces an entry by a tombstone, so that a fill that read the old entry cannot bring it back. */
    void tombstone(byte[] redisKey) throws RedisUnavailableException {
        redis.set(redisKey, Envelope.tombstone(), tombstoneMillis);
    }

    /** A Redis TTL with jitter, in milliseconds. */
    private long jitteredTtlMillis() {
        long cut = (long) (ThreadLocalRandom.current().nextDouble() * jitter * ttlMillis);
        return Math.max(1, ttlMillis - cut);
    }
}
