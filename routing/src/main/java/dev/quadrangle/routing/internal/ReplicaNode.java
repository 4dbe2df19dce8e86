package dev.quadrangle.routing.internal;

import com.zaxxer.hikari.HikariDataSource;
import dev.quadrangle.routing.ReplicaStatus;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A replica target with its health: the circuit breaker, the last probe's findings and the highest
 * replay position seen. Thread-safe.
 */
public final class ReplicaNode extends Target {
    private final CircuitBreaker breaker;
    private final AtomicLong knownReplayLsn = new AtomicLong(-1);
    private volatile ProbeFindings findings;
    private volatile ReplicaStatus status;

    /**
     * A replica.
     *
     * @param spec the configured endpoint
     * @param ownedPool the pool we built, or {@code null}
     * @param breakerConfig its circuit breaker's configuration
     */
    public ReplicaNode(EndpointSpec spec, HikariDataSource ownedPool, CircuitBreakerConfig breakerConfig) {
        super(spec, ownedPool);
        this.breaker = CircuitBreaker.of("quadrangle-routing-" + spec.name(), breakerConfig);
        this.status = new ReplicaStatus(spec.name(), false, false, false, -1, -1, -1,
                breaker.getState().name(), "not probed yet", null);
    }

    /** The replica's circuit breaker. */
    public CircuitBreaker breaker() {
        return breaker;
    }

    /** Whether reads may be routed here now. */
    public boolean eligible() {
        return status.eligible() && breaker.getState() == CircuitBreaker.State.CLOSED;
    }

    /** The latest status. */
    public ReplicaStatus status() {
        return status;
    }

    /** The highest replay position seen by a probe or a consistency check, {@code -1} before any. */
    public long knownReplayLsn() {
        return knownReplayLsn.get();
    }

    /**
     * Notes a replay position seen on this replica (positions only move forward).
     *
     * @param lsn the position
     */
    public void observeReplay(long lsn) {
        knownReplayLsn.accumulateAndGet(lsn, Math::max);
    }

    /**
     * Opens the breaker at once, after a connection error seen by a read.
     *
     * @param cause what went wrong
     */
    public void eject(Exception cause) {
        if (breaker.getState() != CircuitBreaker.State.OPEN) {
            try {
                breaker.transitionToOpenState();
            } catch (IllegalStateException raced) {
                // another thread opened it first
            }
        }
        ReplicaStatus old = status;
        status = new ReplicaStatus(old.name(), false, false, old.inRecovery(), old.lagBytes(), old.lagMillis(),
                old.replayLsn(), breaker.getState().name(), "connection error: " + cause.getMessage(), Instant.now());
    }

    /**
     * Applies a probe's findings.
     *
     * @param probed what the probe saw
     * @param maxLagMillis the lag limit in milliseconds
     * @param maxLagBytes the lag limit in bytes
     * @return the new status
     */
    public ReplicaStatus update(ProbeFindings probed, long maxLagMillis, long maxLagBytes) {
        findings = probed;
        if (probed.replayLsn() != null) {
            observeReplay(probed.replayLsn());
        }
        String cause = ineligibility(probed, maxLagMillis, maxLagBytes);
        status = new ReplicaStatus(name(), cause == null, probed.reachable(), probed.inRecovery(), probed.lagBytes(),
                probed.lagMillis(), probed.replayLsn() == null ? -1 : probed.replayLsn(), breaker.getState().name(),
                cause, Instant.now());
        return status;
    }

    /**
     * Keeps an otherwise healthy replica out of the eligible set until the next probe.
     *
     * @param cause why
     * @return the new status
     */
    public ReplicaStatus holdBack(String cause) {
        ReplicaStatus old = status;
        status = new ReplicaStatus(old.name(), false, old.reachable(), old.inRecovery(), old.lagBytes(),
                old.lagMillis(), old.replayLsn(), old.breakerState(), cause, old.probedAt());
        return status;
    }

    private String ineligibility(ProbeFindings probed, long maxLagMillis, long maxLagBytes) {
        if (breaker.getState() != CircuitBreaker.State.CLOSED) {
            return "circuit breaker " + breaker.getState() + (probed.error() != null ? ": " + probed.error() : "");
        }
        if (!probed.reachable()) {
            return "unreachable: " + probed.error();
        }
        if (!probed.inRecovery()) {
            return "not in recovery (pg_is_in_recovery() is false): not a standby";
        }
        if (probed.lagBytes() > maxLagBytes) {
            return "replay lag " + probed.lagBytes() + " bytes exceeds maxReplicaLagBytes " + maxLagBytes;
        }
        if (probed.lagMillis() > maxLagMillis) {
            return "replay lag " + probed.lagMillis() + " ms exceeds maxReplicaLag " + maxLagMillis + " ms";
        }
        if (probed.lagMillis() == ReplicaLag.UNKNOWN && probed.lagBytes() == ReplicaLag.UNKNOWN) {
            return "replay lag unknown";
        }
        return null;
    }

    /**
     * Feeds a probe's outcome to the circuit breaker: a success or an error when the breaker permitted the
     * probe, and a connection error opens a closed breaker at once.
     *
     * @param permitted what {@code breaker().tryAcquirePermission()} said before the probe
     * @param nanos how long the probe took
     * @param error the probe's failure, or {@code null} on success
     */
    public void recordProbe(boolean permitted, long nanos, java.sql.SQLException error) {
        if (error == null) {
            if (permitted) {
                breaker.onSuccess(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
            }
            return;
        }
        if (permitted) {
            breaker.onError(nanos, java.util.concurrent.TimeUnit.NANOSECONDS, error);
        }
        if (SqlErrors.isConnectionError(error) && breaker.getState() == CircuitBreaker.State.CLOSED) {
            try {
                breaker.transitionToOpenState();
            } catch (IllegalStateException raced) {
                // another thread opened it first
            }
        }
    }

    /** The last probe's findings, or {@code null} before the first probe. */
    public ProbeFindings findings() {
        return findings;
    }
}
