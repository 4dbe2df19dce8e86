package dev.quadrangle.routing.internal;

import dev.quadrangle.routing.ReplicaStatus;
import dev.quadrangle.routing.RoutingListener;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background health probe: every probe interval, on the daemon thread
 * {@code quadrangle-routing-probe}, reads the primary's WAL position, then for each replica its
 * reachability, {@code pg_is_in_recovery()}, replay and receive positions and last replay time; feeds
 * the outcome to the replica's circuit breaker and ejects or readmits it.
 */
public final class ReplicaProbe implements HealthProbe {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaProbe.class);
    private static final String PRIMARY_SQL = "SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint";
    private static final String REPLICA_SQL = "SELECT pg_is_in_recovery(),"
            + " (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint,"
            + " (pg_last_wal_receive_lsn() - '0/0'::pg_lsn)::bigint,"
            + " (extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000)::bigint";

    private final RoutingSettings settings;
    private final Router router;
    private final ProbeConnector primaryConnector;
    private final List<ProbeConnector> replicaConnectors = new ArrayList<>();
    private final ReentrantLock roundLock = new ReentrantLock();
    private final ScheduledExecutorService executor;

    /**
     * A probe; call {@link #start()} to schedule it.
     *
     * @param settings the settings
     * @param router the router whose replicas it probes
     */
    public ReplicaProbe(RoutingSettings settings, Router router) {
        this.settings = settings;
        this.router = router;
        this.primaryConnector = new ProbeConnector(router.primary().spec(), settings.probeTimeout());
        for (ReplicaNode replica : router.replicas()) {
            replicaConnectors.add(new ProbeConnector(replica.spec(), settings.probeTimeout()));
        }
        this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "quadrangle-routing-probe");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Schedules a probe round every probe interval. */
    @Override
    public void start() {
        long interval = settings.probeInterval().toNanos();
        executor.scheduleWithFixedDelay(this::safeRound, interval, interval, TimeUnit.NANOSECONDS);
    }

    private void safeRound() {
        try {
            round();
        } catch (RuntimeException e) {
            LOG.warn("probe round failed: {}", e.toString());
        }
    }

    /** Probes every replica once, now, on the calling thread (rounds never overlap). */
    @Override
    public void round() {
        if (router.replicas().isEmpty()) {
            return;
        }
        roundLock.lock();
        try {
            Long primaryLsn = primaryLsn();
            for (int i = 0; i < router.replicas().size(); i++) {
                probe(router.replicas().get(i), replicaConnectors.get(i), primaryLsn);
            }
            router.refreshEligible();
        } finally {
            roundLock.unlock();
        }
    }

    private Long primaryLsn() {
        Connection connection = null;
        try {
            connection = primaryConnector.open();
            try (Statement s = connection.createStatement()) {
                s.setQueryTimeout(timeoutSeconds());
                try (ResultSet rs = s.executeQuery(PRIMARY_SQL)) {
                    rs.next();
                    long lsn = rs.getLong(1);
                    primaryConnector.done(connection, false);
                    return lsn;
                }
            }
        } catch (SQLException e) {
            if (connection != null) {
                primaryConnector.done(connection, true);
            }
            settings.listener().onProbeFailure(router.primary().name(), e);
            LOG.debug("probe of the primary's WAL position failed: {}", e.getMessage());
            return null;
        }
    }

    private void probe(ReplicaNode replica, ProbeConnector connector, Long primaryLsn) {
        boolean permitted = replica.breaker().tryAcquirePermission();
        boolean wasEligible = replica.eligible();
        long started = System.nanoTime();
        ProbeFindings findings;
        try {
            findings = query(connector, primaryLsn, started);
            replica.recordProbe(permitted, System.nanoTime() - started, null);
            replica.recordLatency(findings.latencyNanos());
        } catch (SQLException e) {
            findings = ProbeFindings.failed(e.getMessage());
            replica.recordProbe(permitted, System.nanoTime() - started, e);
            settings.listener().onProbeFailure(replica.name(), e);
        }
        ReplicaStatus status = replica.update(findings, settings.maxReplicaLag().toMillis(),
                settings.maxReplicaLagBytes());
        RoutingListener listener = settings.listener();
        listener.onReplicaStatus(status);
        boolean nowEligible = replica.eligible();
        if (nowEligible != wasEligible) {
            String cause = nowEligible ? "healthy" : status.cause();
            LOG.info("replica {} {}: {}", replica.name(), nowEligible ? "admitted" : "ejected", cause);
            listener.onEligibilityChange(replica.name(), nowEligible, cause);
        }
    }

    private ProbeFindings query(ProbeConnector connector, Long primaryLsn, long started) throws SQLException {
        Connection connection = connector.open();
        boolean failed = true;
        try (Statement s = connection.createStatement()) {
            s.setQueryTimeout(timeoutSeconds());
            try (ResultSet rs = s.executeQuery(REPLICA_SQL)) {
                rs.next();
                boolean inRecovery = rs.getBoolean(1);
                Long replay = nullable(rs, 2);
                Long receive = nullable(rs, 3);
                Long replayAge = nullable(rs, 4);
                failed = false;
                long latency = System.nanoTime() - started;
                return new ProbeFindings(true, inRecovery, replay, ReplicaLag.bytes(primaryLsn, replay),
                        ReplicaLag.millis(primaryLsn, replay, receive, replayAge), latency, null);
            }
        } finally {
            connector.done(connection, failed);
        }
    }

    private static Long nullable(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private int timeoutSeconds() {
        return (int) Math.max(1, (settings.probeTimeout().toMillis() + 999) / 1000);
    }

    /** Stops the probe thread and closes the probe connections. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(settings.probeTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        roundLock.lock();
        try {
            primaryConnector.close();
            replicaConnectors.forEach(ProbeConnector::close);
        } finally {
            roundLock.unlock();
        }
    }
}
