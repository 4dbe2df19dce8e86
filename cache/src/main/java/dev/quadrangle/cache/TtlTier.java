package dev.quadrangle.cache;

import java.time.Duration;

/**
 * Named time-to-live defaults for cache regions, after the three layers of the campus optimisation
 * plan: hot data for minutes, warm data for an hour, cold data for a day.
 *
 * <p>The region adds jitter below the tier's TTL so that entries written together do not expire
 * together (see {@link RegionConfig.Builder#jitter(double)}).
 */
public enum TtlTier {
    /** Five minutes: performance summaries, live counters. */
    HOT(Duration.ofMinutes(5)),
    /** One hour: question pools, topic listings. */
    WARM(Duration.ofHours(1)),
    /** Twenty-four hours: reference data that changes rarely. */
    COLD(Duration.ofHours(24));

    private final Duration ttl;

    TtlTier(Duration ttl) {
        this.ttl = ttl;
    }

    /**
     * The tier's time to live before jitter.
     *
     * @return the TTL, positive
     */
    public Duration ttl() {
        return ttl;
    }
}
