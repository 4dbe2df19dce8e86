package dev.quadrangle.routing.internal;

/**
 * What one probe of a replica saw.
 *
 * @param reachable whether it connected and answered
 * @param inRecovery {@code pg_is_in_recovery()}
 * @param replayLsn {@code pg_last_wal_replay_lsn()} as a number, or {@code null}
 * @param lagBytes replay lag in bytes, {@link ReplicaLag#UNKNOWN} if unknown
 * @param lagMillis replay lag in milliseconds, {@link ReplicaLag#UNKNOWN} if unknown
 * @param latencyNanos how long the probe query took
 * @param error the failure, or {@code null}
 */
public record ProbeFindings(boolean reachable, boolean inRecovery, Long replayLsn, long lagBytes, long lagMillis,
        long latencyNanos, String error) {

    /**
     * The findings of a failed probe.
     *
     * @param error what went wrong
     * @return findings of an unreachable replica
     */
    public static ProbeFindings failed(String error) {
        return new ProbeFindings(false, false, null, ReplicaLag.UNKNOWN, ReplicaLag.UNKNOWN, 0, error);
    }
}
