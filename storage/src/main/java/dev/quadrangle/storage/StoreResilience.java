package dev.quadrangle.storage;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link S3ContentStore} protects callers from a slow or failing S3: a timeout per attempt, a
 * retry with exponential backoff and jitter for transient failures, a circuit breaker that makes calls
 * fail at once while S3 is down, and a bulkhead that bounds concurrent calls. Immutable and thread-safe.
 *
 * <p>A call that cannot succeed fails within {@link #worstCaseCallDuration()} with
 * {@link dev.quadrangle.spi.ContentUnavailableException}; once the circuit is open, at once.
 */
public final class StoreResilience {
    /** Default timeout of one S3 attempt: 5 seconds. */
    public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
    /** Default attempts per call, the first included: 3. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** Default first retry backoff: 100 ms (then doubled, with ±50% jitter). */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);
    /** Default longest retry backoff: 2 seconds. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(2);
    /** Default failure rate (percent of the last calls) that opens the circuit: 50. */
    public static final float DEFAULT_FAILURE_RATE_THRESHOLD = 50f;
    /** Default number of recent calls the failure rate is computed over (and the minimum before it opens): 10. */
    public static final int DEFAULT_SLIDING_WINDOW_CALLS = 10;
    /** Default time the circuit stays open before probing again: 10 seconds. */
    public static final Duration DEFAULT_OPEN_STATE_WAIT = Duration.ofSeconds(10);
    /** Default maximum concurrent S3 calls: 64. */
    public static final int DEFAULT_MAX_CONCURRENT_CALLS = 64;
    /** Default time to wait for a bulkhead permit: 1 second. */
    public static final Duration DEFAULT_MAX_WAIT_FOR_PERMIT = Duration.ofSeconds(1);

    private static final double JITTER = 0.5;

    private final Duration attemptTimeout;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final float failureRateThreshold;
    private final int slidingWindowCalls;
    private final Duration openStateWait;
    private final int maxConcurrentCalls;
    private final Duration maxWaitForPermit;

    private StoreResilience(Builder b) {
        this.attemptTimeout = b.attemptTimeout;
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.failureRateThreshold = b.failureRateThreshold;
        this.slidingWindowCalls = b.slidingWindowCalls;
        this.openStateWait = b.openStateWait;
        this.maxConcurrentCalls = b.maxConcurrentCalls;
        this.maxWaitForPermit = b.maxWaitForPermit;
    }

    /** The defaults. */
    public static StoreResilience defaults() {
        return builder().build();
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        return new Builder().attemptTimeout(attemptTimeout).maxAttempts(maxAttempts)
                .backoff(initialBackoff, maxBackoff).failureRateThreshold(failureRateThreshold)
                .slidingWindowCalls(slidingWindowCalls).openStateWait(openStateWait)
                .maxConcurrentCalls(maxConcurrentCalls).maxWaitForPermit(maxWaitForPermit);
    }

    /** The timeout of one attempt. */
    public Duration attemptTimeout() {
        return attemptTimeout;
    }

    /** Attempts per call, the first included. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** The first retry backoff. */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /** The longest retry backoff. */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** The jitter applied to each backoff, as a fraction (0.5 = ±50%). */
    public double jitter() {
        return JITTER;
    }

    /** The failure rate in percent that opens the circuit. */
    public float failureRateThreshold() {
        return failureRateThreshold;
    }

    /** The number of recent calls the failure rate is computed over. */
    public int slidingWindowCalls() {
        return slidingWindowCalls;
    }

    /** How long the circuit stays open before letting probe calls through. */
    public Duration openStateWait() {
        return openStateWait;
    }

    /** The maximum number of concurrent calls. */
    public int maxConcurrentCalls() {
        return maxConcurrentCalls;
    }

    /** How long a call waits for a bulkhead permit before failing. */
    public Duration maxWaitForPermit() {
        return maxWaitForPermit;
    }

    /**
     * The longest a failing call can take: the permit wait, every attempt timing out, and every backoff
     * at its jittered maximum.
     *
     * @return the bound
     */
    public Duration worstCaseCallDuration() {
        Duration total = maxWaitForPermit.plus(attemptTimeout.multipliedBy(maxAttempts));
        Duration backoff = initialBackoff;
        for (int i = 1; i < maxAttempts; i++) {
            Duration capped = backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff;
            total = total.plus(Duration.ofNanos((long) (capped.toNanos() * (1 + JITTER))));
            backoff = backoff.multipliedBy(2);
        }
        return total;
    }

    @Override
    public String toString() {
        return "StoreResilience[attemptTimeout=" + attemptTimeout + ", maxAttempts=" + maxAttempts
                + ", backoff=" + initialBackoff + ".." + maxBackoff + ", failureRateThreshold=" + failureRateThreshold
                + ", slidingWindowCalls=" + slidingWindowCalls + ", openStateWait=" + openStateWait
                + ", maxConcurrentCalls=" + maxConcurrentCalls + ", maxWaitForPermit=" + maxWaitForPermit + "]";
    }

    /** Builds a {@link StoreResilience}; not thread-safe. */
    public static final class Builder {
        private Duration attemptTimeout = DEFAULT_ATTEMPT_TIMEOUT;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private float failureRateThreshold = DEFAULT_FAILURE_RATE_THRESHOLD;
        private int slidingWindowCalls = DEFAULT_SLIDING_WINDOW_CALLS;
        private Duration openStateWait = DEFAULT_OPEN_STATE_WAIT;
        private int maxConcurrentCalls = DEFAULT_MAX_CONCURRENT_CALLS;
        private Duration maxWaitForPermit = DEFAULT_MAX_WAIT_FOR_PERMIT;

        private Builder() {
        }

        /**
         * Sets the timeout of one attempt.
         *
         * @param timeout between 10 ms and 10 minutes
         * @return this builder
         */
        public Builder attemptTimeout(Duration timeout) {
            this.attemptTimeout = range("attemptTimeout", timeout, Duration.ofMillis(10), Duration.ofMinutes(10));
            return this;
        }

        /**
         * Sets the attempts per call, the first included.
         *
         * @param attempts 1 to 10
         * @return this builder
         */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1 || attempts > 10) {
                throw new IllegalArgumentException("maxAttempts must be between 1 and 10, was " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /**
         * Sets the retry backoff: the first wait, doubled per retry up to the maximum, each with ±50% jitter.
         *
         * @param initial between 1 ms and 1 minute
         * @param max between {@code initial} and 5 minutes
         * @return this builder
         */
        public Builder backoff(Duration initial, Duration max) {
            Duration first = range("initialBackoff", initial, Duration.ofMillis(1), Duration.ofMinutes(1));
            this.maxBackoff = range("maxBackoff", max, first, Duration.ofMinutes(5));
            this.initialBackoff = first;
            return this;
        }

        /**
         * Sets the failure rate that opens the circuit.
         *
         * @param percent greater than 0 and at most 100
         * @return this builder
         */
        public Builder failureRateThreshold(float percent) {
            if (!(percent > 0 && percent <= 100)) {
                throw new IllegalArgumentException("failureRateThreshold must be in (0, 100], was " + percent);
            }
            this.failureRateThreshold = percent;
            return this;
        }

        /**
         * Sets how many recent calls the failure rate is computed over; the circuit cannot open before
         * that many calls were seen.
         *
         * @param calls 1 to 1000
         * @return this builder
         */
        public Builder slidingWindowCalls(int calls) {
            if (calls < 1 || calls > 1000) {
                throw new IllegalArgumentException("slidingWindowCalls must be between 1 and 1000, was " + calls);
            }
            this.slidingWindowCalls = calls;
            return this;
        }

        /**
         * Sets how long the circuit stays open before probing.
         *
         * @param wait between 10 ms and 10 minutes
         * @return this builder
         */
        public Builder openStateWait(Duration wait) {
            this.openStateWait = range("openStateWait", wait, Duration.ofMillis(10), Duration.ofMinutes(10));
            return this;
        }

        /**
         * Sets the maximum number of concurrent calls.
         *
         * @param calls 1 to 10000
         * @return this builder
         */
        public Builder maxConcurrentCalls(int calls) {
            if (calls < 1 || calls > 10_000) {
                throw new IllegalArgumentException("maxConcurrentCalls must be between 1 and 10000, was " + calls);
            }
            this.maxConcurrentCalls = calls;
            return this;
        }

        /**
         * Sets how long a call waits for a bulkhead permit.
         *
         * @param wait between 0 and 1 minute
         * @return this builder
         */
        public Builder maxWaitForPermit(Duration wait) {
            this.maxWaitForPermit = range("maxWaitForPermit", wait, Duration.ZERO, Duration.ofMinutes(1));
            return this;
        }

        /** Builds the configuration. */
        public StoreResilience build() {
            return new StoreResilience(this);
        }

        private static Duration range(String property, Duration value, Duration min, Duration max) {
            Objects.requireNonNull(value, property);
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new IllegalArgumentException(property + " must be between " + min + " and " + max + ", was " + value);
            }
            return value;
        }
    }
}
