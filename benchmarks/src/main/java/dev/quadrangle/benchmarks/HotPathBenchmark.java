package dev.quadrangle.benchmarks;

import dev.quadrangle.benchmarks.HotPathRows.AuditRow;
import dev.quadrangle.benchmarks.HotPathRows.GradeLine;
import dev.quadrangle.benchmarks.HotPathRows.PendingRow;
import dev.quadrangle.benchmarks.HotPathRows.QuestionRow;
import dev.quadrangle.benchmarks.HotPathRows.StudentGrades;
import dev.quadrangle.samples.data.CampusScale;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The seeds' hot paths at the seeds' scale (50 schools, 50,000 students), each the seed's way first, then
 * Quadrangle's way, on the data set of {@link HotPathDataset} (built once, then reused from its cache
 * directory). Average time per call, in microseconds; one fork per method, each on the same data.
 *
 * <ul>
 *   <li>Question selection (seed 002): {@code ORDER BY random() LIMIT 50} on the filtered bank vs a slice
 *       of the pre-shuffled pool held in the multi-level cache.</li>
 *   <li>A school's grade book, a page at 90 % depth (seed 000's skip/take): {@code OFFSET} vs keyset,
 *       the same page, joined to the students' names after paging.</li>
 *   <li>A teacher's class list with each student's 3 latest grades in the current term (seed 004's N+1): one
 *       query per student (101 on one connection) vs one jOOQ query with the grades nested as
 *       {@code MULTISET}; both name the term's {@code created_at} range, the grades' partition key.</li>
 *   <li>A user's audit log, last 30 days, 100 newest (seed 004): the table as the seed has it before its
 *       change (unpartitioned, no {@code (user_id, timestamp)} index) vs core's {@code PartitionedRepository}
 *       on the yearly partitions with that index; {@code auditLogUnpartitionedIndexed} reads an
 *       unpartitioned copy that has the index, to show what partitioning alone changes.</li>
 *   <li>A student's dashboard, pending activities (seeds 000 and 004): the query every time vs an L1 hit
 *       and an L2 (Redis) hit of {@code MultiLevelCache}.</li>
 *   <li>Ingest of 5,000 answers (seed 002): one committed {@code INSERT} per answer vs core's
 *       {@code BatchWriter} (binary COPY in batches of 1,000), each call storing all 5,000.</li>
 *   <li>The performance summary after an answer (seed 002): recomputed from all the student's answers vs
 *       incremented; each in a transaction rolled back, so the data set stays as built.</li>
 * </ul>
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar HotPathBenchmark -rf json -rff hotpath.json}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class HotPathBenchmark {

    /** @return seed 002's random set: {@code ORDER BY random() LIMIT 50} */
    @Benchmark
    public List<QuestionRow> questionsOrderByRandom(HotPathCampus campus) throws SQLException {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        int system = 1 + r.nextInt(CampusScale.SYSTEMS);
        return campus.paths.questionsOrderByRandom(system, CampusScale.topicId(system, r.nextInt(CampusScale.TOPICS_PER_SYSTEM)),
                1 + r.nextInt(CampusScale.DIFFICULTIES));
    }

    /** @return 50 questions of a pre-shuffled pool from the cache, at a random start */
    @Benchmark
    public List<QuestionRow> questionsFromPool(HotPathCaches caches) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        int system = 1 + r.nextInt(CampusScale.SYSTEMS);
        List<QuestionRow> pool = caches.questionPool(system, CampusScale.topicId(system,
                r.nextInt(CampusScale.TOPICS_PER_SYSTEM)), 1 + r.nextInt(CampusScale.DIFFICULTIES));
        return HotPaths.slice(pool, r.nextInt(pool.size()));
    }

    /** @return a school's grade book page at 90 % depth, by {@code OFFSET} */
    @Benchmark
    public List<GradeLine> gradesOffsetPage(HotPathCampus campus) throws SQLException {
        int school = campus.randomSchool();
        return campus.paths.gradesOffsetPage(HotPathCampus.TERM, HotPathCampus.firstClass(school),
                HotPathCampus.lastClass(school), campus.gradeOffsets[school - 1]);
    }

    /** @return the same page by keyset, after the previous page's last row */
    @Benchmark
    public List<GradeLine> gradesKeysetPage(HotPathCampus campus) throws SQLException {
        int school = campus.randomSchool();
        return campus.paths.gradesKeysetPage(HotPathCampus.TERM, HotPathCampus.firstClass(school),
                HotPathCampus.lastClass(school), campus.gradeCursors[school - 1]);
    }

    /** @return a teacher's class list, one query for the students and one per student for the grades */
    @Benchmark
    public List<StudentGrades> classListNPlusOne(HotPathCampus campus) throws SQLException {
        return campus.paths.classListNPlusOne(campus.randomClass(), HotPathCampus.TERM);
    }

    /** @return the same list from one query with nested collections */
    @Benchmark
    public List<StudentGrades> classListSingleQuery(HotPathCampus campus) {
        return campus.paths.classListSingleQuery(campus.randomClass(), HotPathCampus.TERM);
    }

    /**
     * @return a user's last 30 days of audit log, 100 newest, from seed 004's table as it is before the seed's
     *     change: unpartitioned, without the {@code (user_id, timestamp)} index
     */
    @Benchmark
    public List<AuditRow> auditLogUnpartitioned(HotPathCampus campus) throws SQLException {
        return campus.paths.auditLogUnpartitioned(campus.randomUser(), HotPathDataset.ANCHOR);
    }

    /**
     * @return the same from an unpartitioned copy that has the partitions' {@code (user_id, logged_at)} index:
     *     what partitioning alone changes
     */
    @Benchmark
    public List<AuditRow> auditLogUnpartitionedIndexed(HotPathCampus campus) throws SQLException {
        return campus.paths.auditLogUnpartitionedIndexed(campus.randomUser(), HotPathDataset.ANCHOR);
    }

    /** @return a user's last 30 days through the partitioned repository */
    @Benchmark
    public List<AuditRow> auditLogPartitioned(HotPathCampus campus) {
        return campus.paths.auditLogPartitioned(campus.randomUser(), HotPathDataset.ANCHOR);
    }

    /** @return a student's pending activities, queried */
    @Benchmark
    public List<PendingRow> dashboardUncached(HotPathCampus campus) throws SQLException {
        int s = campus.randomDashboardStudent();
        return campus.paths.pendingActivities(campus.scale.studentUserId(s), CampusScale.classOfStudent(s),
                HotPathCampus.TERM, HotPathDataset.ANCHOR);
    }

    /** @return the same from the cache's L1 */
    @Benchmark
    public List<PendingRow> dashboardCached(HotPathCampus campus, HotPathCaches caches) {
        return caches.dashboard(campus.randomDashboardStudent());
    }

    /** @return the same from the cache's L2 (Redis) */
    @Benchmark
    public List<PendingRow> dashboardL2(HotPathCaches caches) {
        return caches.nextDashboardFromRedis();
    }

    /** @return 5,000 answers stored one committed {@code INSERT} at a time */
    @Benchmark
    @Warmup(iterations = 2, time = 3)
    @Measurement(iterations = 5, time = 3)
    public int answersOneByOne(HotPathCampus campus, HotPathIngest ingest) throws SQLException {
        return campus.paths.answersOneByOne(ingest.answers);
    }

    /** @return 5,000 answers stored through the batch writer */
    @Benchmark
    @Warmup(iterations = 2, time = 3)
    @Measurement(iterations = 5, time = 3)
    public long answersBatched(HotPathIngest ingest) {
        return ingest.writeBatched();
    }

    /** @return rows updated: a student's summary recomputed from all the student's answers */
    @Benchmark
    public int summaryRecompute(HotPathCampus campus) throws SQLException {
        return campus.paths.summaryRecompute(campus.scale.studentUserId(
                ThreadLocalRandom.current().nextInt(campus.scale.students())), HotPathDataset.ANCHOR);
    }

    /** @return rows updated: a student's summary incremented by one answer */
    @Benchmark
    public int summaryIncrement(HotPathCampus campus) throws SQLException {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return campus.paths.summaryIncrement(campus.scale.studentUserId(r.nextInt(campus.scale.students())), r.nextBoolean(),
                1 + r.nextInt(CampusScale.DIFFICULTIES), HotPathDataset.ANCHOR);
    }
}
