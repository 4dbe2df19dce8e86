package dev.quadrangle.samples;

import dev.quadrangle.samples.data.CampusGenerator;
import dev.quadrangle.samples.data.CampusScale;
import dev.quadrangle.samples.load.LoadSettings;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The demo's command-line options, validated: each bad value is an {@link IllegalArgumentException}
 * naming the option, the value and what is allowed. Options may also come from a properties file
 * ({@code --config FILE}): keys without dashes ({@code schools=50}); keys starting with
 * {@code quadrangle.} (the testkit's endpoint settings) become system properties. The command line wins.
 *
 * @param schools schools to generate
 * @param users virtual users
 * @param warmup how long the load runs before it is measured
 * @param duration how long the load is measured
 * @param thinkTime mean think time between a user's operations
 * @param maxConnections the connection budget over all pools
 * @param workers worker threads carrying the virtual users
 * @param chaos whether to inject faults
 * @param failover whether the database is a topology with a synchronous standby whose primary the chaos
 *     steps fail over (implies {@code chaos})
 * @param backend which backend runs the operations: {@code modules} or {@code jdbc}
 * @param seed the data and load seed
 * @param reportDir where the report is written
 * @param systemProperties endpoint settings from a config file, to set before services start
 */
public record DemoOptions(int schools, int users, Duration warmup, Duration duration, Duration thinkTime, int maxConnections,
        int workers, boolean chaos, boolean failover, String backend, long seed, Path reportDir,
        Map<String, String> systemProperties) {
    /** Default schools: about a one-minute demo. */
    public static final int DEFAULT_SCHOOLS = 2;
    /** Default virtual users. */
    public static final int DEFAULT_USERS = 200;
    /** Default run length. */
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(30);
    /** Default warm-up. */
    public static final Duration DEFAULT_WARMUP = Duration.ofSeconds(5);
    /** Default mean think time. */
    public static final Duration DEFAULT_THINK_TIME = Duration.ofSeconds(1);
    /** Default connection budget (seed 004: "30 (pooled)"). */
    public static final int DEFAULT_MAX_CONNECTIONS = 30;
    /** Largest connection budget. */
    public static final int MAX_CONNECTIONS = 200;
    /** The system property that sets the default report directory (the Maven build sets it). */
    public static final String REPORT_DIR_PROPERTY = "quadrangle.samples.report-dir";

    /** The backend composed from the Quadrangle modules (the default). */
    public static final String BACKEND_MODULES = "modules";
    /** The plain-JDBC backend, for comparison. */
    public static final String BACKEND_JDBC = "jdbc";

    /** The usage text. */
    public static final String USAGE = String.join("\n",
            "options:",
            "  --schools N          schools to generate, 1 to 1000 (default 2; 50 = 50,000 students)",
            "  --users N            virtual users (default 200)",
            "  --warmup D           load before measuring (JIT, caches, users arriving), e.g. 5s (default 5s)",
            "  --duration D         measured load duration after the warm-up, e.g. 30s, 2m (default 30s)",
            "  --think-time D       mean pause between a user's operations (default 1s)",
            "  --max-connections N  connection budget over all pools, 2 to 200 (default 30)",
            "  --workers N          worker threads for the virtual users (default 2 x max-connections)",
            "  --chaos              stop the standby, restart Redis, stop S3 during the run",
            "  --failover           chaos on a primary with a synchronous standby of its own: the primary is",
            "                       stopped, the standby promoted, the old primary rejoins (modules backend)",
            "  --backend NAME       modules (routing, cache, content offload; default) or jdbc (plain HikariCP)",
            "  --seed N             data and load seed (default 20261122)",
            "  --report-dir DIR     where report.html and report.json go (default samples/target/report)",
            "  --config FILE        properties file: these options without dashes, and quadrangle.* endpoints",
            "  --help               this text");

    /** Copies the map. */
    public DemoOptions {
        systemProperties = Map.copyOf(systemProperties);
    }

    /**
     * Parses and validates the arguments.
     *
     * @param args the command line
     * @return the options
     * @throws IllegalArgumentException for an unknown option, a missing or bad value
     */
    public static DemoOptions parse(String... args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'\n" + USAGE);
            }
            String name = arg.substring(2);
            if (name.equals("chaos") || name.equals("failover") || name.equals("help")) {
                values.put(name, "true");
                continue;
            }
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "\n" + USAGE);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            values.put(name, args[++i]);
        }
        Map<String, String> system = new LinkedHashMap<>();
        if (values.containsKey("config")) {
            Map<String, String> file = readConfig(Paths.get(values.get("config")), system);
            file.forEach(values::putIfAbsent);
        }
        return fromValues(values, system);
    }

    private static final List<String> KNOWN = List.of("schools", "users", "warmup", "duration", "think-time", "max-connections",
            "workers", "backend", "seed", "report-dir", "config", "chaos", "failover", "help");

    private static DemoOptions fromValues(Map<String, String> v, Map<String, String> system) {
        int schools = integer(v, "schools", DEFAULT_SCHOOLS, CampusScale.MIN_SCHOOLS, CampusScale.MAX_SCHOOLS);
        int users = integer(v, "users", DEFAULT_USERS, 1, LoadSettings.MAX_USERS);
        Duration warmup = duration(v, "warmup", DEFAULT_WARMUP, Duration.ZERO, LoadSettings.MAX_WARMUP);
        Duration duration = duration(v, "duration", DEFAULT_DURATION, Duration.ofSeconds(1), LoadSettings.MAX_DURATION);
        Duration think = duration(v, "think-time", DEFAULT_THINK_TIME, Duration.ZERO, LoadSettings.MAX_THINK_TIME);
        int connections = integer(v, "max-connections", DEFAULT_MAX_CONNECTIONS, 2, MAX_CONNECTIONS);
        int workers = integer(v, "workers", Math.min(LoadSettings.MAX_WORKERS, 2 * connections), 1,
                LoadSettings.MAX_WORKERS);
        long seed = v.containsKey("seed") ? parseLong("seed", v.get("seed")) : CampusGenerator.DEFAULT_SEED;
        Path reportDir = Paths.get(v.getOrDefault("report-dir",
                System.getProperty(REPORT_DIR_PROPERTY, Paths.get("samples", "target", "report").toString())));
        boolean failover = Boolean.parseBoolean(v.getOrDefault("failover", "false"));
        boolean chaos = failover || Boolean.parseBoolean(v.getOrDefault("chaos", "false"));
        String backend = v.getOrDefault("backend", BACKEND_MODULES);
        if (!backend.equals(BACKEND_MODULES) && !backend.equals(BACKEND_JDBC)) {
            throw new IllegalArgumentException("--backend must be " + BACKEND_MODULES + " or " + BACKEND_JDBC + ", was '"
                    + backend + "'");
        }
        if (failover && !backend.equals(BACKEND_MODULES)) {
            throw new IllegalArgumentException("--failover needs --backend " + BACKEND_MODULES + " (routing over "
                    + "discovered nodes), was '" + backend + "'");
        }
        return new DemoOptions(schools, users, warmup, duration, think, connections, workers, chaos, failover, backend,
                seed, reportDir, system);
    }

    /** Whether {@code --help} was given. */
    public static boolean wantsHelp(String... args) {
        return List.of(args).contains("--help");
    }

    /** The load settings these options describe. */
    public LoadSettings loadSettings() {
        return new LoadSettings(users, warmup, duration, thinkTime, workers, seed);
    }

    private static Map<String, String> readConfig(Path file, Map<String, String> system) {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read --config " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> options = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String key : props.stringPropertyNames()) {
            if (key.startsWith("quadrangle.")) {
                system.put(key, props.getProperty(key).trim());
            } else if (KNOWN.contains(key) && !key.equals("config") && !key.equals("help")) {
                options.put(key, props.getProperty(key).trim());
            } else {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown keys in --config " + file + ": " + unknown.stream().sorted().toList()
                    + "; allowed: the options without dashes, and quadrangle.* endpoint settings");
        }
        return options;
    }

    private static int integer(Map<String, String> v, String name, int def, int min, int max) {
        if (!v.containsKey(name)) {
            return def;
        }
        long value = parseLong(name, v.get(name));
        if (value < min || value > max) {
            throw new IllegalArgumentException("--" + name + " must be between " + min + " and " + max + ", was " + value);
        }
        return (int) value;
    }

    private static long parseLong(String name, String text) {
        try {
            return Long.parseLong(text.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, was '" + text + "'", e);
        }
    }

    private static Duration duration(Map<String, String> v, String name, Duration def, Duration min, Duration max) {
        if (!v.containsKey(name)) {
            return def;
        }
        Duration d = parseDuration(name, v.get(name));
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new IllegalArgumentException("--" + name + " must be between " + human(min) + " and " + human(max)
                    + ", was " + v.get(name));
        }
        return d;
    }

    /**
     * Parses {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, a bare number of seconds, or ISO-8601.
     */
    static Duration parseDuration(String name, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("pt")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            if (t.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            if (t.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(t));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("--" + name + " must be a duration such as 500ms, 30s, 2m or 1h, was '"
                    + text + "'", e);
        }
    }

    private static String human(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.toMillis() % 3_600_000 == 0) {
            return d.toHours() + "h";
        }
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
