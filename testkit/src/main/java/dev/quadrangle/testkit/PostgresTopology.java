package dev.quadrangle.testkit;

import dev.quadrangle.testkit.internal.EmbeddedPostgresTopology;
import java.time.Duration;
import java.util.List;

/**
 * A dedicated PostgreSQL cluster of one primary and several streaming hot standbys, for failover
 * tests: promote a standby, re-point the others to it, bring the old primary back as a standby.
 *
 * <p>Every node is an embedded PostgreSQL 17 server on a random free loopback port, whatever
 * {@link ServiceSettings#MODE} says: the topology must control every server, which external endpoints
 * do not allow. The nodes are named {@code node1} (the first primary), {@code node2}, ... in creation
 * order; the standbys are built from low-level base backups of the primary and stream from it.
 * Unlike {@link QuadrangleServices#postgres()}, a topology belongs to whoever starts it: close it
 * (a {@link RealServices} test class gets one that the extension closes after the class).
 *
 * <!-- snippet: consumers/plain/src/test/java/dev/quadrangle/examples/JavadocExamples.java#topology-start -->
 * <pre>{@code
 * try (PostgresTopology topology = PostgresTopology.start(2, ReplicationMode.ASYNC)) {
 *     PostgresNode old = topology.primary();
 *     PostgresNode next = topology.node("node2");
 *     topology.awaitCaughtUp(Duration.ofSeconds(30));
 *     old.stop();
 *     topology.promote(next);
 *     topology.repointStandbys(next);
 *     topology.rejoinAsStandby(old, next);
 * }
 * }</pre>
 *
 * <p>Implementations are thread-safe; role changes are serialised. The topology tracks roles only
 * through its own methods: stopping and starting nodes never changes who it calls the primary.
 */
public interface PostgresTopology extends AutoCloseable {

    /** The number of standbys a {@link RealServices} test gets when its annotation does not say. */
    int DEFAULT_STANDBYS = 2;

    /** The largest number of standbys a topology can have. */
    int MAX_STANDBYS = 8;

    /**
     * Starts a primary and {@code standbys} streaming standbys, and waits until every standby streams
     * and has replayed the primary.
     *
     * @param standbys how many standbys, 1 to {@link #MAX_STANDBYS}
     * @param mode asynchronous or synchronous replication, see {@link ReplicationMode}
     * @return the running topology, owned by the caller
     * @throws IllegalArgumentException when {@code standbys} is out of range
     * @throws NullPointerException when {@code mode} is {@code null}
     * @throws ServiceStartException when a server cannot start
     */
    static PostgresTopology start(int standbys, ReplicationMode mode) {
        return EmbeddedPostgresTopology.launch(standbys, mode);
    }

    /**
     * Every node, in creation order ({@code node1} first), whatever its role now.
     *
     * @return an unmodifiable list
     */
    List<PostgresNode> nodes();

    /**
     * The node the topology takes for the writer: {@code node1} until {@link #promote(PostgresNode)}
     * names another. It is returned even while it is stopped.
     *
     * @return the current primary
     */
    PostgresNode primary();

    /**
     * The current standbys, in creation order, running or stopped; a former primary that has not
     * rejoined is not among them.
     *
     * @return an unmodifiable list, empty only if every standby was promoted away
     */
    List<PostgresNode> standbys();

    /**
     * The node with the given name.
     *
     * @param name {@code "node1"}, {@code "node2"}, ...
     * @return the node
     * @throws IllegalArgumentException when no node has that name
     */
    PostgresNode node(String name);

    /** The superuser that clients connect as, on every node. */
    String user();

    /** Its password; empty, since the embedded servers trust loopback connections. */
    String password();

    /** The database that exists on every node from the start, {@code "postgres"}. */
    String database();

    /** The replication mode the topology currently applies to its primary. */
    ReplicationMode replicationMode();

