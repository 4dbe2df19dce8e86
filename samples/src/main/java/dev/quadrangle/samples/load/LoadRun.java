package dev.quadrangle.samples.load;

import dev.quadrangle.samples.data.CampusScale;
import dev.quadrangle.samples.ops.CampusBackend;
import dev.quadrangle.samples.ops.CampusOperations;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The state of one {@link LoadDriver} run: the users' worker threads, the chaos thread, the sampler,
 * and the counters; {@link #finish()} turns them into a {@link LoadResult}, {@link #abandon()} stops
 * every thread whatever happened.
 */
final class LoadRun {
    static final long AWAIT_IN_FLIGHT_SECONDS = 60;

    private final CampusBackend backend;
    private final LoadSettings settings;
    private final CampusOperations ops;
    private final List<OperationStats> stats = new ArrayList<>();
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final List<RunEvent> events = new CopyOnWriteArrayList<>();
    private final Instant startedAt = Instant.now();
    private final long start = System.nanoTime();
    private final long measureFrom;
    private final long deadline;
    private final long thinkNanos;
    private final ScheduledThreadPoolExecutor workers;
    private final ScheduledExecutorService chaos = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("quadrangle-samples-chaos"));
    private final LoadSampler sampler;

    LoadRun(CampusBackend backend, LoadSettings settings, Consumer<TimelinePoint> onSecond) {
        this.backend = backend;
        this.settings = settings;
        this.ops = backend.operations();
        for (OperationKind kind : OperationKind.values()) {
            stats.add(new OperationStats(kind));
        }
        this.measureFrom = start + settings.warmup().toNanos();
        this.deadline = measureFrom + settings.duration().toNanos();
        this.thinkNanos = settings.thinkTime().toNanos();
        this.workers = new ScheduledThreadPoolExecutor(settings.workers(), DaemonThreads.named("quadrangle-samples-vu"));
        workers.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        workers.setRemoveOnCancelPolicy(true);
        this.sampler = new LoadSampler(backend, stats, start, measureFrom, onSecond);
    }

    /** Schedules the chaos steps (after the warm-up) and every user's first operation, and starts sampling. */
    void start(List<TimedAction> actions, CampusScale scale) {
        for (TimedAction action : actions) {
            chaos.schedule(() -> perform(action), settings.warmup().toNanos() + action.at().toNanos(),
                    TimeUnit.NANOSECONDS);
        }
        sampler.start();
        for (int i = 0; i < settings.users(); i++) {
            VirtualUser user = new VirtualUser(i, scale, settings.seed());
            long delay = user.thinkNanos(thinkNanos);
            user.dueNanos = start + delay;
            workers.schedule(() -> step(user), delay, TimeUnit.NANOSECONDS);
        }
    }

    /** Sleeps until the end of the run. */
    void awaitDeadline() throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(Math.max(0, deadline - System.nanoTime()));
    }

    /** Lets in-flight calls and due chaos steps finish, stops sampling, and summarises. */
    LoadResult finish() throws InterruptedException {
        workers.shutdown();
        if (!workers.awaitTermination(AWAIT_IN_FLIGHT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("operations still running " + AWAIT_IN_FLIGHT_SECONDS
                    + " s after the end of the run");
        }
        long end = System.nanoTime();
        chaos.shutdown();
        chaos.awaitTermination(AWAIT_IN_FLIGHT_SECONDS, TimeUnit.SECONDS);
        List<TimelinePoint> timeline = sampler.stop();
        double seconds = (end - sampler.warmupEndNanos()) / 1e9;
        double warmupSeconds = tenths(sampler.warmupEndNanos() - start);
        if (warmupSeconds > 0) {
            events.add(new RunEvent("warm-up ends", warmupSeconds, 0, true,
                    "calls before this are left out of the percentiles"));
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
        List<RunEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingDouble(RunEvent::second));
        return new LoadResult(startedAt.toString(), Math.round(seconds * 10) / 10.0, warmupSeconds, warmupCalls,
                warmupErrors, settings.users(), settings.thinkTime().toMillis(), settings.workers(), operations,
                timeline, sampler.poolUsage(), backend.maxConnections(), backend.routes(), sampler.measuredCaches(),
                acknowledged.sum(), failed.sum(), sorted);
    }

    /** Stops every thread of the run at once; harmless after {@link #finish()}. */
    void abandon() {
        workers.shutdownNow();
        chaos.shutdownNow();
        sampler.abandon();
    }

    private void step(VirtualUser user) {
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

    private void perform(TimedAction action) {
        long begin = System.nanoTime();
        try {
            String note = action.action().run();
            events.add(new RunEvent(action.name(), tenths(begin - start), (System.nanoTime() - begin) / 1_000_000, true,
                    note));
        } catch (Exception e) {
            events.add(new RunEvent(action.name(), tenths(begin - start), (System.nanoTime() - begin) / 1_000_000, false,
                    OperationStats.describe(e)));
        }
    }

    private static double tenths(long nanos) {
        return Math.round(nanos / 1e8) / 10.0;
    }
}
