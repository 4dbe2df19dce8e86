package dev.quadrangle.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@RealServices
class StandbyReplicationIT {

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

    @Test
    void standbyIsInRecoveryAndPrimaryIsNot(TestDatabase db) throws SQLException {
        assertThat(inRecovery(db.primary().getConnection())).isFalse();
        assertThat(inRecovery(db.standby().getConnection())).isTrue();
    }

    @Test
    void standbyRefusesWrites(TestDatabase db) throws SQLException {
        try (Connection c = db.standby().getConnection(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("INSERT INTO note VALUES (-1, 'nope')"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25006"));
        }
    }

    @Test
    void primaryWriteIsVisibleOnStandbyAfterReplay(TestDatabase db, PostgresCluster cluster) throws SQLException {
        long id = System.nanoTime();
        insert(db, id, "replicated");
        cluster.awaitStandbyCaughtUp(Duration.ofSeconds(10));
        assertThat(bodyOnStandby(db, id)).isEqualTo("replicated");
    }

    @Test
    void replayDelayHidesARowUntilItPasses(TestDatabase db, PostgresCluster cluster) throws Exception {
        PostgresStandby standby = cluster.standby();
        standby.setReplayDelay(Duration.ofSeconds(3));
        long id = System.nanoTime();
        long written = System.nanoTime();
        insert(db, id, "delayed");
        String immediately = bodyOnStandby(db, id);
        long readAfterMs = (System.nanoTime() - written) / 1_000_000;
        // the check means something only if the read came inside the delay; 3 s leaves a busy machine room
        assertThat(readAfterMs).as("first read %d ms after the insert", readAfterMs).isLessThan(3_000);
        assertThat(immediately).isNull();

        cluster.awaitStandbyCaughtUp(Duration.ofSeconds(30)); // the replay of the insert, delayed
        String later = bodyOnStandby(db, id);
        long visibleAfterMs = (System.nanoTime() - written) / 1_000_000;
        assertThat(later).isEqualTo("delayed");
        assertThat(visibleAfterMs).isGreaterThanOrEqualTo(3_000);
    }

    private static void insert(TestDatabase db, long id, String body) throws SQLException {
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO note VALUES (" + id + ", '" + body + "')");
        }
    }

    private static String bodyOnStandby(TestDatabase db, long id) throws SQLException {
        try (Connection c = db.standby().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT body FROM note WHERE id = " + id)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static boolean inRecovery(Connection connection) throws SQLException {
        try (Connection c = connection; Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
