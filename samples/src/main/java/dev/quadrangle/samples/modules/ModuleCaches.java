package dev.quadrangle.samples.modules;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quadrangle.cache.CacheNode;
import dev.quadrangle.cache.JacksonValueCodec;
import dev.quadrangle.cache.KeyCodec;
import dev.quadrangle.cache.MultiLevelCache;
import dev.quadrangle.cache.RegionConfig;
import dev.quadrangle.cache.TtlTier;
import dev.quadrangle.cache.ValueCodec;
import dev.quadrangle.samples.ops.LeaderboardEntry;
import dev.quadrangle.samples.ops.Question;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The sample's cache regions on one {@link CacheNode}: pending activities per class and term, question
 * pools, leaderboards (bounded staleness: 5 s), activity content, and the offloader's stored objects.
 *
 * <p>Thread-safe; the regions close with the node.
 */
final class ModuleCaches {
    /** How stale a leaderboard may be: answers move points all the time. */
    static final Duration LEADERBOARD_TTL = Duration.ofSeconds(5);

    private final MultiLevelCache<String, ClassActivities> pending;
    private final MultiLevelCache<String, List<Question>> questionPools;
    private final MultiLevelCache<Integer, List<LeaderboardEntry>> leaderboards;
    private final MultiLevelCache<Long, String> content;
    private final MultiLevelCache<String, byte[]> contentObjects;

    ModuleCaches(CacheNode node) {
        Objects.requireNonNull(node, "node");
        ObjectMapper mapper = new ObjectMapper();
        JavaType questions = mapper.getTypeFactory().constructCollectionType(List.class, Question.class);
        JavaType entries = mapper.getTypeFactory().constructCollectionType(List.class, LeaderboardEntry.class);
        this.pending = node.region(RegionConfig.builder("pending-activities", KeyCodec.strings(),
                JacksonValueCodec.of(mapper, ClassActivities.class)).ttl(TtlTier.HOT).build());
        this.questionPools = node.region(RegionConfig.builder("question-pools", KeyCodec.strings(),
                JacksonValueCodec.<List<Question>>of(mapper, questions)).ttl(TtlTier.WARM)
                .crossNodeSingleFlight(true).build());
        this.leaderboards = node.region(RegionConfig.builder("leaderboard",
                KeyCodec.of(String::valueOf, Integer::valueOf),
                JacksonValueCodec.<List<LeaderboardEntry>>of(mapper, entries))
                .ttl(LEADERBOARD_TTL).maxL1Age(LEADERBOARD_TTL).build());
        this.content = node.region(RegionConfig.builder("activity-content", KeyCodec.longs(), ValueCodec.utf8())
                .ttl(TtlTier.WARM).build());
        this.contentObjects = node.region(RegionConfig.builder("content-objects", KeyCodec.strings(),
                ValueCodec.bytes()).ttl(TtlTier.COLD).build());
        // a fresh database per run: whatever an earlier run left in Redis belongs to other rows
        pending.invalidateAll();
        questionPools.invalidateAll();
        leaderboards.invalidateAll();
        content.invalidateAll();
    }

    MultiLevelCache<String, ClassActivities> pending() {
        return pending;
    }

    MultiLevelCache<String, List<Question>> questionPools() {
        return questionPools;
    }

    MultiLevelCache<Integer, List<LeaderboardEntry>> leaderboards() {
        return leaderboards;
    }

    MultiLevelCache<Long, String> content() {
        return content;
    }

    MultiLevelCache<String, byte[]> contentObjects() {
        return contentObjects;
    }
}
