package dev.quadrangle.samples.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.samples.data.CampusGenerator;
import dev.quadrangle.samples.data.CampusLoader;
import dev.quadrangle.samples.data.CampusScale;
import dev.quadrangle.samples.data.GeneratedCampus;
import dev.quadrangle.samples.ops.GradeBookCursor;
import dev.quadrangle.samples.ops.GradeBookPage;
import dev.quadrangle.samples.ops.GradeRow;
import dev.quadrangle.samples.schema.CampusCalendar;
import dev.quadrangle.samples.schema.CampusPartitions;
import dev.quadrangle.testkit.CitusDatabase;
import dev.quadrangle.testkit.RealCitus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The campus on a real Citus coordinator: the same loader and specs as on PostgreSQL, with the grades distributed
 * by class and the shared tables made reference tables, and the sample's own grade book SQL (a join with users
 * and sub-selects on terms) running as one task on the class's shard.
 */
@RealCitus
class CampusOnCitusIT {
    private static final Logger LOG = LoggerFactory.getLogger(CampusOnCitusIT.class);
    private static GeneratedCampus campus;
    private static CitusDatabase citus;
    private static JdbcCampusBackend backend;

    @BeforeAll
    static void load(CitusDatabase db) throws SQLException {
        citus = db;
        CampusCalendar calendar = CampusCalendar.anchoredAt(Instant.now());
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        campus = new CampusLoader(db.dataSource(), quiet, false)
                .load(new CampusGenerator(CampusFixture.SEED, CampusScale.ofSchools(1), calendar), new CampusPartitions(calendar));
        // one server: its "standby" pool reads from the coordinator too
        backend = JdbcCampusBackend.open(new JdbcEndpoints(db.jdbcUrl(), db.jdbcUrl(), db.user(), db.password()), 4);
    }

    @AfterAll
    static void close() {
        if (backend != null) {
            backend.close();
        }
    }

    private static List<String> column(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = citus.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    @Test
    void gradesAreDistributedByClassAndTheSharedTablesAreReferenceTables() throws SQLException {
        assertThat(column("select logicalrelid::text || ' ' || partmethod::text || ' ' || coalesce(column_to_column_name(logicalrelid,"
                + " partkey), '-') || ' ' || (select count(*) from pg_dist_shard s where s.logicalrelid = p.logicalrelid)"
                + " from pg_dist_partition p where logicalrelid = 'activity_grades'::regclass"))
                .containsExactly("activity_grades h class_id " + CampusPartitions.GRADE_SHARDS);
        // one level on Citus: the term partitions are leaves, each distributed like the parent
        assertThat(column("select count(*) from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_dist_partition d"
                + " on d.logicalrelid = c.oid where i.inhparent = 'activity_grades'::regclass and c.relkind = 'r'")).containsExactly("3");
        assertThat(column("select relname from pg_class where relname ~ '^activity_grades_t_term_[0-9]{8}_h[0-9]+$'")).isEmpty();
        assertThat(column("select logicalrelid::text from pg_dist_partition where repmodel = 't' order by 1"))
                .containsExactlyInAnyOrderElementsOf(CampusPartitions.REFERENCE_TABLES);
        assertThat(column("select count(*) from activity_grades")).containsExactly(String.valueOf(campus.rows("activity_grades")));
    }

    @Test
    void theGradeBookRunsAsOneTaskOnTheClassShardAndPagesTheWholeClass() throws SQLException {
        int term = CampusCalendar.CURRENT_TERM;
        long classId = 3;
        try (Connection c = citus.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("EXPLAIN (COSTS OFF) " + CampusSql.GRADE_BOOK)) {
            ps.setInt(1, term);
            ps.setInt(2, term);
            ps.setInt(3, term);
            ps.setLong(4, classId);
            ps.setLong(5, 0);
            ps.setLong(6, 0);
            ps.setInt(7, 51);
            List<String> plan = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.add(rs.getString(1));
                }
            }
            LOG.info("grade book plan on Citus\n{}", String.join("\n", plan));
            // one task, and no sub-plan that would first pull a joined table whole through the coordinator
            assertThat(plan).as(String.join("\n", plan)).anyMatch(l -> l.trim().equals("Task Count: 1"))
                    .noneMatch(l -> l.contains("Task Count:") && !l.trim().equals("Task Count: 1"))
                    .noneMatch(l -> l.contains("Distributed Subplan"));
        }
        List<GradeRow> all = new ArrayList<>();
        GradeBookCursor cursor = GradeBookCursor.START;
        for (int pages = 0; cursor != null && pages < 1_000; pages++) {
            GradeBookPage page = backend.operations().gradeBook(classId, term, cursor, 37);
            all.addAll(page.rows());
            cursor = page.next();
        }
        assertThat(column("select count(*) from activity_grades where term_id = 2 and class_id = 3"))
                .containsExactly(String.valueOf(all.size()));
        assertThat(all).isNotEmpty().isSortedAccordingTo(Comparator.comparingLong(GradeRow::studentId)
                .thenComparingLong(GradeRow::activityId));
        assertThat(all).extracting(r -> r.studentId() + "/" + r.activityId()).doesNotHaveDuplicates();
    }
}
