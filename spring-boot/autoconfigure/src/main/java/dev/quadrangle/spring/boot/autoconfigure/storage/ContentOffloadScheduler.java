package dev.quadrangle.spring.boot.autoconfigure.storage;

import dev.quadrangle.storage.ContentOffload;
import dev.quadrangle.storage.ReconcileReport;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the content offload's outbox processor and reconciler in the background while the application
 * context runs, and stops both when it closes.
 *
 * <p>The outbox processor runs every outbox interval on its own thread, {@code quadrangle-storage-outbox}.
 * The reconciler runs every reconciler interval (the first run one interval after start) on
 * {@code quadrangle-spring-storage-reconciler}; each run is logged (INFO when it found orphans or dangling
 * references, WARN when it failed) and metered through the offload's listener. Every node of the
 * application may run both: the outbox processor and the reconciler take a per-object advisory lock before
 * a delete. Stopping waits for a run in progress at most {@link #STOP_TIMEOUT}. Thread-safe.
 */
public final class ContentOffloadScheduler implements SmartLifecycle {
    /** How long stopping waits for a reconciler run in progress. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(ContentOffloadScheduler.class);

    private final ContentOffload offload;
    private final Duration outboxInterval;
    private final Duration reconcilerInterval;
    private final AtomicLong reconcilerRuns = new AtomicLong();
    private final AtomicLong reconcilerFailures = new AtomicLong();
    private volatile boolean running;
    private volatile ScheduledExecutorService reconciler;

    /**
     * A scheduler of a content offload's background work.
     *
     * @param offload the content offload, made with a data source
     * @param outboxInterval time between two outbox runs, or {@code null} not to run the outbox processor
     * @param reconcilerInterval time between two reconciler runs, or {@code null} not to run the reconciler
     */
    public ContentOffloadScheduler(ContentOffload offload, Duration outboxInterval, Duration reconcilerInterval) {
        this.offload = Objects.requireNonNull(offload, "offload");
        this.outboxInterval = outboxInterval;
        this.reconcilerInterval = reconcilerInterval;
    }

    /**
     * Runs the reconciler once, now, on the calling thread, and logs its report.
     *
     * @return the report
     * @throws SQLException when the database fails
     */
    public ReconcileReport reconcileOnce() throws SQLException {
        ReconcileReport report = offload.reconciler().run();
        reconcilerRuns.incrementAndGet();
        if (report.orphansFound() > 0 || report.danglingCount() > 0) {
            LOG.info("content reconciliation: {} objects, {} references, {} orphans ({} deleted), {} dangling references",
                    report.objectsScanned(), report.referencesScanned(), report.orphansFound(), report.orphansDeleted(),
                    report.danglingCount());
        } else {
            LOG.debug("content reconciliation: {} objects, {} references, nothing to repair", report.objectsScanned(),
                    report.referencesScanned());
        }
        return report;
    }

    /**
     * Reconciler runs so far, on the schedule or by {@link #reconcileOnce()}.
     *
     * @return the count
     */
    public long reconcilerRuns() {
        return reconcilerRuns.get();
    }

    /**
     * Scheduled reconciler runs that failed so far.
     *
     * @return the count
     */
    public long reconcilerFailures() {
        return reconcilerFailures.get();
    }

    private void reconcileQuietly() {
        try {
            reconcileOnce();
        } catch (SQLException | RuntimeException e) {
            reconcilerFailures.incrementAndGet();
            LOG.warn("content reconciliation failed; the next run tries again: {}", e.toString());
        }
    }

    @Override
    public void start() {
        if (running) {
            return;
        }
        if (outboxInterval != null) {
            offload.outbox().start(outboxInterval);
        }
        if (reconcilerInterval != null) {
            ScheduledExecutorService service = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "quadrangle-spring-storage-reconciler");
                t.setDaemon(true);
                return t;
            });
            long millis = reconcilerInterval.toMillis();
            service.scheduleWithFixedDelay(this::reconcileQuietly, millis, millis, TimeUnit.MILLISECONDS);
            reconciler = service;
        }
        running = true;
    }

    /** Stops the outbox processor (it cannot start again) and the reconciler's thread. */
    @Override
    public void stop() {
        if (!running) {
            return;
        }
        running = false;
        if (outboxInterval != null) {
            offload.outbox().close();
        }
        ScheduledExecutorService service = reconciler;
        reconciler = null;
        if (service != null) {
            service.shutdownNow();
            try {
                if (!service.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("content reconciliation still running after {}; leaving it to finish", STOP_TIMEOUT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
