package dev.quadrangle.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.quadrangle.benchmarks.HotPathRows.AuditRow;
import dev.quadrangle.benchmarks.HotPathRows.GradeLine;
import dev.quadrangle.benchmarks.HotPathRows.StudentGrades;
import dev.quadrangle.samples.data.CampusScale;
import dev.quadrangle.samples.schema.CampusCalendar;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The data set, a HikariCP pool on it and the {@link HotPaths}, shared by every {@link HotPathBenchmark}
 * method; the setup also precomputes each school's deep grade book position and checks once that every
 * pair returns the same rows before and after.
 */
@State(Scope.Benchmark)
public class HotPathCampus {
    /** Students whose dashboards are read (and cached): a fixed random sample. */
    static final int DASHBOARD_STUDENTS = 2_000;
    /** How deep in a school's grade book the page lies. */
    static final double GRADE_DEPTH = 0.9;
    /** The term the class lists, grade books and dashboards show. */
    static final int TERM = CampusCalendar.CURRENT_TERM;

    HotPathDataset dataset;
    HikariDataSource pool;
    HotPaths paths;
    CampusScale scale;
    int[] dashboardStudents;
    int[] gradeOffsets;
    long[][] gradeCursors;

    /** Opens (or first builds) the data set, precomputes the grade book positions and checks the pairs. */
    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        dataset = HotPathDataset.open();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(dataset.jdbcUrl());
        config.setUsername("postgres");
        config.setPoolName("hotpath");
        config.setMaximumPoolSize(4);
        pool = new HikariDataSource(config);
        paths = new HotPaths(pool, HotPathDataset.calendar());
        scale = HotPathDataset.scale();
        SplittableRandom random = new SplittableRandom(HotPathDataset.SEED);
        dashboardStudents = random.ints(DASHBOARD_STUDENTS, 0, scale.students()).toArray();
        gradePositions();
        checkPairs();
        System.out.println("data set " + dataset.directory() + ", built " + dataset.facts().get("built"));
    }

    /** Closes the pool and stops the server; the data set stays. */
    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
        dataset.close();
    }

    static long firstClass(int school) {
        return (long) (school - 1) * CampusScale.CLASSES_PER_SCHOOL + 1;
    }

    static long lastClass(int school) {
        return (long) school * CampusScale.CLASSES_PER_SCHOOL;
    }

    int randomSchool() {
        return 1 + ThreadLocalRandom.current().nextInt(scale.schools());
    }

    long randomClass() {
        return 1 + ThreadLocalRandom.current().nextInt(scale.classes());
    }

    long randomUser() {
        return 1 + ThreadLocalRandom.current().nextLong(scale.teachers() + (long) scale.students());
    }

    int randomDashboardStudent() {
        return dashboardStudents[ThreadLocalRandom.current().nextInt(DASHBOARD_STUDENTS)];
    }

    private void gradePositions() throws SQLException {
        gradeOffsets = new int[scale.schools()];
        gradeCursors = new long[scale.schools()][];
        try (Connection c = pool.getConnection();
                PreparedStatement count = c.prepareStatement("SELECT count(*) FROM activity_grades"
                        + " WHERE term_id = ? AND class_id BETWEEN ? AND ?");
                PreparedStatement row = c.prepareStatement("SELECT class_id, student_id, activity_id FROM activity_grades"
                        + " WHERE term_id = ? AND class_id BETWEEN ? AND ? ORDER BY class_id, student_id, activity_id"
                        + " LIMIT 1 OFFSET ?")) {
            for (int school = 1; school <= scale.schools(); school++) {
                count.setInt(1, TERM);
                count.setLong(2, firstClass(school));
                count.setLong(3, lastClass(school));
                long rows;
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    rows = rs.getLong(1);
                }
                int offset = (int) (rows * GRADE_DEPTH) / HotPaths.PAGE * HotPaths.PAGE;
                if (offset < HotPaths.PAGE) {
                    throw new IllegalStateException("school " + school + " has only " + rows + " grades in term " + TERM);
                }
                row.setInt(1, TERM);
                row.setLong(2, firstClass(school));
                row.setLong(3, lastClass(school));
                row.setInt(4, offset - 1);
                try (ResultSet rs = row.executeQuery()) {
                    rs.next();
                    gradeCursors[school - 1] = new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
                }
                gradeOffsets[school - 1] = offset;
            }
        }
    }

    /** Each pair must return the same rows: otherwise the ratio compares different work. */
    private void checkPairs() throws SQLException {
        int school = scale.schools();
        List<GradeLine> offsetPage = paths.gradesOffsetPage(TERM, firstClass(school), lastClass(school),
                gradeOffsets[school - 1]);
        List<GradeLine> keysetPage = paths.gradesKeysetPage(TERM, firstClass(school), lastClass(school),
                gradeCursors[school - 1]);
        same("grade book page", offsetPage, keysetPage, HotPaths.PAGE);

        long classId = scale.classes();
        List<StudentGrades> nPlusOne = paths.classListNPlusOne(classId, TERM);
        same("class list", nPlusOne, paths.classListSingleQuery(classId, TERM), CampusScale.STUDENTS_PER_CLASS);
        if (nPlusOne.stream().allMatch(s -> s.latest().isEmpty())) {
            throw new IllegalStateException("class list of class " + classId + " shows no grades");
        }

        int auditRows = 0;
        for (long user = 1; user <= 20; user++) {
            List<AuditRow> flat = paths.auditLogUnpartitioned(user, HotPathDataset.ANCHOR);
            same("audit log of user " + user, flat, paths.auditLogPartitioned(user, HotPathDataset.ANCHOR), flat.size());
            same("indexed audit log of user " + user, flat, paths.auditLogUnpartitionedIndexed(user, HotPathDataset.ANCHOR),
                    flat.size());
            auditRows += flat.size();
        }
        if (auditRows == 0) {
            throw new IllegalStateException("no audit log rows in the last 30 days for users 1 to 20");
        }

        long student = scale.studentUserId(0);
        if (paths.summaryRecompute(student, HotPathDataset.ANCHOR) != 1
                || paths.summaryIncrement(student, true, 2, HotPathDataset.ANCHOR) != 1) {
            throw new IllegalStateException("no performance summary for student " + student);
        }
        if (paths.questionsOrderByRandom(1, CampusScale.topicId(1, 0), 1).size() != HotPaths.QUESTIONS
                || paths.questionPool(1, CampusScale.topicId(1, 0), 1).size() != CampusScale.QUESTIONS_PER_POOL) {
            throw new IllegalStateException("question bank or pools are not as generated");
        }
        Instant now = HotPathDataset.ANCHOR;
        int pending = 0;
        for (int i = 0; i < 20; i++) {
            int s = dashboardStudents[i];
            pending += paths.pendingActivities(scale.studentUserId(s), CampusScale.classOfStudent(s), TERM, now).size();
        }
        if (pending == 0) {
            throw new IllegalStateException("no pending activities on 20 dashboards");
        }
    }

    private static <T> void same(String what, List<T> before, List<T> after, int expectedSize) {
        if (!Objects.equals(before, after) || before.size() != expectedSize) {
            throw new IllegalStateException(what + ": the two ways differ or are not " + expectedSize + " rows long (before "
                    + before.size() + ", after " + after.size() + " rows)\nbefore: " + before + "\nafter:  " + after);
        }
    }
}
