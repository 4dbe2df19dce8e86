package dev.quadrangle.routing;

import java.time.Instant;

/**
 * A snapshot of one replica's health, as of its last probe (or a connection error seen by a read since).
 * Immutable.
 *
 * @param name the replica's configured name
 * @param eligible whether reads are routed to it now
 * @param reachable whether the last probe connected and ran its query
 * @param inRecovery whether the server reported {@code pg_is_in_recovery()} (a standby)
 * @param lagBytes replay lag in bytes (primary WAL position minus replay position), {@code -1} if unknown
 * @param lagMillis replay lag in milliseconds, {@code 0} when fully caught up, {@code -1} if unknown
 * @param replayLsn the replay position as a 64-bit log sequence number, {@code -1} if unknown
 * @param breakerState the state of the replica's circuit breaker ({@code CLOSED}, {@code OPEN}, ...)
 * @param cause why the replica is not eligible, or {@code null} when it is
 * @param probedAt when the snapshot was taken, {@code null} before the first probe
 */
public record ReplicaStatus(String name, boolean eligible, boolean reachable, boolean inRecovery, long lagBytes,
        long lagMillis, long replayLsn, String breakerState, String cause, Instant probedAt) {
}
