package dev.quadrangle.testkit;

import static dev.quadrangle.testkit.TopologySql.WAIT;
import static dev.quadrangle.testkit.TopologySql.eventually;
import static dev.quadrangle.testkit.TopologySql.exec;
import static dev.quadrangle.testkit.TopologySql.insert;
import static dev.quadrangle.testkit.TopologySql.insertAsync;
import static dev.quadrangle.testkit.TopologySql.origin;
import static dev.quadrangle.testkit.TopologySql.replication;
import static dev.quadrangle.testkit.TopologySql.string;
import static dev.quadrangle.testkit.TopologySql.syncRepWaiters;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A primary with one synchronous standby: a commit waits for the standby, so stopping it blocks
 * commits until it runs again or replication turns asynchronous.
 */
@RealServices(standbys = 1, replication = ReplicationMode.SYNC)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SyncReplicationTopologyIT {
    private static final ExecutorService COMMITTER = TopologySql.committer();

    @BeforeAll
    static void createTable(PostgresTopology topology) throws SQLException {
        exec(topology.primary(), "CREATE TABLE event (id bigint PRIMARY KEY, origin text NOT NULL)");
    }

    @AfterAll
    static void stopCommitter() {
        COMMITTER.shutdownNow();
    }

    @Test
    @Order(1)
    void theStandbyIsSynchronous(PostgresTopology topology) throws SQLException {
        assertThat(topology.replicationMode()).isEqualTo(ReplicationMode.SYNC);
        assertThat(string(topology.primary(), "SHOW synchronous_standby_names")).isEqualTo("FIRST 1 (node2)");
        assertThat(replication(topology.primary())).containsExactly("node2 streaming sync");
    }

    @Test
    @Order(2)
    void aCommitWaitsWhileTheSynchronousStandbyIsStopped(PostgresTopology topology) throws Exception {
        PostgresNode primary = topology.primary();
        PostgresNode standby = topology.node("node2");
        standby.stop();
        Future<Void> commit;
        try {
            commit = insertAsync(COMMITTER, primary, 1, "node1");
            // PostgreSQL shows the committing session waiting for the standby's confirmation
            assertThat(eventually(() -> syncRepWaiters(primary) == 1)).isTrue();
            assertThatThrownBy(() -> commit.get(1, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
        } finally {
            standby.start();
        }
        commit.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(syncRepWaiters(primary)).isZero();
        assertThat(origin(standby, 1)).isEqualTo("node1");
    }

    @Test
    @Order(3)
    void switchedToAsyncAtRuntimeACommitReturnsWithoutTheStandby(PostgresTopology topology) throws Exception {
        PostgresNode primary = topology.primary();
        PostgresNode standby = topology.node("node2");
        topology.replication(ReplicationMode.ASYNC);
        assertThat(string(primary, "SHOW synchronous_standby_names")).isEmpty();
        assertThat(replication(primary)).containsExactly("node2 streaming async");
        standby.stop();
        try {
            insertAsync(COMMITTER, primary, 2, "node1").get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(syncRepWaiters(primary)).isZero();
        } finally {
            standby.start();
        }
        topology.replication(ReplicationMode.SYNC);
        assertThat(replication(primary)).containsExactly("node2 streaming sync");
        topology.awaitCaughtUp(WAIT);
        assertThat(origin(standby, 2)).isEqualTo("node1");
    }

    @Test
    @Order(4)
    void afterAFailoverTheRejoinedNodeIsTheNewPrimarysSynchronousStandby(PostgresTopology topology) throws Exception {
        PostgresNode node1 = topology.node("node1");
        PostgresNode node2 = topology.node("node2");
        node1.stop();
        topology.promote(node2);
        // no standby follows node2 yet, so it commits without waiting
        insertAsync(COMMITTER, node2, 3, "node2").get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(string(node2, "SHOW synchronous_standby_names")).isEmpty();

        topology.rejoinAsStandby(node1, node2);
        assertThat(topology.replicationMode()).isEqualTo(ReplicationMode.SYNC);
        assertThat(string(node2, "SHOW synchronous_standby_names")).isEqualTo("FIRST 1 (node1)");
        assertThat(replication(node2)).containsExactly("node1 streaming sync");
        insert(node2, 4, "node2");

        node1.stop();
        Future<Void> commit;
        try {
            commit = insertAsync(COMMITTER, node2, 5, "node2");
            assertThat(eventually(() -> syncRepWaiters(node2) == 1)).isTrue();
            assertThat(commit).isNotDone();
        } finally {
            node1.start();
        }
        commit.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        topology.awaitCaughtUp(WAIT);
        assertThat(origin(node1, 3)).isEqualTo("node2");
        assertThat(origin(node1, 5)).isEqualTo("node2");
    }
}