    /**
     * The primary's current WAL insert position, {@code pg_current_wal_lsn()}, as text.
     *
     * @return a log sequence number such as {@code "0/3000148"}
     * @throws IllegalStateException when the primary is stopped or does not answer
     */
    String primaryWalLsn();

    /**
     * Promotes a standby to primary ({@code SELECT pg_promote(true, 60)}) and waits until it answers
     * that it is no longer in recovery; it then becomes {@link #primary()} and commits asynchronously
     * until {@link #repointStandbys(PostgresNode)} or {@link #rejoinAsStandby(PostgresNode, PostgresNode)}
     * give it standbys to wait for in {@link ReplicationMode#SYNC}. The old primary is left as it is:
     * stop it first to model a failover; left running it is a second writer (a split brain).
     *
     * @param standby one of {@link #standbys()}, running
     * @throws IllegalArgumentException when the node is not one of this topology's
     * @throws IllegalStateException when it is not a standby, is stopped, or does not leave recovery
     */
    void promote(PostgresNode standby);

    /**
     * Points every current standby at the new primary: {@code primary_conninfo} is changed with
     * {@code ALTER SYSTEM} and a configuration reload (a restart where the server version needs one; a
     * stopped standby gets the setting in its configuration file), and the standby follows the new
     * timeline ({@code recovery_target_timeline} is {@code latest}, the default). Waits until every
     * running standby streams from the new primary, then applies the {@link #replicationMode()}.
     *
     * @param newPrimary the current {@link #primary()}, normally just promoted
     * @throws IllegalArgumentException when the node is not one of this topology's
     * @throws IllegalStateException when it is not the primary, or a standby does not stream from it within
     *         60 seconds (it replayed past the point where the new timeline forked: rebuild it with
     *         {@link #rejoinAsStandby(PostgresNode, PostgresNode)})
     */
    void repointStandbys(PostgresNode newPrimary);

    /**
     * Brings a node back as a standby of the primary: it is stopped, its data directory is replaced by a
     * fresh base backup of the primary ({@code pg_rewind} is not in the embedded bundle), and it starts
     * on the same port under the same name, with no replay delay, streaming from the primary. Then the
     * {@link #replicationMode()} is applied again, counting it among the standbys.
     *
     * @param oldPrimary the former primary, or a standby to rebuild; running or stopped
     * @param newPrimary the current {@link #primary()}, running
     * @throws IllegalArgumentException when a node is not one of this topology's, or both are the same
     * @throws IllegalStateException when {@code newPrimary} is not the primary or is stopped, or the node
     *         does not stream within 60 seconds
     */
    void rejoinAsStandby(PostgresNode oldPrimary, PostgresNode newPrimary);

    /**
     * Switches the current primary between asynchronous and synchronous replication at runtime
     * ({@code ALTER SYSTEM SET synchronous_standby_names} and a reload) and waits until its running
     * standbys report the matching {@code sync_state}; later promotions and rejoins keep the mode.
     *
     * @param mode the new mode
     * @throws NullPointerException when {@code mode} is {@code null}
     * @throws IllegalStateException when the primary is stopped
     */
    void replication(ReplicationMode mode);

    /**
     * Waits until every running standby has replayed the primary's current WAL position.
     *
     * @param timeout how long to wait at the most, for all standbys together
     * @throws IllegalStateException when a standby does not catch up in time (the message names it), or
     *         the primary is stopped
     */
    void awaitCaughtUp(Duration timeout);

    /**
     * Creates a fresh, empty database on the primary and waits until every running standby has it.
     * The returned handle's {@link TestDatabase#primary()} follows {@link #primary()} across promotions,
     * and its {@link TestDatabase#standby()} is the first of {@link #standbys()}.
     *
     * @param prefix a readable prefix for the name (letters, digits, underscores; it is truncated)
     * @return the new database; closing it drops it
     * @throws IllegalStateException when the primary refuses
     */
    TestDatabase createDatabase(String prefix);

    /** Stops every node and deletes their data directories; a second call does nothing. */
    @Override
    void close();
}
