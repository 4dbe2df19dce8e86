package dev.quadrangle.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.testkit.PostgresCluster;
import dev.quadrangle.testkit.PostgresStandby;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The testkit examples of README.md and docs/testkit.md: a real primary and its streaming standby. */
@RealServices
class TestkitExampleIT {

    @BeforeAll
    static void createTable(TestDatabase db) throws SQLException {
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE note (id bigint PRIMARY KEY, body text NOT NULL)");
        }
    }

    @AfterEach
    void noDelay(PostgresStandby standby) {
        standby.setReplayDelay(Duration.ZERO);
    }

    // @start region="standby-replication"
    @Test
    void primaryWriteIsVisibleOnStandbyAfterReplay(TestDatabase db, PostgresCluster cluster) throws SQLException {
        long id = System.nanoTime();
        insert(db, id, "replicated");
        cluster.awaitStandbyCaughtUp(Duration.ofSeconds(10));
        assertThat(bodyOnStandby(db, id)).isEqualTo("replicated");
    }
    // @end

    // @start region="replay-delay"
    @Test
    void replayDelayHidesARowUntilItPasses(TestDatabase db, PostgresCluster cluster) throws SQLException {
        PostgresStandby standby = cluster.standby();
        standby.setReplayDelay(Duration.ofSeconds(5));        // every commit replays 5 s late
        long id = System.nanoTime();
        insert(db, id, "delayed");
        assertThat(bodyOnStandby(db, id)).isNull();          // not replayed yet
        standby.setReplayDelay(Duration.ZERO);
        cluster.awaitStandbyCaughtUp(Duration.ofSeconds(10));
        assertThat(bodyOnStandby(db, id)).isEqualTo("delayed");
    }
    // @end

    private static void insert(TestDatabase db, long id, String body) throws SQLException {
        try (Connection c = db.primary().getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO note VALUES (?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, body);
            ps.executeUpdate();
        }
    }

    private static String bodyOnStandby(TestDatabase db, long id) throws SQLException {
        try (Connection c = db.standby().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT body FROM note WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
