package dev.quadrangle.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quadrangle.spi.ReadThroughCache;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.RedisNode;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@RealServices
class BadInputIT {
    private TestRedis redis;
    private CacheNode nodeA;
    private CacheNode nodeB;

    @BeforeEach
    void nodes(RedisNode node) {
        redis = new TestRedis(node);
        String app = "bad" + System.nanoTime();
        nodeA = redis.node(app, "node-a");
        nodeB = redis.node(app, "node-b");
    }

    @AfterEach
    void close() {
        redis.close();
    }

    @Test
    void valueTheCodecCannotEncodeFailsAtPutAndLeavesTheOldValue() {
        RegionConfig<String, Object> config = RegionConfig.builder("docs", KeyCodec.strings(),
                JacksonValueCodec.of(new ObjectMapper(), Object.class)).build();
        MultiLevelCache<String, Object> a = nodeA.region(config);
        MultiLevelCache<String, Object> b = nodeB.region(config);
        a.put("k1", Map.of("title", "kept"));
        assertThatThrownBy(() -> a.put("k1", new Object()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot encode the value for key k1 in region 'docs' with codec json(java.lang.Object): "
                        + "Jackson cannot write java.lang.Object as JSON: No serializer found for class java.lang.Object");
        assertThat(a.getIfPresent("k1")).contains(Map.of("title", "kept"));
        assertThat(b.getIfPresent("k1")).contains(Map.of("title", "kept"));
    }

    @Test
    void valueOverTheSizeLimitFailsAtPutAndLeavesTheOldValue() {
        MultiLevelCache<String, String> a = nodeA.region(RegionConfig.builder("small", KeyCodec.strings(), ValueCodec.utf8())
                .maxValueBytes(16).build());
        a.put("big", "0123456789abcdef");
        assertThatThrownBy(() -> a.put("big", "0123456789abcdefg"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("value for key big in region 'small' is 17 bytes encoded; maxValueBytes is 16");
        assertThat(a.getIfPresent("big")).contains("0123456789abcdef");
    }

    @Test
    void nullKeysAndValuesAreRefused() {
        MultiLevelCache<String, String> a = nodeA.region(Scenarios.region("nulls").build());
        assertThatThrownBy(() -> a.get(null, k -> "x")).isInstanceOf(NullPointerException.class).hasMessage("key must not be null");
        assertThatThrownBy(() -> a.put(null, "x")).isInstanceOf(NullPointerException.class).hasMessage("key must not be null");
        assertThatThrownBy(() -> a.put("k", null)).isInstanceOf(NullPointerException.class).hasMessage("value must not be null");
        assertThatThrownBy(() -> a.invalidate(null)).isInstanceOf(NullPointerException.class).hasMessage("key must not be null");
        assertThatThrownBy(() -> a.getIfPresent(null)).isInstanceOf(NullPointerException.class).hasMessage("key must not be null");
        assertThatThrownBy(() -> a.get("k", k -> null)).isInstanceOf(NullPointerException.class)
                .hasMessage("loader of region 'nulls' returned null for key k");
        assertThat(a.getIfPresent("k")).isEmpty();
    }

    @Test
    void regionRequiringATenantRefusesKeysWithout() {
        MultiLevelCache<String, String> grades = nodeA.region(RegionConfig.builder("grades", KeyCodec.strings(), ValueCodec.utf8())
                .tenantRequired(k -> k.contains("/") ? k.substring(0, k.indexOf('/')) : null).build());
        assertThatThrownBy(() -> grades.put("student1", "A")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("region 'grades' requires a tenant, but the key student1 has none");
        assertThatThrownBy(() -> grades.get("student1", k -> "A")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("region 'grades' requires a tenant, but the key student1 has none");
        grades.put("school1/student1", "A");
        assertThat(grades.getIfPresent("school1/student1")).contains("A");
    }

    /** Security issue #18 item 5: tenants of only Unicode space or format characters were accepted. */
    @Test
    void regionRequiringATenantRefusesTenantsOfOnlyUnicodeBlanks() {
        MultiLevelCache<String, String> grades = nodeA.region(RegionConfig.builder("grades", KeyCodec.strings(), ValueCodec.utf8())
                .tenantRequired(k -> k.substring(0, k.indexOf('/'))).build());
        String[][] blanks = {
            {"\u00A0", "\\u00A0"}, {"\u2007", "\\u2007"}, {"\u202F", "\\u202F"}, {"\u200B", "\\u200B"}, {"\uFEFF", "\\uFEFF"},
            {"\u3000", "\\u3000"}, {" \t", " \\t"}, {"\u00A0\u200B ", "\\u00A0\\u200B "},
        };
        for (String[] blank : blanks) {
            String key = blank[0] + "/student1";
            String message = "region 'grades' requires a tenant, but the key " + key + " has a blank one: \"" + blank[1] + "\"";
            assertThatThrownBy(() -> grades.put(key, "A")).as("put with tenant %s", blank[1])
                    .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
            assertThatThrownBy(() -> grades.get(key, k -> "A")).as("get with tenant %s", blank[1])
                    .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
            assertThatThrownBy(() -> grades.find(key, k -> java.util.Optional.of("A"))).as("find with tenant %s", blank[1])
                    .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
            assertThatThrownBy(() -> grades.invalidate(key)).as("invalidate with tenant %s", blank[1])
                    .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
        }
        grades.put("\u00A0school1/student1", "A");
        assertThat(grades.getIfPresent("\u00A0school1/student1")).as("blanks around a real tenant are part of it").contains("A");
    }

    /**
     * A tag too long for an invalidation message made the publisher drop the whole batch of messages, so
     * other nodes kept the tag's entries; such a tag is now refused where it enters.
     */
    @Test
    void tagTooLongForAnInvalidationMessageIsRefused() {
        String tooLong = "\u0800".repeat(30_000);
        String longest = "\u0800".repeat(4_096);
        RegionConfig<String, String> config = RegionConfig.builder("tagged", KeyCodec.strings(), ValueCodec.utf8())
                .tagOf(k -> k.startsWith("long/") ? longest : k.startsWith("toolong/") ? tooLong : null).build();
        MultiLevelCache<String, String> a = nodeA.region(config);
        MultiLevelCache<String, String> b = nodeB.region(config);
        String message = "tag of region 'tagged' must be at most 4096 characters, was 30000 characters";
        assertThatThrownBy(() -> a.invalidateTag(tooLong)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
        assertThatThrownBy(() -> a.put("toolong/1", "v1")).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
        assertThatThrownBy(() -> a.get("toolong/1", k -> "v1")).isInstanceOf(IllegalArgumentException.class).hasMessage(message);

        a.put("long/1", "v1");
        assertThat(b.get("long/1", k -> "unused")).isEqualTo("v1");
        a.invalidateTag(longest);
        TestRedis.await("B to drop the entry of the longest tag", java.time.Duration.ofSeconds(5),
                () -> b.getIfPresent("long/1").isEmpty());
    }

    @Test
    void loaderExceptionsReachTheCallerAndAreNotCached() {
        ReadThroughCache<String, String> cache = nodeA.region(Scenarios.region("failing").build());
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> cache.get("k", k -> {
            calls.incrementAndGet();
            throw new IllegalStateException("database down");
        })).isInstanceOf(IllegalStateException.class).hasMessage("database down");
        assertThat(cache.get("k", k -> "loaded after " + calls.incrementAndGet())).isEqualTo("loaded after 2");
        assertThat(cache.getIfPresent("k")).contains("loaded after 2");
    }

    @Test
    void secondRegionWithTheSameNameOnANodeIsRefused() {
        nodeA.region(Scenarios.region("twice").build());
        assertThatThrownBy(() -> nodeA.region(Scenarios.region("twice").build())).isInstanceOf(IllegalStateException.class)
                .hasMessage("region 'twice' is already open on cache node node-a");
    }
}
