package dev.quadrangle.samples.load;

import dev.quadrangle.samples.ops.CampusBackend;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Samples a running load: pool usage every {@value #SAMPLE_MILLIS} ms (for peaks), and once a second a
 * {@link TimelinePoint} from the operations' interval histograms and the route counters.
 *
 * <p>Runs on its own daemon thread {@code quadrangle-samples-sampler}; {@link #stop()} takes the last
 * point. Not for use by several drivers.
 */
final class LoadSampler {
    static final long SAMPLE_MILLIS = 200;
    private static final long POINT_NANOS = 1_000_000_000L - SAMPLE_MILLIS * 1_000_000L / 2;

    private final CampusBackend backend;
    private final List<OperationStats> stats;
    private final long startNanos;
    private final long measureFromNanos;
    private long warmupEndNanos;
    private boolean warmedUp;
    private final List<TimelinePoint> timeline = new ArrayList<>();
    private final Consumer<TimelinePoint> listener;
    private final Map<String, int[]> peaks = new LinkedHashMap<>();
    private final Map<String, Integer> maxSizes = new LinkedHashMap<>();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("quadrangle-samples-sampler"));
    private CampusBackend.RouteCounters lastRoutes = new CampusBackend.RouteCounters(0, 0, 0, 0, 0);
    private long lastPointNanos;
    private volatile List<CampusBackend.CacheRegionStats> cachesAtWarmupEnd = List.of();

    LoadSampler(CampusBackend backend, List<OperationStats> stats, long startNanos, long measureFromNanos,
            Consumer<TimelinePoint> listener) {
        this.backend = backend;
        this.measureFromNanos = measureFromNanos;
        this.warmedUp = measureFromNanos <= startNanos;
        this.warmupEndNanos = startNanos;
        this.lastPointNanos = startNanos;
        this.listener = listener;
        this.stats = stats;
        this.startNanos = startNanos;
    }

    void start() {
        thread.scheduleAtFixedRate(this::sample, SAMPLE_MILLIS, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Stops sampling and takes the final point; returns the timeline. */
    List<TimelinePoint> stop() throws InterruptedException {
        thread.shutdown();
        if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the load sampler did not stop within 10 s");
        }
        samplePools();
        point();
        int n = timeline.size();
        if (n > 1 && timeline.get(n - 1).second() - timeline.get(n - 2).second() < 0.5) {
            // the drain after the end covers a sliver of a second: as a rate it would draw a false drop
            timeline.remove(n - 1);
        }
        return List.copyOf(timeline);
    }

    /** When the warm-up ended (the first sample after it was due); the run's start without warm-up. */
    long warmupEndNanos() {
        return warmupEndNanos;
    }

    /**
     * Cache counts of the measured part of the run: now minus what they were when the warm-up ended (a
     * region first used after it counts from zero).
     */
    List<CampusBackend.CacheRegionStats> measuredCaches() {
        Map<String, CampusBackend.CacheRegionStats> before = new LinkedHashMap<>();
        cachesAtWarmupEnd.forEach(c -> before.put(c.region(), c));
        List<CampusBackend.CacheRegionStats> result = new ArrayList<>();
        for (CampusBackend.CacheRegionStats now : backend.caches()) {
            CampusBackend.CacheRegionStats then = before.get(now.region());
            result.add(then == null ? now : new CampusBackend.CacheRegionStats(now.region(),
                    now.hits() - then.hits(), now.misses() - then.misses()));
        }
        return result;
    }

    /** Stops sampling at once, without a last point (a run that failed). */
    void abandon() {
        thread.shutdownNow();
    }

    List<LoadResult.PoolUsage> poolUsage() {
        List<LoadResult.PoolUsage> usage = new ArrayList<>();
        peaks.forEach((name, p) -> usage.add(new LoadResult.PoolUsage(name, maxSizes.get(name), p[0], p[1], p[2])));
        return usage;
    }

    private void sample() {
        try {
            samplePools();
            // by elapsed time, not by tick count: after a stall the executor catches up with ticks in a
            // burst, and points a fifth of a second apart would show their calls as a false spike in rate
            if (System.nanoTime() - lastPointNanos >= POINT_NANOS) {
                point();
            }
        } catch (RuntimeException e) {
            // a sampling failure must not stop the sampler: the next tick tries again
            System.err.println("load sampler: " + e);
        }
    }

    private Map<String, int[]> samplePools() {
        Map<String, int[]> now = new LinkedHashMap<>();
        for (CampusBackend.PoolSnapshot p : backend.pools()) {
            int[] peak = peaks.computeIfAbsent(p.name(), k -> new int[3]);
            peak[0] = Math.max(peak[0], p.active());
            peak[1] = Math.max(peak[1], p.total());
            peak[2] = Math.max(peak[2], p.waiting());
            maxSizes.put(p.name(), p.maxSize());
            now.put(p.name(), new int[] {p.active(), p.total()});
        }
        return now;
    }

    private void point() {
        Histogram all = new Histogram(3);
        long errors = 0;
        for (OperationStats s : stats) {
            all.add(s.drainInterval());
            errors += s.drainIntervalErrors();
        }
        long now = System.nanoTime();
        lastPointNanos = now;
        if (!warmedUp && now >= measureFromNanos) {
            stats.forEach(OperationStats::endWarmup);
            warmedUp = true;
            warmupEndNanos = now;
            cachesAtWarmupEnd = backend.caches();
        }
        CampusBackend.RouteCounters routes = backend.routes();
        Map<String, Integer> active = new LinkedHashMap<>();
        Map<String, Integer> open = new LinkedHashMap<>();
        for (CampusBackend.PoolSnapshot p : backend.pools()) {
            active.put(p.name(), p.active());
            open.put(p.name(), p.total());
        }
        double second = Math.round((now - startNanos) / 1e8) / 10.0;
        boolean empty = all.getTotalCount() == 0;
        timeline.add(new TimelinePoint(second, all.getTotalCount(), errors,
                empty ? 0 : all.getValueAtPercentile(50) / 1000.0, empty ? 0 : all.getValueAtPercentile(99) / 1000.0,
                routes.replicaReads() - lastRoutes.replicaReads(), routes.primaryReads() - lastRoutes.primaryReads(),
                routes.replicaFallbacks() - lastRoutes.replicaFallbacks(), active, open));
        lastRoutes = routes;
        listener.accept(timeline.get(timeline.size() - 1));
    }
}
