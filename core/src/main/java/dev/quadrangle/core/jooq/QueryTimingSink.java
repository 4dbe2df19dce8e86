package dev.quadrangle.core.jooq;

/**
 * Receives the timing of every query a {@link QueryTimingListener} sees; implementations must be
 * thread-safe, fast and must not throw. {@code dev.quadrangle.core.metrics.QueryMetrics} feeds Micrometer.
 */
@FunctionalInterface
public interface QueryTimingSink {

    /** A sink that ignores everything. */
    QueryTimingSink NONE = (type, nanos, failed) -> { };

    /**
     * Records one executed query.
     *
     * @param type {@code read}, {@code write}, {@code ddl}, {@code batch}, {@code routine} or {@code other}
     * @param nanos how long it ran, from start to end of jOOQ's execution
     * @param failed whether it ended with an exception
     */
    void record(String type, long nanos, boolean failed);
}
