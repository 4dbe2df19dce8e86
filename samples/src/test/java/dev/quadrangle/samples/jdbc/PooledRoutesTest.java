package dev.quadrangle.samples.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

class PooledRoutesTest {

    @Test
    void aPoolTimeoutWithoutACauseIsSaturationNotFailure() {
        SQLException busy = new SQLTransientConnectionException("campus-replica - Connection is not available");
        assertThat(PooledRoutes.isPoolExhausted(busy)).isTrue();
        SQLException down = new SQLTransientConnectionException("campus-replica - Connection is not available",
                "08001", new PSQLException("Connection refused", PSQLState.CONNECTION_UNABLE_TO_CONNECT,
                        new ConnectException("Connection refused")));
        assertThat(PooledRoutes.isPoolExhausted(down)).isFalse();
        assertThat(PooledRoutes.isReplicaFailure(down)).isTrue();
    }

    @Test
    void brokenConnectionsShutdownsAndRecoveryConflictsAreReplicaFailuresButStatementErrorsAreNot() {
        assertThat(PooledRoutes.isReplicaFailure(new SQLException("I/O error", "08006"))).isTrue();
        assertThat(PooledRoutes.isReplicaFailure(new SQLException("terminating connection", "57P01"))).isTrue();
        assertThat(PooledRoutes.isReplicaFailure(new SQLException("the database system is starting up", "57P03")))
                .isTrue();
        assertThat(PooledRoutes.isReplicaFailure(new SQLException("conflict with recovery", "40001"))).isTrue();
        assertThat(PooledRoutes.isReplicaFailure(new SQLException("syntax error", "42601"))).isFalse();
        assertThat(PooledRoutes.isReplicaFailure(new SQLException("no state"))).isFalse();
    }
}
