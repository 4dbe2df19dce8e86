package dev.quadrangle.samples;

import dev.quadrangle.testkit.PostgresCluster;
import dev.quadrangle.testkit.QuadrangleServices;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The campus demo: starts the services (embedded unless endpoints are configured), writes on the
 * primary, reads back from the streaming standby and prints the measured replication lag.
 *
 * <p>Run it with {@code ./mvnw -B -q -pl samples -am compile exec:java}.
 */
public final class CampusDemo {
    private static final int ROWS = 10_000;
    private static final int LAG_SAMPLES = 200;

    private CampusDemo() {
    }

    /**
     * Runs the demo.
     *
     * @param args ignored for now
     * @throws SQLException when a server fails
     */
    public static void main(String[] args) throws SQLException {
        long started = System.nanoTime();
        PostgresCluster cluster = QuadrangleServices.postgres();
        System.out.printf("PostgreSQL (%s): primary %s:%d, standby %s:%d%n", cluster.mode(),
                cluster.primary().host(), cluster.primary().port(), cluster.standby().host(), cluster.standby().port());
        try (TestDatabase db = cluster.createDatabase("campus_demo")) {
            try (Connection c = db.primary().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE enrolment (student_id bigint PRIMARY KEY, class_id int NOT NULL,"
                        + " enrolled_at timestamptz NOT NULL DEFAULT now())");
                s.execute(ReplicationLagProbe.DDL);
                s.executeUpdate("INSERT INTO enrolment (student_id, class_id) SELECT g, g % 500 FROM generate_series(1, "
                        + ROWS + ") g");
            }
            System.out.printf("wrote %,d enrolments on the primary%n", ROWS);

            cluster.awaitStandbyCaughtUp(Duration.ofSeconds(30));
            try (Connection c = db.standby().getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery(), count(*), count(DISTINCT class_id) FROM enrolment")) {
                rs.next();
                System.out.printf("read back from the standby (in recovery: %s): %,d enrolments in %d classes%n",
                        rs.getBoolean(1), rs.getLong(2), rs.getLong(3));
                if (rs.getLong(2) != ROWS) {
                    throw new IllegalStateException("standby has " + rs.getLong(2) + " rows, expected " + ROWS);
                }
            }

            long[] lag = new ReplicationLagProbe(db.primary(), db.standby(), Duration.ofSeconds(10))
                    .measure(1, LAG_SAMPLES);
            System.out.printf("replication lag, commit on primary to visible on standby, %d writes:"
                            + " p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", LAG_SAMPLES,
                    ReplicationLagProbe.percentile(lag, 50) / 1000.0, ReplicationLagProbe.percentile(lag, 99) / 1000.0,
                    lag[lag.length - 1] / 1000.0);
        }
        System.out.printf("done in %.1f s%n", (System.nanoTime() - started) / 1e9);
    }
}
