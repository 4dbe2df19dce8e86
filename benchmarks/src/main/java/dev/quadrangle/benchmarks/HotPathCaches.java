package dev.quadrangle.benchmarks;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quadrangle.benchmarks.HotPathRows.PendingRow;
import dev.quadrangle.benchmarks.HotPathRows.QuestionRow;
import dev.quadrangle.cache.CacheNode;
import dev.quadrangle.cache.JacksonValueCodec;
import dev.quadrangle.cache.KeyCodec;
import dev.quadrangle.cache.MultiLevelCache;
import dev.quadrangle.cache.RegionConfig;
import dev.quadrangle.cache.TtlTier;
import dev.quadrangle.samples.data.CampusScale;
import dev.quadrangle.testkit.QuadrangleServices;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Quadrangle's multi-level cache (Caffeine over the testkit's Redis) in front of {@link HotPaths}: question
 * pools (seed 002's 1-hour pool cache), and student dashboards twice, once with a normal L1 (hits in
 * process) and once with a one-entry L1 read round-robin, so that every read is an L2 (Redis) hit.
 */
@State(Scope.Benchmark)
public class HotPathCaches {
    /** Seed 004 caches the dashboard for 5 minutes. */
    static final Duration DASHBOARD_TTL = Duration.ofMinutes(5);

    private RedisClient client;
    private CacheNode node;
    private HotPathCampus campus;
    MultiLevelCache<String, List<QuestionRow>> pools;
    MultiLevelCache<Long, List<PendingRow>> dashboards;
    MultiLevelCache<Long, List<PendingRow>> dashboardsInRedis;
    private int next;

    /** Starts Redis, creates the regions, and fills them: every pool, and the sample students' dashboards. */
    @Setup(Level.Trial)
    public void setUp(HotPathCampus campus) {
        this.campus = campus;
        RedisURI uri = RedisURI.create(QuadrangleServices.redis().uri());
        uri.setLibraryName("");
        uri.setLibraryVersion("");
        client = RedisClient.create(uri);
        node = CacheNode.builder().application("hotpath").redis(client).build();
        ObjectMapper mapper = new ObjectMapper();
        JavaType questions = mapper.getTypeFactory().constructCollectionType(List.class, QuestionRow.class);
        JavaType pending = mapper.getTypeFactory().constructCollectionType(List.class, PendingRow.class);
        pools = node.region(RegionConfig.builder("question-pools", KeyCodec.strings(),
                JacksonValueCodec.<List<QuestionRow>>of(mapper, questions)).ttl(TtlTier.WARM).build());
        dashboards = node.region(RegionConfig.builder("dashboard", KeyCodec.longs(),
                JacksonValueCodec.<List<PendingRow>>of(mapper, pending)).ttl(DASHBOARD_TTL).maxL1Age(DASHBOARD_TTL)
                .build());
        dashboardsInRedis = node.region(RegionConfig.builder("dashboard-l2", KeyCodec.longs(),
                JacksonValueCodec.<List<PendingRow>>of(mapper, pending)).ttl(DASHBOARD_TTL).maximumSize(1).build());
        pools.invalidateAll();
        dashboards.invalidateAll();
        dashboardsInRedis.invalidateAll();
        for (int system = 1; system <= CampusScale.SYSTEMS; system++) {
            for (int t = 0; t < CampusScale.TOPICS_PER_SYSTEM; t++) {
                for (int difficulty = 1; difficulty <= CampusScale.DIFFICULTIES; difficulty++) {
                    questionPool(system, CampusScale.topicId(system, t), difficulty);
                }
            }
        }
        for (int student : campus.dashboardStudents) {
            dashboard(student);
            dashboardFromRedis(student);
        }
    }

    /** Closes the cache node and the Redis client (the testkit stops Redis). */
    @TearDown(Level.Trial)
    public void tearDown() {
        node.close();
        client.shutdown();
    }

    List<QuestionRow> questionPool(int system, int topic, int difficulty) {
        return pools.get(system + "/" + topic + "/" + difficulty, key -> {
            try {
                return campus.paths.questionPool(system, topic, difficulty);
            } catch (SQLException e) {
                throw new IllegalStateException("could not load question pool " + key, e);
            }
        });
    }

    List<PendingRow> dashboard(int studentIndex) {
        return load(dashboards, studentIndex);
    }

    /** The next sample student's dashboard, round-robin, so that the one-entry L1 always misses. */
    List<PendingRow> nextDashboardFromRedis() {
        int i = next + 1;
        next = i == campus.dashboardStudents.length ? 0 : i;
        return dashboardFromRedis(campus.dashboardStudents[next]);
    }

    private List<PendingRow> dashboardFromRedis(int studentIndex) {
        return load(dashboardsInRedis, studentIndex);
    }

    private List<PendingRow> load(MultiLevelCache<Long, List<PendingRow>> region, int studentIndex) {
        long student = campus.scale.studentUserId(studentIndex);
        return region.get(student, key -> {
            try {
                return campus.paths.pendingActivities(student, CampusScale.classOfStudent(studentIndex), HotPathCampus.TERM,
                        HotPathDataset.ANCHOR);
            } catch (SQLException e) {
                throw new IllegalStateException("could not load the dashboard of student " + student, e);
            }
        });
    }
}
