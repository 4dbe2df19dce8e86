package dev.quadrangle.testkit;

import java.time.Duration;

/**
 * One PostgreSQL server of a {@link PostgresTopology}: the primary or one of its streaming standbys.
 *
 * <p>A node keeps its {@link #name()}, port and data directory across role changes: a promoted
 * standby becomes the primary, an old primary rejoins as a standby. {@link #role()} answers as far as
 * the topology knows: {@code "primary"}, {@code "standby"} or, for a primary replaced by
 * {@link PostgresTopology#promote(PostgresNode)} and not yet rejoined, {@code "former primary"}.
 * {@link #isInRecovery()} asks the server itself.
 *
 * <p>{@link #stop()} keeps the data directory, and {@link #start()} starts the server in the role its
 * data directory says: a stopped standby comes back as a standby, and a former primary started again
 * comes back as a second primary (a split brain, which only a test that asks for it gets).
 *
 * <p>Implementations are thread-safe.
 */
public interface PostgresNode extends PostgresServer {

    /**
     * The node's name, {@code "node1"}, {@code "node2"}, ... in creation order, stable across role
     * changes; it is also the node's {@code application_name} in the primary's {@code pg_stat_replication}.
     *
     * @return the name, never {@code null}
     */
    String name();

    /**
     * Asks the server whether it is in recovery ({@code pg_is_in_recovery()}): {@code true} for a
     * standby, {@code false} for a primary.
     *
     * @return whether the server replays WAL instead of accepting writes
     * @throws IllegalStateException when the node is stopped or does not answer
     */
    boolean isInRecovery();

    /**
     * Sets {@code recovery_min_apply_delay} on this node at runtime ({@code ALTER SYSTEM} plus a
     * configuration reload): while the node is a standby, every commit becomes visible here only once
     * it is at least this old. It has no effect while the node is the primary.
     *
     * @param delay the replay delay, {@link Duration#ZERO} to replay at once
     * @throws IllegalArgumentException when the delay is {@code null} or negative
     * @throws IllegalStateException when the node is stopped
     */
    void setReplayDelay(Duration delay);

    /**
     * The node's replay position, {@code pg_last_wal_replay_lsn()}, as text; {@code null} on a node that
     * never was in recovery.
     *
     * @return the last replayed log sequence number, such as {@code "0/3000148"}
     * @throws IllegalStateException when the node does not answer
     */
    String replayLsn();

    /**
     * Waits until this node has replayed up to the given position.
     *
     * @param lsn a log sequence number as text, e.g. from {@link PostgresTopology#primaryWalLsn()}
     * @param timeout how long to wait at the most
     * @throws IllegalArgumentException when {@code lsn} is not a log sequence number
     * @throws IllegalStateException when the position is not reached in time
     */
    void awaitReplay(String lsn, Duration timeout);
}
