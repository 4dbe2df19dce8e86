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
 * pools, leaderboards (bounded staleness: 5 s, refreshed in the background after 2 s), activity content (inline or resolved from S3, one entry
 * per activity), the students' directory (school, class, name) and the questions' answer keys.
 *
 * <p>Thread-safe; the regions close with the node.
 */
final class ModuleCaches {
    /** How stale a leaderboard may be: answers move points all the time. */
    static final Duration LEADERBOARD_TTL = Duration.ofSeconds(5);
    /**
     * When a read of a leaderboard reloads it in the background while still answering from the cache: a
     * school's board read at least once in the last 3 s of its {@link #LEADERBOARD_TTL} never expires, so
     * readers do not wait for the query every 5 s; the staleness bound stays 5 s.
     */
    static final Duration LEADERBOARD_REFRESH = Duration.ofSeconds(2);
    /**
     * The in-process bound of the content region, in characters of JSON: contents are 2 to 24 KiB, so an
     * entry count says little about memory; 256 Mi characters hold the current term's content of
     * hundreds of schools (about 9 KiB each on average).
     */
    static final long CONTENT_L1_CHARS = 256L << 20;
    /** Students kept in process: the seed's 50 schools have 50,000. */
    static final long STUDENTS_L1_ENTRIES = 200_000;
    /** Answer keys kept in process: one per question of the bank. */
    static final long ANSWER_KEYS_L1_ENTRIES = 50_000;

    private final MultiLevelCache<String, ClassActivities> pending;
    private final MultiLevelCache<String, List<Question>> questionPools;
    private final MultiLevelCache<Integer, List<LeaderboardEntry>> leaderboards;
    private final MultiLevelCache<Long, String> content;
    private final MultiLevelCache<Long, Student> students;
    private final MultiLevelCache<Long, AnswerKey> answerKeys;

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
                .ttl(LEADERBOARD_TTL).maxL1Age(LEADERBOARD_TTL).refreshAfterWrite(LEADERBOARD_REFRESH).build());
        // one entry per activity, whether its content is inline or offloaded; behind it the offloader keeps the
        // offloaded bytes in this process (VerifiedContentCache), the copy that outlives a flush of this region
        this.content = node.region(RegionConfig.builder("activity-content", KeyCodec.longs(), ValueCodec.utf8())
                .ttl(TtlTier.WARM).maximumWeight(CONTENT_L1_CHARS, (id, json) -> json.length()).build());
        this.students = node.region(RegionConfig.builder("students", KeyCodec.longs(),
                JacksonValueCodec.of(mapper, Student.class)).ttl(TtlTier.COLD).maximumSize(STUDENTS_L1_ENTRIES).build());
        this.answerKeys = node.region(RegionConfig.builder("answer-keys", KeyCodec.longs(),
                JacksonValueCodec.of(mapper, AnswerKey.class)).ttl(TtlTier.COLD).maximumSize(ANSWER_KEYS_L1_ENTRIES)
                .build());
        // a fresh database per run: whatever an earlier run left in Redis belongs to other rows
        pending.invalidateAll();
        questionPools.invalidateAll();
        leaderboards.invalidateAll();
        content.invalidateAll();
        students.invalidateAll();
        answerKeys.invalidateAll();
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

    MultiLevelCache<Long, Student> students() {
        return students;
    }

    MultiLevelCache<Long, AnswerKey> answerKeys() {
        return answerKeys;
    }

    /**
     * A student as the answer path and the grade book need them.
     *
     * @param schoolId the school (the key of the student's performance summary, with the student)
     * @param classId the class
     * @param displayName the name shown in grade books
     */
    record Student(int schoolId, long classId, String displayName) {
    }

    /**
     * What grading an answer needs, never sent to students.
     *
     * @param correctOption the correct option's position
     * @param difficulty 1 to 3; a correct answer earns ten points per level
     */
    record AnswerKey(int correctOption, int difficulty) {
    }
}
