package dev.quadrangle.samples.load;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quadrangle.samples.ops.CampusBackend;
import java.util.List;
import java.util.Map;

/**
 * Everything a load run measured.
 *
 * @param startedAt when it started (ISO-8601)
 * @param seconds how long operations were measured (after the warm-up)
 * @param warmupSeconds how long the warm-up lasted, from the start of the run
 * @param warmupCalls calls completed during the warm-up (not in the percentiles)
 * @param warmupErrors calls failed during the warm-up
 * @param users virtual users
 * @param thinkTimeMs mean think time
 * @param workers worker threads
 * @param operations per-operation results, in {@link OperationKind} order
 * @param timeline one point per second
 * @param pools per-pool peaks
 * @param maxConnections the backend's connection budget
 * @param routes where reads and writes went
 * @param caches cache regions (empty without a cache)
 * @param answersAcknowledged answers the database acknowledged
 * @param answersFailed answer submissions that failed
 * @param events chaos steps and other events
 */
public record LoadResult(String startedAt, double seconds, double warmupSeconds, long warmupCalls,
        long warmupErrors, int users, long thinkTimeMs, int workers,
        List<OperationResult> operations, List<TimelinePoint> timeline, List<PoolUsage> pools, int maxConnections,
        CampusBackend.RouteCounters routes, List<CampusBackend.CacheRegionStats> caches, long answersAcknowledged,
        long answersFailed, List<RunEvent> events) {

    /** Copies the lists. */
    public LoadResult {
        operations = List.copyOf(operations);
        timeline = List.copyOf(timeline);
        pools = List.copyOf(pools);
        caches = List.copyOf(caches);
        events = List.copyOf(events);
    }

    /** Operations completed, over all kinds. */
    @JsonProperty("totalOps")
    public long totalOps() {
        return operations.stream().mapToLong(OperationResult::count).sum();
    }

    /** Operations failed, over all kinds. */
    @JsonProperty("totalErrors")
    public long totalErrors() {
        return operations.stream().mapToLong(OperationResult::errors).sum();
    }

    /** The highest number of connections open at once over all pools, as sampled. */
    @JsonProperty("peakConnections")
    public int peakConnections() {
        return pools.stream().mapToInt(PoolUsage::peakOpen).sum();
    }

    /**
     * One operation's results.
     *
     * @param name the operation
     * @param route {@code primary} for writes, {@code replica} for reads
     * @param count calls that succeeded
     * @param errors calls that failed
     * @param perSecond successful calls per second
     * @param latency latency from when the user wanted to act until the call returned
     * @param errorSamples distinct error messages and their counts
     */
    public record OperationResult(String name, String route, long count, long errors, double perSecond,
            LatencySummary latency, Map<String, Long> errorSamples) {
        /** Copies the samples. */
        public OperationResult {
            errorSamples = Map.copyOf(errorSamples);
        }
    }

    /**
     * A pool's peaks, sampled every {@value LoadSampler#SAMPLE_MILLIS} ms.
     *
     * @param name the pool
     * @param maxSize its maximum size
     * @param peakActive most connections in use at once
     * @param peakOpen most connections open at once
     * @param peakWaiting most threads waiting for a connection at once
     */
    public record PoolUsage(String name, int maxSize, int peakActive, int peakOpen, int peakWaiting) {
    }
}
