package dev.quadrangle.routing;

import static dev.quadrangle.routing.RoutingFixtures.inRecovery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quadrangle.spi.ConsistencyToken;
import dev.quadrangle.spi.RoutedConnection;
import dev.quadrangle.routing.RoutingFixtures.RecordingListener;
import dev.quadrangle.testkit.PostgresCluster;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every way into the routing data source lands where specified, checked on the server that answered. */
@RealServices
class RoutingEntryPathsIT {
    private static final RecordingListener LISTENER = new RecordingListener();
    private static RoutingDataSource routing;

    @BeforeAll
    static void start(TestDatabase db) throws SQLException {
        RoutingFixtures.onPrimary(db, "CREATE TABLE note (id bigint PRIMARY KEY, body text NOT NULL)");
        RoutingFixtures.onPrimary(db, "CREATE SEQUENCE note_seq");
        db.cluster().awaitStandbyCaughtUp(Duration.ofSeconds(10));
        routing = RoutingFixtures.routing(db, LISTENER, b -> b);
    }

    @AfterAll
    static void stop() {
        routing.close();
    }

    @BeforeEach
    void replicaIsEligibleAndCaughtUp(PostgresCluster cluster) {
        RoutingFixtures.await("the standby is eligible", Duration.ofSeconds(10),
                () -> RoutingFixtures.eligible(routing, "standby"));
        // earlier tests wrote in this thread's implicit scope: its token must be satisfiable by the standby
        cluster.awaitStandbyCaughtUp(Duration.ofSeconds(10));
    }

    @Test
    void plainConnectionGoesToThePrimary() throws SQLException {
        try (Connection c = routing.getConnection()) {
            assertThat(inRecovery(c)).isFalse();
            assertThat(c.isReadOnly()).isFalse();
        }
    }

    @Test
    void readOnlySetAfterGetConnectionGoesToAReplica() throws SQLException {
        try (Connection c = routing.getConnection()) {
            c.setReadOnly(true);
            assertThat(inRecovery(c)).isTrue();
            assertThat(c.unwrap(RoutedConnection.class)).hasToString("RoutedConnection[standby, read_only]");
        }
    }

    @Test
    void springTransactionManagerOrderGoesToAReplicaForTheWholeTransaction() throws SQLException {
        try (Connection c = routing.getConnection()) {
            c.setReadOnly(true);
            c.setAutoCommit(false);
            assertThat(inRecovery(c)).isTrue();
            assertThat(inRecovery(c)).isTrue();
            c.commit();
            c.setReadOnly(false);
            c.setAutoCommit(true);
            assertThat(inRecovery(c)).as("back to read-write after the transaction").isFalse();
        }
    }

    @Test
    void readOnlyUnitOpenedBeforeGetConnectionGoesToAReplica() throws SQLException {
        boolean recovery = routing.readOnly(() -> {
            try (Connection c = routing.getConnection()) {
                assertThat(c.isReadOnly()).isTrue();
                return inRecovery(c);
            }
        });
        assertThat(recovery).isTrue();
    }

    @Test
    void readOnlyAfterAutoCommittedUseMovesToAReplica() throws SQLException {
        try (Connection c = routing.getConnection()) {
            assertThat(inRecovery(c)).isFalse();
            c.setReadOnly(true);
            assertThat(inRecovery(c)).isTrue();
            c.setReadOnly(false);
            assertThat(inRecovery(c)).isFalse();
        }
    }

    @Test
    void primaryScopeKeepsReadOnlyConnectionsOnThePrimary() throws SQLException {
        long before = LISTENER.count("primary", RouteReason.SCOPE);
        boolean recovery = routing.onPrimary(() -> {
            try (Connection c = routing.getConnection()) {
                c.setReadOnly(true);
                return inRecovery(c);
            }
        });
        assertThat(recovery).isFalse();
        assertThat(LISTENER.count("primary", RouteReason.SCOPE)).isEqualTo(before + 1);
    }

    @Test
    void replicaScopeRoutesWithoutTheReadOnlyFlag() throws SQLException {
        boolean recovery = routing.onReplica(() -> {
            try (Connection c = routing.getConnection()) {
                assertThat(c.isReadOnly()).isTrue();
                return inRecovery(c);
            }
        });
        assertThat(recovery).isTrue();
    }

    @Test
    void nestedScopesPrimaryWins() throws SQLException {
        assertThat(routing.onReplica(() -> routing.onPrimary(() -> answeredByStandby()))).isFalse();
        assertThat(routing.onPrimary(() -> routing.onReplica(() -> answeredByStandby()))).isFalse();
        assertThat(routing.readOnly(() -> routing.onPrimary(() -> routing.readOnly(() -> answeredByStandby()))))
                .isFalse();
        // after the nested primary scope ends, the outer replica scope routes to the replica again
        assertThat(routing.onReplica(() -> {
            routing.onPrimary(() -> answeredByStandby());
            return answeredByStandby();
        })).isTrue();
    }

