package dev.quadrangle.spring.boot.autoconfigure.partition;

import dev.quadrangle.core.partition.EnsureResult;
import dev.quadrangle.core.partition.PartitionManager;
import dev.quadrangle.core.partition.PartitionSpec;
import dev.quadrangle.core.partition.RetentionResult;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the partition manager's maintenance of every spec on a schedule: {@code ensure}, then (when on)
 * {@code applyRetention}. Every node of the application runs it; the manager's advisory lock lets one do
 * the work while the others skip. Outcomes are logged (INFO when something was created or retired,
 * DEBUG when skipped, WARN on failure) and metered through the manager's listener.
 *
 * <p>Its thread, {@code quadrangle-spring-partitions}, is a daemon started with the context and stopped
 * (waiting for a run in progress at most {@link #STOP_TIMEOUT}) when the context closes. Thread-safe.
 */
public final class PartitionMaintenance implements SmartLifecycle {
    /** How long stopping waits for a run in progress. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(PartitionMaintenance.class);

    private final PartitionManager manager;
    private final List<PartitionSpec> specs;
    private final Duration interval;
    private final boolean onStartup;
    private final boolean retention;
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile ScheduledExecutorService executor;

    /**
     * Maintenance of some specs.
     *
     * @param manager the manager
     * @param specs the specs, in order
     * @param interval the time between two runs
     * @param onStartup whether {@link #start()} runs once before it returns
     * @param retention whether runs apply retention
     */
    public PartitionMaintenance(PartitionManager manager, List<PartitionSpec> specs, Duration interval, boolean onStartup,
            boolean retention) {
        this.manager = Objects.requireNonNull(manager, "manager");
        this.specs = List.copyOf(specs);
        this.interval = Objects.requireNonNull(interval, "interval");
        this.onStartup = onStartup;
        this.retention = retention;
    }

    /**
     * Runs maintenance of every spec once, now, on the calling thread. A spec's failure is logged and the
     * next spec still runs.
     *
     * @return the number of specs whose maintenance failed
     */
    public int runOnce() {
        int failed = 0;
        for (PartitionSpec spec : specs) {
            try {
                EnsureResult ensured = manager.ensure(spec);
                log(ensured);
                if (retention && spec.retention().isPresent()) {
                    log(manager.applyRetention(spec));
                }
            } catch (RuntimeException e) {
                failed++;
                failures.incrementAndGet();
                LOG.warn("partition maintenance of {}.{} failed; the next run tries again: {}", spec.schema(), spec.table(),
                        e.toString());
            }
        }
        runs.incrementAndGet();
        return failed;
    }

    /**
     * Runs so far.
     *
     * @return the count
     */
    public long runs() {
        return runs.get();
    }

    /**
     * Spec maintenances that failed so far.
     *
     * @return the count
     */
    public long failures() {
        return failures.get();
    }

    private static void log(EnsureResult r) {
        if (r.skipped()) {
            LOG.debug("ensure of {} skipped: another node holds the maintenance lock", r.table());
        } else if (!r.created().isEmpty() || r.rowsMovedFromDefault() > 0) {
            LOG.info("ensure of {} created {} and moved {} rows out of DEFAULT", r.table(), r.created(),
                    r.rowsMovedFromDefault());
        } else {
            LOG.debug("ensure of {}: nothing to create", r.table());
        }
    }

    private static void log(RetentionResult r) {
        if (r.skipped()) {
            LOG.debug("retention of {} skipped: another node holds the maintenance lock", r.table());
        } else if (!r.archived().isEmpty()) {
            LOG.info("retention of {} retired {}", r.table(), r.archived());
        }
    }

    @Override
    public void start() {
        if (executor != null) {
            return;
        }
        if (onStartup) {
            runOnce();
        }
        ScheduledExecutorService service = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "quadrangle-spring-partitions");
            t.setDaemon(true);
            return t;
        });
        long millis = interval.toMillis();
        service.scheduleWithFixedDelay(this::runOnce, millis, millis, TimeUnit.MILLISECONDS);
        executor = service;
    }

    @Override
    public void stop() {
        ScheduledExecutorService service = executor;
        executor = null;
        if (service == null) {
            return;
        }
        service.shutdownNow();
        try {
            if (!service.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("partition maintenance still running after {}; leaving it to finish", STOP_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
