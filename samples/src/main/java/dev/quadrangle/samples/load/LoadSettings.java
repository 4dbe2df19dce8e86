package dev.quadrangle.samples.load;

import java.time.Duration;

/**
 * How a load run is shaped: how many virtual users, how long each thinks between operations, how long
 * the run lasts, and how many worker threads carry the users.
 *
 * @param users virtual users, 1 to {@value #MAX_USERS}
 * @param warmup how long the users run before measuring starts, 0 to 10 min (its calls count apart)
 * @param duration how long operations are measured after the warm-up, 1 s to 1 h
 * @param thinkTime the mean pause between a user's operations (drawn from 0.5x to 1.5x), 0 to 60 s
 * @param workers worker threads, 1 to {@value #MAX_WORKERS}
 * @param seed the seed of the users' random streams
 */
public record LoadSettings(int users, Duration warmup, Duration duration, Duration thinkTime, int workers, long seed) {
    /** The most virtual users. */
    public static final int MAX_USERS = 100_000;
    /** The most worker threads. */
    public static final int MAX_WORKERS = 512;
    /** The longest run. */
    public static final Duration MAX_DURATION = Duration.ofHours(1);
    /** The longest warm-up. */
    public static final Duration MAX_WARMUP = Duration.ofMinutes(10);
    /** The longest think time. */
    public static final Duration MAX_THINK_TIME = Duration.ofSeconds(60);

    /**
     * Validates the settings.
     *
     * @throws IllegalArgumentException naming the setting, its value and the allowed range
     */
    public LoadSettings {
        if (users < 1 || users > MAX_USERS) {
            throw new IllegalArgumentException("users must be between 1 and " + MAX_USERS + ", was " + users);
        }
        if (warmup == null || warmup.isNegative() || warmup.compareTo(MAX_WARMUP) > 0) {
            throw new IllegalArgumentException("warmup must be between 0s and 10m, was " + warmup);
        }
        if (duration == null || duration.compareTo(Duration.ofSeconds(1)) < 0 || duration.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("duration must be between 1s and 1h, was " + duration);
        }
        if (thinkTime == null || thinkTime.isNegative() || thinkTime.compareTo(MAX_THINK_TIME) > 0) {
            throw new IllegalArgumentException("thinkTime must be between 0s and 60s, was " + thinkTime);
        }
        if (workers < 1 || workers > MAX_WORKERS) {
            throw new IllegalArgumentException("workers must be between 1 and " + MAX_WORKERS + ", was " + workers);
        }
    }
}