    @Test
    void readThenWriteTransactionStaysOnThePrimaryAndCapturesItsPosition() throws SQLException {
        try (Connection c = routing.getConnection()) {
            c.setAutoCommit(false);
            assertThat(inRecovery(c)).isFalse();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO note VALUES (?, 'tx')")) {
                ps.setLong(1, 1);
                ps.executeUpdate();
            }
            assertThat(inRecovery(c)).isFalse();
            c.commit();
            ConsistencyToken token = c.unwrap(RoutedConnection.class).lastWriteToken().orElseThrow();
            assertThat(routing.currentToken()).contains(token);
            assertThat(bodyOnPrimaryOf(1)).isEqualTo("tx");
        }
    }

    @Test
    void transactionThatWroteCannotMoveToAReplica() throws SQLException {
        try (Connection c = routing.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO note VALUES (2, 'stays')");
            }
            assertThatThrownBy(() -> c.setReadOnly(true))
                    .isInstanceOf(SQLException.class)
                    .hasMessage("Cannot change the read-only mode in the middle of a transaction")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25001"));
            assertThat(c.isReadOnly()).isFalse();
            assertThat(inRecovery(c)).isFalse();
            c.commit();
        }
        assertThat(bodyOnPrimaryOf(2)).isEqualTo("stays");
    }

    @Test
    void readOnlyUnitRefusesWritesBeforeTheyReachAServer() throws SQLException {
        long routedBefore = LISTENER.countTo("standby") + LISTENER.countTo("primary");
        SQLException prepared = routing.readOnly(() -> {
            try (Connection c = routing.getConnection()) {
                return catchSql(() -> c.prepareStatement("INSERT INTO note VALUES (3, 'no')"));
            }
        });
        assertThat(prepared.getSQLState()).isEqualTo("25006");
        assertThat((Throwable) prepared).hasMessage("write refused: INSERT on a read-only connection (setReadOnly(true),"
                + " readOnly(...) or onReplica(...)); nothing was sent");
        // no physical connection was even taken
        assertThat(LISTENER.countTo("standby") + LISTENER.countTo("primary")).isEqualTo(routedBefore);

        SQLException updateMethod = routing.readOnly(() -> {
            try (Connection c = routing.getConnection(); Statement s = c.createStatement()) {
                return catchSql(() -> s.executeUpdate("/* audit */ update note SET body = 'x'"));
            }
        });
        assertThat(updateMethod.getSQLState()).isEqualTo("25006");
        assertThat((Throwable) updateMethod).hasMessageStartingWith("write refused: UPDATE on a read-only connection");
        assertThat(bodyOnPrimaryOf(3)).isNull();
    }

    @Test
    void readOnlyFallbackToThePrimaryIsReadOnlyOnTheServerToo(TestDatabase db) throws SQLException {
        try (RoutingDataSource primaryOnly = RoutingDataSource.builder()
                .primary(db.primaryUrl(), db.user(), db.password()).build()) {
            SQLException error = primaryOnly.readOnly(() -> {
                try (Connection c = primaryOnly.getConnection(); Statement s = c.createStatement()) {
                    assertThat(inRecovery(c)).isFalse();
                    // a write the first keyword does not reveal: the server refuses it
                    return catchSql(() -> s.executeQuery("SELECT nextval('note_seq')"));
                }
            });
            assertThat(error.getSQLState()).isEqualTo("25006");
            assertThat((Throwable) error).hasMessageContaining("read-only transaction");
        }
    }

    @Test
    void autoCommittedWriteCapturesATokenAndAReadInTheSameScopeSeesIt() throws SQLException {
        ConsistencyToken token = routing.inSession(null, () -> {
            try (Connection c = routing.getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO note VALUES (4, 'mine')");
                assertThat(c.unwrap(RoutedConnection.class).lastWriteToken()).isPresent();
            }
            try (Connection c = routing.getConnection()) {
                c.setReadOnly(true);
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT body FROM note WHERE id = 4")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("mine");
                }
            }
            return routing.currentToken().orElseThrow();
        });
        assertThat(ConsistencyToken.parse(token.asString())).isEqualTo(token);
    }

    private static boolean answeredByStandby() throws SQLException {
        try (Connection c = routing.getConnection()) {
            return inRecovery(c);
        }
    }

    private static String bodyOnPrimaryOf(long id) throws SQLException {
        return routing.onPrimary(() -> {
            try (Connection c = routing.getConnection();
                    PreparedStatement ps = c.prepareStatement("SELECT body FROM note WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    interface SqlAction {
        Object run() throws SQLException;
    }

    static SQLException catchSql(SqlAction action) {
        try {
            action.run();
        } catch (SQLException e) {
            return e;
        }
        throw new AssertionError("expected an SQLException");
    }
}
