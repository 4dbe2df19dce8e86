package dev.quadrangle.samples.jdbc;

import dev.quadrangle.samples.data.CampusGenerator;
import dev.quadrangle.samples.data.CampusLoader;
import dev.quadrangle.samples.data.CampusScale;
import dev.quadrangle.samples.data.GeneratedCampus;
import dev.quadrangle.samples.schema.CampusCalendar;
import dev.quadrangle.samples.schema.CampusPartitions;
import dev.quadrangle.testkit.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

/** Loads a one-school campus into a test database and waits for the standby to have it. */
public final class CampusFixture {
    /** The seed the ITs use. */
    public static final long SEED = 42;

    private CampusFixture() {
    }

    /**
     * Loads a campus.
     *
     * @param db the test database
     * @param schools how many schools
     * @return what was loaded
     * @throws SQLException when loading fails
     */
    public static GeneratedCampus load(TestDatabase db, int schools) throws SQLException {
        CampusCalendar calendar = CampusCalendar.anchoredAt(Instant.now());
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        GeneratedCampus campus = new CampusLoader(db.primary(), quiet, false)
                .load(new CampusGenerator(SEED, CampusScale.ofSchools(schools), calendar), new CampusPartitions(calendar));
        db.cluster().awaitStandbyCaughtUp(Duration.ofSeconds(60));
        return campus;
    }

    /** The endpoints of a test database. */
    public static JdbcEndpoints endpoints(TestDatabase db) {
        return new JdbcEndpoints(db.primaryUrl(), db.standbyUrl(), db.user(), db.password());
    }

    /** One number from a query on the primary. */
    public static long queryLong(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
