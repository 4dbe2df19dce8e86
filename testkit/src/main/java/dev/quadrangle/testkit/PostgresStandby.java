package dev.quadrangle.testkit;

import java.time.Duration;

/**
 * The hot standby of the test cluster: a real PostgreSQL server in recovery
 * ({@code pg_is_in_recovery()} is true) that replays the primary's WAL by physical streaming
 * replication. Primary writes appear here after replay.
 */
public interface PostgresStandby extends PostgresServer {

    /**
     * Sets {@code recovery_min_apply_delay} at runtime ({@code ALTER SYSTEM} plus a configuration
     * reload): every commit becomes visible here only once it is at least this old.
     *
     * @param delay the replay delay, {@link Duration#ZERO} to replay at once
     * @throws IllegalArgumentException when the delay is negative
     */
    void setReplayDelay(Duration delay);

    /**
     * The standby's replay position, {@code pg_last_wal_replay_lsn()}, as text ({@code "0/3000148"}).
     *
     * @return the last replayed log sequence number
     */
    String replayLsn();

    /**
     * Waits until the standby has replayed up to the given position.
     *
     * @param lsn a log sequence number as text, e.g. from {@link PostgresCluster#primaryWalLsn()}
     * @param timeout how long to wait at the most
     * @throws IllegalStateException when the position is not reached in time
     */
    void awaitReplay(String lsn, Duration timeout);
}
