package dev.quadrangle.routing.internal;

/**
 * Replay lag of a standby from what a probe read, handling the idle primary: when nothing new was
 * written, {@code now() - pg_last_xact_replay_timestamp()} keeps growing although the standby is fully
 * caught up, so a standby whose replay position has reached both its receive position and the
 * primary's WAL position has a lag of 0 whatever that timestamp says.
 */
public final class ReplicaLag {
    /** Marks a value that could not be determined. */
    public static final long UNKNOWN = -1;

    private ReplicaLag() {
    }

    /**
     * Replay lag in bytes.
     *
     * @param primaryLsn the primary's WAL position read just before the standby's, or {@code null}
     * @param replayLsn the standby's replay position, or {@code null}
     * @return bytes the standby has yet to replay, {@link #UNKNOWN} when a position is missing
     */
    public static long bytes(Long primaryLsn, Long replayLsn) {
        if (primaryLsn == null || replayLsn == null) {
            return UNKNOWN;
        }
        return Math.max(0, primaryLsn - replayLsn);
    }

    /**
     * Replay lag in milliseconds.
     *
     * @param primaryLsn the primary's WAL position read just before the standby's, or {@code null}
     * @param replayLsn the standby's replay position, or {@code null}
     * @param receiveLsn the standby's receive position, or {@code null}
     * @param replayAgeMillis {@code now() - pg_last_xact_replay_timestamp()} in ms, or {@code null}
     * @return 0 when caught up, else the age of the last replayed transaction, {@link #UNKNOWN} when
     *     neither can be told
     */
    public static long millis(Long primaryLsn, Long replayLsn, Long receiveLsn, Long replayAgeMillis) {
        if (replayLsn == null) {
            return UNKNOWN;
        }
        boolean replayedAllReceived = receiveLsn == null || replayLsn >= receiveLsn;
        boolean caughtUp = primaryLsn != null ? replayLsn >= primaryLsn && replayedAllReceived
                : receiveLsn != null && replayLsn >= receiveLsn;
        if (caughtUp) {
            return 0;
        }
        return replayAgeMillis == null ? UNKNOWN : Math.max(0, replayAgeMillis);
    }
}
