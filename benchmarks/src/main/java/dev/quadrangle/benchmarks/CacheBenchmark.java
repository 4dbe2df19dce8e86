package dev.quadrangle.benchmarks;

import com.alicp.jetcache.MultiLevelCacheBuilder;
import com.alicp.jetcache.embedded.CaffeineCacheBuilder;
import com.alicp.jetcache.redis.lettuce.RedisLettuceCacheBuilder;
import com.alicp.jetcache.support.Fastjson2KeyConvertor;
import com.alicp.jetcache.support.JavaValueDecoder;
import com.alicp.jetcache.support.JavaValueEncoder;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.quadrangle.cache.CacheNode;
import dev.quadrangle.cache.KeyCodec;
import dev.quadrangle.cache.MultiLevelCache;
import dev.quadrangle.cache.RegionConfig;
import dev.quadrangle.cache.TtlTier;
import dev.quadrangle.cache.ValueCodec;
import dev.quadrangle.testkit.QuadrangleServices;
import dev.quadrangle.testkit.RedisNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.redisson.Redisson;
import org.redisson.api.RLocalCachedMap;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.LocalCachedMapOptions;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * Quadrangle's multi-level cache against raw Caffeine and raw Lettuce on the same 1 KB value, and
 * against the two peers' two-level caches (Redisson's local cached map, JetCache's Caffeine + Lettuce
 * multi-level cache) on a local hit, all in one run against the testkit's Redis.
 *
 * <ul>
 *   <li>{@code caffeineGet} vs {@code l1Hit}: the in-process hit (goal: at most 1.5 times).</li>
 *   <li>{@code lettuceGet} vs {@code l2Hit}: a Redis hit, rotating over 1,000 keys so that the
 *       region's one-entry L1 misses (goal: at most 1.1 times).</li>
 *   <li>{@code redissonLocalCachedHit}, {@code jetCacheBothHit}: the peers' in-process hits.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class CacheBenchmark {
    private static final String KEY = "question:42";
    private static final int L2_KEYS = 1_000;
    private static final String VALUE = "x".repeat(1024);
    private static final Function<String, String> LOADER = k -> VALUE;

    private Cache<String, String> caffeine;
    private RedisClient lettuceClient;
    private StatefulRedisConnection<byte[], byte[]> lettuce;
    private byte[][] rawKeys;
    private String[] l2Keys;
    private int next;
    private RedisClient nodeClient;
    private CacheNode node;
    private MultiLevelCache<String, String> l1Region;
    private MultiLevelCache<String, String> l2Region;
    private RedissonClient redisson;
    private RLocalCachedMap<String, String> redissonMap;
    private RedisClient jetClient;
    private com.alicp.jetcache.Cache<String, String> jetCache;

    /** Starts Redis (testkit), the clients and the caches, and fills them. */
    @Setup(Level.Trial)
    public void setUp() {
        RedisNode redis = QuadrangleServices.redis();
        caffeine = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofSeconds(60)).build();
        caffeine.put(KEY, VALUE);

        lettuceClient = RedisClient.create(uri(redis));
        lettuce = lettuceClient.connect(ByteArrayCodec.INSTANCE);
        rawKeys = new byte[L2_KEYS][];
        l2Keys = new String[L2_KEYS];
        for (int i = 0; i < L2_KEYS; i++) {
            rawKeys[i] = ("raw:" + i).getBytes(StandardCharsets.UTF_8);
            lettuce.sync().set(rawKeys[i], VALUE.getBytes(StandardCharsets.UTF_8));
            l2Keys[i] = "q:" + i;
        }

        nodeClient = RedisClient.create(uri(redis));
        node = CacheNode.builder().application("bench").redis(nodeClient).build();
        l1Region = node.region(RegionConfig.builder("l1", KeyCodec.strings(), ValueCodec.utf8()).ttl(TtlTier.WARM).build());
        l1Region.put(KEY, VALUE);
        l2Region = node.region(RegionConfig.builder("l2", KeyCodec.strings(), ValueCodec.utf8()).ttl(TtlTier.WARM)
                .maximumSize(1).build());
        for (String key : l2Keys) {
            l2Region.put(key, VALUE);
        }

        Config config = new Config();
        config.useSingleServer().setAddress(redis.uri().toString());
        redisson = Redisson.create(config);
        redissonMap = redisson.getLocalCachedMap(LocalCachedMapOptions.<String, String>name("bench-redisson")
                .codec(StringCodec.INSTANCE)
                .cacheProvider(LocalCachedMapOptions.CacheProvider.CAFFEINE)
                .syncStrategy(LocalCachedMapOptions.SyncStrategy.INVALIDATE)
                .cacheSize(10_000)
                .timeToLive(Duration.ofHours(1)));
        redissonMap.fastPut(KEY, VALUE);
        redissonMap.get(KEY);

        jetClient = RedisClient.create(uri(redis));
        com.alicp.jetcache.Cache<String, String> local = CaffeineCacheBuilder.createCaffeineCacheBuilder().limit(10_000)
                .expireAfterWrite(60, TimeUnit.SECONDS).keyConvertor(Fastjson2KeyConvertor.INSTANCE).buildCache();
        com.alicp.jetcache.Cache<String, String> remote = RedisLettuceCacheBuilder.createRedisLettuceCacheBuilder()
                .redisClient(jetClient).keyPrefix("bench-jet:").keyConvertor(Fastjson2KeyConvertor.INSTANCE)
                .valueEncoder(JavaValueEncoder.INSTANCE).valueDecoder(JavaValueDecoder.INSTANCE)
                .expireAfterWrite(1, TimeUnit.HOURS).buildCache();
        jetCache = MultiLevelCacheBuilder.createMultiLevelCacheBuilder().addCache(local, remote)
                .expireAfterWrite(1, TimeUnit.HOURS).buildCache();
        jetCache.put(KEY, VALUE);
        check();
    }

    private void check() {
        if (!VALUE.equals(l1Hit()) || !VALUE.equals(l2Hit()) || !VALUE.equals(redissonLocalCachedHit())
                || !VALUE.equals(jetCacheBothHit()) || lettuceGet().length != VALUE.length()) {
            throw new IllegalStateException("a cache under test does not return the 1 KB value");
        }
    }

    private static RedisURI uri(RedisNode redis) {
        RedisURI uri = RedisURI.create(redis.uri());
        uri.setLibraryName("");
        uri.setLibraryVersion("");
        return uri;
    }

    /** Closes what the benchmark opened. */
    @TearDown(Level.Trial)
    public void tearDown() {
        jetCache.close();
        jetClient.shutdown();
        redisson.shutdown();
        node.close();
        nodeClient.shutdown();
        lettuce.close();
        lettuceClient.shutdown();
    }

    /** @return the value from raw Caffeine */
    @Benchmark
    public String caffeineGet() {
        return caffeine.getIfPresent(KEY);
    }

    /** @return the value from the region's L1 */
    @Benchmark
    public String l1Hit() {
        return l1Region.get(KEY, LOADER);
    }

    /** @return the value from a raw Lettuce sync GET */
    @Benchmark
    public byte[] lettuceGet() {
        return lettuce.sync().get(rawKeys[nextIndex()]);
    }

    /** @return the value from the region's L2 (its one-entry L1 misses) */
    @Benchmark
    public String l2Hit() {
        return l2Region.get(l2Keys[nextIndex()], LOADER);
    }

    /** @return the value from Redisson's local cached map */
    @Benchmark
    public String redissonLocalCachedHit() {
        return redissonMap.get(KEY);
    }

    /** @return the value from JetCache's two-level cache (its local level) */
    @Benchmark
    public String jetCacheBothHit() {
        return jetCache.get(KEY);
    }

    private int nextIndex() {
        int i = next + 1;
        if (i == L2_KEYS) {
            i = 0;
        }
        next = i;
        return i;
    }
}
