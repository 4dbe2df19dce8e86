package dev.quadrangle.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.RedisNode;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Regressions of security issue #18 item 4: user keys spelled like the cache's internal keys (a load
 * lease, a tag's generation counter) or like another tenant's space landed on those keys in Redis.
 * Every test looks at the Redis keys themselves through a raw connection.
 */
@RealServices
class KeySpaceCollisionIT {
    private TestRedis redis;
    private String app;
    private CacheNode nodeA;
    private CacheNode nodeB;

    @BeforeEach
    void twoNodes(RedisNode node) {
        redis = new TestRedis(node);
        app = "keyspace" + System.nanoTime();
        nodeA = redis.node(app, "node-a");
        nodeB = redis.node(app, "node-b");
    }

    @AfterEach
    void close() {
        redis.close();
    }

    /**
     * The issue's scenario: after a put of the user key {@code k:~lease} on node A, a get of {@code k}
     * on node B waited the whole lease TTL, because that entry sat on the Redis key of k's lease.
     */
    @Test
    void userKeyEndingInTheLeaseSuffixDoesNotHoldTheLeaseOfItsPrefix() throws Exception {
        RegionConfig<String, String> config = RegionConfig.builder("leases", KeyCodec.strings(), ValueCodec.utf8())
                .crossNodeSingleFlight(true).leaseTtl(Duration.ofSeconds(30)).build();
        MultiLevelCache<String, String> a = nodeA.region(config);
        MultiLevelCache<String, String> b = nodeB.region(config);
        a.put("k:~lease", "user value");
        Set<String> entryKeys = keys().keySet();
        assertThat(entryKeys).as("the Redis keys after one put").hasSize(1);

        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<String> got = CompletableFuture.supplyAsync(() -> b.get("k", key -> {
            loading.countDown();
            await(finish);
            return "loaded";
        }), runnable -> daemon(runnable).start());
        try {
            assertThat(loading.await(5, TimeUnit.SECONDS))
                    .as("B's loader of 'k' runs within 5 s although the lease TTL is 30 s").isTrue();
            Set<String> whileLoading = keys().keySet();
            Set<String> lease = new HashSet<>(whileLoading);
            lease.removeAll(entryKeys);
            assertThat(whileLoading).as("the entry of 'k:~lease' and, beside it, the lease of 'k'").hasSize(2)
                    .containsAll(entryKeys);
            assertThat(lease).as("the lease key of 'k'").hasSize(1).doesNotContainAnyElementsOf(entryKeys);
        } finally {
            finish.countDown();
        }
        assertThat(got.get(10, TimeUnit.SECONDS)).isEqualTo("loaded");
        assertThat(b.getIfPresent("k:~lease")).as("the user entry survived the lease of 'k'").contains("user value");
        assertThat(keys()).as("the entries of 'k:~lease' and 'k', the lease released").hasSize(2).containsKeys(
                entryKeys.toArray(String[]::new));
    }

    /**
     * A tenant named {@code ~tag} wrote its entry over the generation counter of a tag, which made an
     * invalidated tag's entries visible again to nodes that read the counter afterwards.
     */
    @Test
    void tenantNamedLikeTheTagNamespaceCannotOverwriteATagGeneration() {
        RegionConfig<String, String> config = RegionConfig.builder("docs", KeyCodec.strings(), ValueCodec.utf8())
                .tenantOf(KeySpaceCollisionIT::beforeSlash)
                .tagOf(k -> k.contains("#") ? k.substring(k.indexOf('#') + 1) : null).build();
        MultiLevelCache<String, String> a = nodeA.region(config);
        a.put("school1/doc#~tag/x", "before the tag was invalidated");
        a.invalidateTag("~tag/x");
        Map<String, String> before = keys();

        a.put("~tag/x", "written by tenant ~tag");

        Map<String, String> after = keys();
        assertThat(after).as("no existing key was written").containsAllEntriesOf(before);
        assertThat(after).as("the put added one key of its own").hasSize(before.size() + 1);
        MultiLevelCache<String, String> b = nodeB.region(config);
        assertThat(b.get("school1/doc#~tag/x", k -> "loaded after the tag invalidation"))
                .as("an entry of an invalidated tag stays invalid").isEqualTo("loaded after the tag invalidation");
        assertThat(b.getIfPresent("~tag/x")).contains("written by tenant ~tag");
    }

    /**
     * A tenant named {@code _} shared its Redis keys with the keys that have no tenant. The codec here
     * leaves the tenant out of the key text, so only the tenant's own segment of the Redis key keeps the
     * two apart.
     */
    @Test
    void tenantNamedUnderscoreIsNotTheSharedSpace() {
        RegionConfig<Scoped, String> config = RegionConfig.builder("scoped", KeyCodec.of(Scoped::id, id -> new Scoped(null, id)),
                ValueCodec.utf8()).tenantOf(Scoped::tenant).build();
        MultiLevelCache<Scoped, String> a = nodeA.region(config);
        a.put(new Scoped(null, "x"), "shared");
        a.put(new Scoped("_", "x"), "tenant _");

        assertThat(keys()).as("two entries, two Redis keys").hasSize(2);
        MultiLevelCache<Scoped, String> b = nodeB.region(config);
        assertThat(b.getIfPresent(new Scoped(null, "x"))).contains("shared");
        assertThat(b.getIfPresent(new Scoped("_", "x"))).contains("tenant _");
    }

    /**
     * A tenant or key text with an unpaired surrogate was written to Redis with a '?' in its place, so
     * tenant U+D800 and tenant "?" shared keys.
     */
    @Test
    void unpairedSurrogateCannotAliasAnotherTenantsKey() {
        RegionConfig<String, String> config = RegionConfig.builder("aliases", KeyCodec.strings(), ValueCodec.utf8())
                .tenantRequired(KeySpaceCollisionIT::beforeSlash).build();
        MultiLevelCache<String, String> a = nodeA.region(config);
        MultiLevelCache<String, String> b = nodeB.region(config);
        b.put("?/grades", "tenant ? wrote this");
        assertThatThrownBy(() -> a.put("\uD800/grades", "tenant \\uD800 wrote this"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tenant of region 'aliases' must not contain an unpaired surrogate, found one at index 0 of "
                        + "\"\\uD800\"");
        assertThatThrownBy(() -> a.get("tenant1/\uDC00", k -> "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key text of region 'aliases' must not contain an unpaired surrogate, found one at index 8 of "
                        + "\"tenant1/\\uDC00\"");
        assertThat(b.getIfPresent("?/grades")).contains("tenant ? wrote this");
        assertThat(keys()).as("only tenant ?'s entry").hasSize(1);
    }

    /** A key of the tests' tenant-scoped regions; the codec keeps only {@code id}. */
    record Scoped(String tenant, String id) {
    }

    private static String beforeSlash(String key) {
        return key.contains("/") ? key.substring(0, key.indexOf('/')) : null;
    }

    /** Every Redis key of this test's application, with its value (as ISO-8859-1 text, so that any bytes compare). */
    private Map<String, String> keys() {
        try (StatefulRedisConnection<byte[], byte[]> admin = redis.rawAdmin()) {
            Map<String, String> all = new TreeMap<>();
            for (byte[] key : admin.sync().keys(app + ":*")) {
                byte[] value = admin.sync().get(key);
                all.put(new String(key, StandardCharsets.UTF_8), value == null ? null : new String(value, StandardCharsets.ISO_8859_1));
            }
            return all;
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable runnable) {
        Thread t = new Thread(runnable, "keyspace-get");
        t.setDaemon(true);
        return t;
    }
}
