package dev.quadrangle.samples.ops;

import java.util.List;

/**
 * The seam between the demo and an implementation of the workload: the operations, plus what the load
 * driver reports about them (connection pools, where reads went, caches). The plain-JDBC backend is
 * one implementation; a backend composed from the Quadrangle modules is another.
 *
 * <p>Implementations are thread-safe; closing one closes what it created (pools, clients), never the
 * services it was given.
 */
public interface CampusBackend extends AutoCloseable {

    /** A short description for reports, e.g. {@code "plain JDBC: HikariCP primary + replica pools"}. */
    String description();

    /** The operations. */
    CampusOperations operations();

    /** The most database connections this backend will ever open, over all its pools. */
    int maxConnections();

    /** Current usage of each connection pool. */
    List<PoolSnapshot> pools();

    /** Where reads and writes have gone so far. */
    RouteCounters routes();

    /** Hit and miss counts per cache region; empty when the backend caches nothing. */
    List<CacheRegionStats> caches();

    /** Which external services the operations use: {@code primary}, {@code standby}, {@code redis}, {@code s3}. */
    List<String> servicesUsed();

    /**
     * What degraded during the run, one human-readable line per module or replica; empty when the
     * backend has nothing to say (the plain-JDBC backend reports through {@link #routes()} only).
     *
     * @return the lines
     */
    default List<String> degradations() {
        return List.of();
    }

    /** Closes the pools and clients this backend created. */
    @Override
    void close();

    /**
     * A connection pool's usage at one moment.
     *
     * @param name the pool's name
     * @param maxSize its maximum size
     * @param active connections in use
     * @param total connections open, as the pool counts them (not active + idle, which are read apart)
     * @param waiting threads waiting for a connection
     */
    record PoolSnapshot(String name, int maxSize, int active, int total, int waiting) {
    }

    /**
     * Counts of where statements went.
     *
     * @param replicaReads reads served by a replica
     * @param primaryReads reads served by the primary (including fallbacks and overflows)
     * @param writes writes (always on the primary)
     * @param replicaFallbacks reads that found the replica failing and went to the primary instead
     * @param replicaOverflows reads that found the replica's pool exhausted (the replica healthy) and went
     *     to the primary instead
     */
    record RouteCounters(long replicaReads, long primaryReads, long writes, long replicaFallbacks,
            long replicaOverflows) {
    }

    /**
     * One cache region's counts.
     *
     * @param region the region's name
     * @param hits hits
     * @param misses misses
     */
    record CacheRegionStats(String region, long hits, long misses) {
        /** Hits over all lookups, 0 when there were none. */
        public double hitRatio() {
            long lookups = hits + misses;
            return lookups == 0 ? 0 : (double) hits / lookups;
        }
    }
}
