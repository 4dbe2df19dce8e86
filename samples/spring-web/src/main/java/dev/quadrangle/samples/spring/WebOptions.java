package dev.quadrangle.samples.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The example's command line: its own options, and everything else for Spring Boot
 * ({@code --server.port=8081}, ...). Immutable.
 *
 * @param schools campus size
 * @param seed data and load seed
 * @param load whether to drive the HTTP load and exit
 * @param users virtual users of the load
 * @param warmup load before measuring
 * @param duration measured load
 * @param thinkTime mean pause between a user's requests
 * @param report where the load's JSON result goes, or {@code null}
 * @param springArgs the arguments for Spring Boot
 */
public record WebOptions(int schools, long seed, boolean load, int users, Duration warmup, Duration duration,
        Duration thinkTime, String report, List<String> springArgs) {

    /** Default campus size: 2 schools, as the non-Spring sample's default. */
    public static final int DEFAULT_SCHOOLS = 2;
    /** Default virtual users: 200. */
    public static final int DEFAULT_USERS = 200;
    /** Default warm-up: 5 s. */
    public static final Duration DEFAULT_WARMUP = Duration.ofSeconds(5);
    /** Default measured load: 30 s. */
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(30);
    /** Default mean think time: 1 s, as the non-Spring sample's default. */
    public static final Duration DEFAULT_THINK_TIME = Duration.ofSeconds(1);

    /** Copies the list. */
    public WebOptions {
        springArgs = List.copyOf(springArgs);
    }

    /**
     * Parses a command line.
     *
     * @param args the arguments
     * @return the options
     * @throws IllegalArgumentException naming the option, the value and what is allowed
     */
    public static WebOptions parse(String... args) {
        int schools = DEFAULT_SCHOOLS;
        long seed = 20261122L;
        boolean load = false;
        int users = DEFAULT_USERS;
        Duration warmup = DEFAULT_WARMUP;
        Duration duration = DEFAULT_DURATION;
        Duration think = DEFAULT_THINK_TIME;
        String report = null;
        List<String> spring = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--schools" -> schools = intIn(a, value(args, ++i, a), 1, 1_000);
                case "--seed" -> seed = Long.parseLong(value(args, ++i, a));
                case "--load" -> load = true;
                case "--users" -> users = intIn(a, value(args, ++i, a), 1, 10_000);
                case "--warmup" -> warmup = durationIn(a, value(args, ++i, a), Duration.ZERO, Duration.ofMinutes(10));
                case "--duration" -> duration = durationIn(a, value(args, ++i, a), Duration.ofSeconds(1), Duration.ofHours(1));
                case "--think-time" -> think = durationIn(a, value(args, ++i, a), Duration.ZERO, Duration.ofMinutes(1));
                case "--report" -> report = value(args, ++i, a);
                default -> spring.add(a);
            }
        }
        return new WebOptions(schools, seed, load, users, warmup, duration, think, report, spring);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int intIn(String option, String value, int min, int max) {
        try {
            int v = Integer.parseInt(value);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException(option + " must be a whole number from " + min + " to " + max + ", was '"
                + value + "'");
    }

    /**
     * Parses {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h} or a bare number of seconds.
     *
     * @param option the option, for the message
     * @param value the text
     * @param min the smallest allowed
     * @param max the largest allowed
     * @return the duration
     */
    static Duration durationIn(String option, String value, Duration min, Duration max) {
        Duration d = null;
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            } else if (v.endsWith("s")) {
                d = Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            } else if (v.endsWith("m")) {
                d = Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            } else if (v.endsWith("h")) {
                d = Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
            } else {
                d = Duration.ofSeconds(Long.parseLong(v));
            }
        } catch (NumberFormatException e) {
            d = null;
        }
        if (d == null || d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new IllegalArgumentException(option + " must be a duration from " + min + " to " + max
                    + " (500ms, 30s, 2m), was '" + value + "'");
        }
        return d;
    }
}
