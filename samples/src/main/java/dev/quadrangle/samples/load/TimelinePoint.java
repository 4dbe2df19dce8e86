package dev.quadrangle.samples.load;

import java.util.Map;

/**
 * One second of a load run.
 *
 * @param second seconds since the start (the end of the interval)
 * @param ops operations completed in the interval
 * @param errors operations failed in the interval
 * @param p50Ms median latency over all operations in the interval (0 when none)
 * @param p99Ms 99th percentile latency over all operations in the interval (0 when none)
 * @param replicaReads reads served by the replica in the interval
 * @param primaryReads reads served by the primary in the interval
 * @param replicaFallbacks reads that fell back from the replica in the interval
 * @param activeConnections connections in use per pool at the end of the interval
 * @param openConnections connections open per pool at the end of the interval
 */
public record TimelinePoint(double second, long ops, long errors, double p50Ms, double p99Ms, long replicaReads,
        long primaryReads, long replicaFallbacks, Map<String, Integer> activeConnections,
        Map<String, Integer> openConnections) {
    /** Copies the maps. */
    public TimelinePoint {
        activeConnections = Map.copyOf(activeConnections);
        openConnections = Map.copyOf(openConnections);
    }
}
