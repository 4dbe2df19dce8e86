package dev.quadrangle.cache.internal;

import dev.quadrangle.cache.CacheLevel;
import dev.quadrangle.cache.CacheListener;
import dev.quadrangle.cache.RegionConfig;
import dev.quadrangle.cache.ValueCodec;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state and the small steps shared by a region's read, load and write paths: naming, encoding,
 * TTLs, reading Redis, installing into L1 and the conditional fill.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class RegionCore<K, V> {
    private static final Logger LOG = LoggerFactory.getLogger(RegionCore.class);
    /** Writes a fill only if the entry is still the one the loader's caller saw (absent, a marker, an old value). */
    private static final String FILL = "local cur = redis.call('GET', KEYS[1]) "
            + "if ARGV[1] == '' then if cur then return 0 end "
            + "elseif (not cur) or string.sub(cur, 1, 9) ~= ARGV[1] then return 0 end "
            + "redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1";

    final String name;
    final RegionConfig<K, V> config;
    final NodeContext node;
    final CacheListener listener;
    final KeyNamespace<K> keys;
    final L1Store<K, V> l1;
    final Generations generations;
    private final ValueCodec<V> codec;
    private final long l1TtlNanos;
    private final long negativeTtlNanos;
    private final long ttlMillis;
    private final long staleMillis;

    RegionCore(RegionConfig<K, V> config, NodeContext node) {
        this.name = config.name();
        this.config = config;
        this.node = node;
        this.listener = node.listener();
        this.keys = new KeyNamespace<>(node.application(), config);
        this.l1 = new L1Store<>(config, listener, node.recordsStats());
        this.generations = new Generations(node.redis(), keys);
        this.codec = config.valueCodec();
        this.l1TtlNanos = config.l1Ttl().toNanos();
        this.negativeTtlNanos = Math.min(config.negativeTtl().toNanos(), config.maxL1Age().toNanos());
        this.ttlMillis = config.ttl().toMillis();
        this.staleMillis = config.staleWhileRevalidate().toMillis();
        listener.onRegionCreated(name);
    }

    boolean cachesMisses() {
        return negativeTtlNanos > 0;
    }

    /** Encodes a value for a put; bad values are the caller's error. */
    byte[] encodeForPut(K key, V value) {
        byte[] bytes;
        try {
            bytes = codec.encode(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot encode the value for key " + key + " in region '" + name
                    + "' with codec " + codec + ": " + e.getMessage(), e);
        }
        if (bytes == null) {
            throw new IllegalArgumentException("codec " + codec + " of region '" + name + "' encoded the value for key "
                    + key + " as null");
        }
        if (bytes.length > config.maxValueBytes()) {
            throw new IllegalArgumentException("value for key " + key + " in region '" + name + "' is " + bytes.length
                    + " bytes encoded; maxValueBytes is " + config.maxValueBytes());
        }
        return bytes;
    }

    /** Encodes a loaded value; one that cannot be stored in Redis stays in L1 only. */
    byte[] encodeForFill(K key, V value) {
        try {
            return encodeForPut(key, value);
        } catch (IllegalArgumentException e) {
            LOG.warn("loaded value kept in this node's L1 only: {}", e.getMessage());
            return null;
        }
    }

    /** A Redis TTL with jitter, in milliseconds. */
    long jitteredTtlMillis() {
        long jitter = (long) (ThreadLocalRandom.current().nextDouble() * config.jitter() * ttlMillis);
        return Math.max(1, ttlMillis - jitter);
    }

    byte[] valueEnvelope(Generations.Snapshot gens, long now, long ttl, byte[] payload) {
        return Envelope.value(gens, now, now + ttl, payload);
    }

    long redisTtlMillis(long ttl) {
        return ttl + staleMillis;
    }

    /** Reads a key in Redis with the generations it must match; {@link L2Read#UNAVAILABLE} when Redis is not usable. */
    L2Read read(K key, byte[] redisKey) {
        if (!node.redis().isUsable()) {
            return L2Read.UNAVAILABLE;
        }
        try {
            Generations.Snapshot gens = generations.current(keys.tag(key));
            return L2Read.of(node.redis().get(redisKey), gens);
        } catch (RedisUnavailableException e) {
            return L2Read.UNAVAILABLE;
        }
    }

    /**
     * The value a read found, installed in L1: {@code null} when nothing usable was found (the caller
     * loads), empty for a cached miss when misses are wanted.
     */
    Optional<V> usable(K key, L2Read read, long epoch, boolean wantMisses) {
        if (!read.isCurrent()) {
            listener.onGet(name, CacheLevel.L2, false, 1);
            return null;
        }
        Envelope e = read.envelope;
        long now = System.currentTimeMillis();
        if (!e.isFresh(now) || (e.isNegative() && !wantMisses)) {
            listener.onGet(name, CacheLevel.L2, false, 1);
            return null;
        }
        V value = null;
        if (!e.isNegative()) {
            value = decode(e.payload);
            if (value == null) {
                listener.onGet(name, CacheLevel.L2, false, 1);
                return null;
            }
        }
        listener.onGet(name, CacheLevel.L2, true, 1);
        long left = TimeUnit.MILLISECONDS.toNanos(e.freshUntilMillis - now);
        l1.install(key, entry(value, Math.min(left, value == null ? negativeTtlNanos : l1TtlNanos)), epoch);
        return Optional.ofNullable(value);
    }

    /** The stale value of an entry past its TTL but within stale-while-revalidate, or {@code null}. */
    V stale(L2Read read) {
        if (staleMillis == 0 || !read.isCurrent() || read.envelope.isNegative()) {
            return null;
        }
        return decode(read.envelope.payload);
    }

    V decode(byte[] payload) {
        try {
            return codec.decode(payload);
        } catch (RuntimeException e) {
            LOG.warn("region '{}' cannot decode a Redis entry with codec {}; treating it as a miss: {}", name, codec, e.toString());
            return null;
        }
    }

    /** An L1 entry for a value ({@code null} for a miss), with at most the given life (shorter while degraded). */
    L1Entry<V> entry(V value, long ttlNanos) {
        long life = Math.max(1, ttlNanos);
        if (node.degraded()) {
            life = Math.min(life, node.degradedL1TtlNanos());
        }
        long now = System.nanoTime();
        return new L1Entry<>(value, now, life >= l1TtlNanos ? L1Entry.NO_DEADLINE : now + life);
    }

    L1Entry<V> entry(V value) {
        return entry(value, value == null ? negativeTtlNanos : l1TtlNanos);
    }

    /**
     * Stores a loaded value (or miss) in Redis unless the entry changed since {@code seen}, then in L1;
     * a fill that lost to a write or an invalidation is not cached anywhere.
     */
    void fill(K key, byte[] redisKey, L2Read seen, Optional<V> loaded, long epoch) {
        if (loaded.isEmpty() && !cachesMisses()) {
            return;
        }
        V value = loaded.orElse(null);
        if (!seen.available) {
            l1.install(key, entry(value, node.degradedL1TtlNanos()), epoch);
            return;
        }
        byte[] payload = value == null ? null : encodeForFill(key, value);
        if (value != null && payload == null) {
            l1.install(key, entry(value), epoch);
            return;
        }
        long now = System.currentTimeMillis();
        long ttl = value == null ? TimeUnit.NANOSECONDS.toMillis(negativeTtlNanos) : jitteredTtlMillis();
        byte[] envelope = value == null ? Envelope.negative(seen.generations, now, now + ttl)
                : valueEnvelope(seen.generations, now, ttl, payload);
        try {
            long stored = node.redis().eval("fill", FILL, redisKey, seen.identity, envelope,
                    Long.toString(redisTtlMillis(ttl)).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            if (stored == 1) {
                l1.install(key, entry(value), epoch);
            }
        } catch (RedisUnavailableException e) {
            l1.install(key, entry(value, node.degradedL1TtlNanos()), epoch);
        }
    }

    /** Runs the loader, timing it for the listener. */
    Optional<V> load(K key, Function<? super K, Optional<? extends V>> loader) {
        long start = System.nanoTime();
        boolean ok = false;
        try {
            Optional<? extends V> result = loader.apply(key);
            if (result == null) {
                throw new NullPointerException("loader of region '" + name + "' returned null for key " + key);
            }
            ok = true;
            return Optional.ofNullable(result.orElse(null));
        } finally {
            listener.onLoad(name, System.nanoTime() - start, ok);
        }
    }
}
