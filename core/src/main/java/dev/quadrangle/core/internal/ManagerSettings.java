package dev.quadrangle.core.internal;

import java.time.Clock;
import java.time.Duration;

/**
 * The validated settings of a partition manager.
 *
 * @param clock decides the current and expired partitions
 * @param lockTimeout the {@code lock_timeout} of maintenance DDL
 * @param lockAttempts attempts per statement that hits the lock timeout
 * @param retryBackoff the first backoff, doubled per attempt up to one second
 * @param catalogSchema the schema of the archive catalog
 */
public record ManagerSettings(Clock clock, Duration lockTimeout, int lockAttempts, Duration retryBackoff,
        String catalogSchema) {
}
