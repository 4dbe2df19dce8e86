package dev.quadrangle.samples.load;

import dev.quadrangle.samples.data.CampusScale;
import dev.quadrangle.samples.ops.CampusBackend;
import dev.quadrangle.samples.ops.CampusOperations;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Runs virtual users against a {@link CampusBackend} for a bounded time: each user performs an
 * operation, thinks, and performs the next, on a fixed set of worker threads (so 5,000 users need no
 * 5,000 threads, and never more connections than the backend's pools allow).
 *
 * <p>A latency is measured from when the user wanted to act (the end of its think time) until the call
 * returned, so waiting for a worker or a connection counts, as a user would feel it. Chaos steps run
 * on their own thread at their set times. One {@link #run} at a time.
 */
public final class LoadDriver {
    private static final long AWAIT_IN_FLIGHT_SECONDS = 60;

    private final CampusBackend backend;
    private final CampusScale scale;
    private final LoadSettings settings;

    /**
     * A driver.
     *
     * @param backend the operations and their statistics (not closed here)
     * @param scale the campus the users live in
     * @param settings users, duration, think time, workers
     */
    public LoadDriver(CampusBackend backend, CampusScale scale, LoadSettings settings) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.scale = Objects.requireNonNull(scale, "scale");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Runs the load.
     *
     * @param actions chaos steps to run at their times after the warm-up (may be empty)
     * @param onSecond called on the sampler thread with each second's point (for progress output)
     * @return the measurements
     * @throws InterruptedException when interrupted while waiting for the run to end
     * @throws IllegalStateException when operations are still running a minute after the end
     */
    public LoadResult run(List<TimedAction> actions, Consumer<TimelinePoint> onSecond) throws InterruptedException {
        List<OperationStats> stats = new ArrayList<>();
        for (OperationKind kind : OperationKind.values()) {
            stats.add(new OperationStats(kind));
        }
        LongAdder acknowledged = new LongAdder();
        LongAdder failed = new LongAdder();
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        long measureFrom = start + settings.warmup().toNanos();
        long deadline = measureFrom + settings.duration().toNanos();
        ScheduledThreadPoolExecutor workers = new ScheduledThreadPoolExecutor(settings.workers(),
                DaemonThreads.named("quadrangle-samples-vu"));
        workers.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        workers.setRemoveOnCancelPolicy(true);
        LoadSampler sampler = new LoadSampler(backend, stats, start, measureFrom,
                Objects.requireNonNull(onSecond, "onSecond"));
        List<RunEvent> events = new CopyOnWriteArrayList<>();
        ScheduledExecutorService chaos = scheduleActions(actions, start, settings.warmup().toNanos(), events);
        sampler.start();
        Session session = new Session(backend.operations(), stats, acknowledged, failed, workers, deadline,
                settings.thinkTime().toNanos());
        for (int i = 0; i < settings.users(); i++) {
            VirtualUser user = new VirtualUser(i, scale, settings.seed());
            long delay = user.thinkNanos(settings.thinkTime().toNanos());
            user.dueNanos = start + delay;
            workers.schedule(() -> session.step(user), delay, TimeUnit.NANOSECONDS);
        }
        TimeUnit.NANOSECONDS.sleep(Math.max(0, deadline - System.nanoTime()));
        workers.shutdown();
        boolean drained = workers.awaitTermination(AWAIT_IN_FLIGHT_SECONDS, TimeUnit.SECONDS);
        long end = System.nanoTime();
        chaos.shutdown();
        chaos.awaitTermination(AWAIT_IN_FLIGHT_SECONDS, TimeUnit.SECONDS);
        List<TimelinePoint> timeline = sampler.stop();
        double seconds = (end - sampler.warmupEndNanos()) / 1e9;
        double warmupSeconds = Math.round((sampler.warmupEndNanos() - start) / 1e8) / 10.0;
        if (warmupSeconds > 0) {
            events.add(new RunEvent("warm-up ends", warmupSeconds, 0, true,
                    "calls before this are left out of the percentiles"));
        }
        if (!drained) {
            workers.shutdownNow();
            throw new IllegalStateException("operations still running " + AWAIT_IN_FLIGHT_SECONDS
                    + " s after the end of the run");
        }
        List<LoadResult.OperationResult> operations = new ArrayList<>();
        long warmupCalls = 0;
        long warmupErrors = 0;
        for (OperationStats s : stats) {
            warmupCalls += s.warmupCalls();
            warmupErrors += s.warmupErrors();
            LatencySummary latency = LatencySummary.of(s.total());
            operations.add(new LoadResult.OperationResult(s.kind().label(), s.kind().isWrite() ? "primary" : "replica",
                    latency.count(), s.errors(), Math.round(latency.count() / seconds * 10) / 10.0, latency,
                    s.errorMessages()));
        }
        events.sort(java.util.Comparator.comparingDouble(RunEvent::second));
        return new LoadResult(startedAt.toString(), Math.round(seconds * 10) / 10.0, warmupSeconds, warmupCalls,
                warmupErrors, settings.users(),
                settings.thinkTime().toMillis(), settings.workers(), operations, timeline, sampler.poolUsage(),
                backend.maxConnections(), backend.routes(), backend.caches(), acknowledged.sum(), failed.sum(),
                events);
    }

    private static ScheduledExecutorService scheduleActions(List<TimedAction> actions, long start, long offsetNanos,
            List<RunEvent> events) {
        ScheduledExecutorService chaos = Executors.newSingleThreadScheduledExecutor(
                DaemonThreads.named("quadrangle-samples-chaos"));
        for (TimedAction action : actions) {
            chaos.schedule(() -> {
                long begin = System.nanoTime();
                double second = Math.round((begin - start) / 1e8) / 10.0;
                try {
                    String note = action.action().run();
                    events.add(new RunEvent(action.name(), second, (System.nanoTime() - begin) / 1_000_000, true, note));
                } catch (Exception e) {
                    events.add(new RunEvent(action.name(), second, (System.nanoTime() - begin) / 1_000_000, false,
                            OperationStats.describe(e)));
                }
            }, offsetNanos + action.at().toNanos(), TimeUnit.NANOSECONDS);
        }
        return chaos;
    }

    /** The per-run state the users' steps share. */
    private static final class Session {
        private final CampusOperations ops;
        private final List<OperationStats> stats;
        private final LongAdder acknowledged;
        private final LongAdder failed;
        private final ScheduledThreadPoolExecutor workers;
        private final long deadline;
        private final long thinkNanos;

        Session(CampusOperations ops, List<OperationStats> stats, LongAdder acknowledged, LongAdder failed,
                ScheduledThreadPoolExecutor workers, long deadline, long thinkNanos) {
            this.ops = ops;
            this.stats = stats;
            this.acknowledged = acknowledged;
            this.failed = failed;
            this.workers = workers;
            this.deadline = deadline;
            this.thinkNanos = thinkNanos;
        }

        void step(VirtualUser user) {
            if (System.nanoTime() >= deadline) {
                return;
            }
            OperationKind kind = user.nextOperation();
            OperationStats s = stats.get(kind.ordinal());
            try {
                boolean answer = user.perform(kind, ops);
                s.success((System.nanoTime() - user.dueNanos) / 1_000);
                if (answer) {
                    acknowledged.increment();
                }
            } catch (RuntimeException e) {
                s.failure(e);
                if (kind == OperationKind.SUBMIT_ANSWER) {
                    failed.increment();
                }
            }
            long think = user.thinkNanos(thinkNanos);
            user.dueNanos = System.nanoTime() + think;
            if (user.dueNanos < deadline) {
                try {
                    workers.schedule(() -> step(user), think, TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException e) {
                    // the run is ending: this user stops
                }
            }
        }
    }
}
