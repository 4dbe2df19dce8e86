package dev.quadrangle.benchmarks;

import dev.quadrangle.samples.data.CampusGenerator;
import dev.quadrangle.samples.data.CampusLoader;
import dev.quadrangle.samples.data.CampusScale;
import dev.quadrangle.samples.data.GeneratedCampus;
import dev.quadrangle.samples.schema.CampusCalendar;
import dev.quadrangle.samples.schema.CampusSchema;
import dev.quadrangle.samples.schema.PartitionLayout;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * The campus data set that {@link HotPathBenchmark} measures on, built once and kept: an embedded
 * PostgreSQL data directory in a cache directory, reused by every later run (and every JMH fork) while
 * its {@link DatasetMarker marker} names the current version. The version covers the scale, seed and
 * anchor, the samples' schema and the class files of the samples' generator, and {@link HotPathExtras};
 * any change rebuilds the directory.
 *
 * <p>The cache directory is {@code $QUADRANGLE_BENCH_CACHE/hotpath-s50} (system property
 * {@code quadrangle.bench.cache}; default {@code ~/.cache/quadrangle}). Only a primary runs (no standby),
 * on a random free loopback port. Build it ahead with
 * {@code java -cp benchmarks/target/benchmarks.jar dev.quadrangle.benchmarks.HotPathDataset}.
 *
 * <p>Not thread-safe; one JVM at a time may use a cache directory.
 */
public final class HotPathDataset implements AutoCloseable {
    /** Schools generated: the seeds' 50 schools, 50,000 students. */
    public static final int SCHOOLS = 50;
    /** The generator's seed. */
    public static final long SEED = CampusGenerator.DEFAULT_SEED;
    /** The data set's "now": history lies before it, and every query uses it instead of the clock. */
    public static final Instant ANCHOR = Instant.parse("2026-11-22T12:00:00Z");
    /** Environment variable naming the cache root. */
    public static final String CACHE_ENV = "QUADRANGLE_BENCH_CACHE";
    /** System property naming the cache root (the environment variable wins). */
    public static final String CACHE_PROPERTY = "quadrangle.bench.cache";
    static final String OWNER_FILE = "owner.pid";
    private static final String DATA = "pgdata";
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);
    private static final List<String> SAMPLE_DATA_CLASSES = List.of("CampusGenerator", "CampusLoader", "CampusScale",
            "CopyLoader", "CopyLine", "TableOutput", "PeopleGenerator", "ActivityGenerator", "QuestionBankGenerator",
            "HistoryGenerator", "TextFactory", "Rng", "RowSink");
    private static final List<String> SAMPLE_SCHEMA_CLASSES = List.of("CampusSchema", "PartitionLayout", "CampusCalendar");

    private final Path directory;
    private final EmbeddedPostgres postgres;
    private final Map<String, String> facts;

    private HotPathDataset(Path directory, EmbeddedPostgres postgres, Map<String, String> facts) {
        this.directory = directory;
        this.postgres = postgres;
        this.facts = facts;
    }

    /**
     * The cache root: {@value #CACHE_ENV}, else {@value #CACHE_PROPERTY}, else {@code ~/.cache/quadrangle}.
     *
     * @param env the environment's value, may be {@code null}
     * @param property the system property's value, may be {@code null}
     * @param home the user's home directory
     * @return the data set's directory under the root
     */
    static Path cacheDirectory(String env, String property, Path home) {
        String root = env != null && !env.isBlank() ? env : property != null && !property.isBlank() ? property : null;
        Path base = root != null ? Path.of(root) : home.resolve(".cache").resolve("quadrangle");
        return base.resolve("hotpath-s" + SCHOOLS).toAbsolutePath().normalize();
    }

    /** The cache directory this JVM uses. */
    public static Path cacheDirectory() {
        return cacheDirectory(System.getenv(CACHE_ENV), System.getProperty(CACHE_PROPERTY),
                Path.of(System.getProperty("user.home")));
    }

    /** The campus calendar, anchored at {@link #ANCHOR}. */
    public static CampusCalendar calendar() {
        return CampusCalendar.anchoredAt(ANCHOR);
    }

    /** The campus scale. */
    public static CampusScale scale() {
        return CampusScale.ofSchools(SCHOOLS);
    }

    /**
     * The current data set version: everything the data set is built from.
     *
     * @return the version
     */
    static String version() {
        List<byte[]> parts = new ArrayList<>();
        parts.add(("hotpath schools=" + SCHOOLS + " seed=" + SEED + " anchor=" + ANCHOR).getBytes(StandardCharsets.UTF_8));
        for (String sql : CampusSchema.statements(CampusSchema.TABLES)) {
            parts.add(sql.getBytes(StandardCharsets.UTF_8));
        }
        for (String sql : CampusSchema.statements(CampusSchema.INDEXES)) {
            parts.add(sql.getBytes(StandardCharsets.UTF_8));
        }
        for (String sql : new PartitionLayout(calendar()).statements()) {
            parts.add(sql.getBytes(StandardCharsets.UTF_8));
        }
        for (String name : SAMPLE_DATA_CLASSES) {
            parts.add(DatasetMarker.classBytes(CampusGenerator.class, name));
        }
        for (String name : SAMPLE_SCHEMA_CLASSES) {
            parts.add(DatasetMarker.classBytes(CampusSchema.class, name));
        }
        for (String sql : HotPathExtras.statements(calendar(), scale())) {
            parts.add(sql.getBytes(StandardCharsets.UTF_8));
        }
        return DatasetMarker.version(parts);
    }

    /**
     * Opens the data set in {@link #cacheDirectory()}, building it first when it is missing or stale.
     *
     * @return the running data set
     * @throws SQLException when the build fails
     * @throws IllegalStateException when another running JVM uses the directory
     */
    public static HotPathDataset open() throws SQLException {
        return open(cacheDirectory());
    }

    /**
     * Opens the data set in a directory, building it first when it is missing or stale.
     *
     * @param directory the cache directory
     * @return the running data set
     * @throws SQLException when the build fails
     * @throws IllegalStateException when another running JVM uses the directory
     */
    public static HotPathDataset open(Path directory) throws SQLException {
        String version = version();
        try {
            Files.createDirectories(directory);
            stopOrphanedServer(directory);
            Files.writeString(directory.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
            boolean current = DatasetMarker.isCurrent(directory, version)
                    && Files.exists(directory.resolve(DATA).resolve("PG_VERSION"));
            if (!current) {
                DatasetMarker.delete(directory);
                deleteTree(directory.resolve(DATA));
                System.out.println("building the hot path data set in " + directory + " (version " + version + ")");
            }
            EmbeddedPostgres postgres = start(directory.resolve(DATA));
            try {
                if (!current) {
                    Map<String, String> facts = build(postgres.getPostgresDatabase());
                    DatasetMarker.write(directory, version, facts);
                }
            } catch (SQLException | RuntimeException e) {
                postgres.close();
                throw e;
            }
            return new HotPathDataset(directory, postgres, DatasetMarker.facts(directory));
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare the hot path data set in " + directory + ": " + e.getMessage(), e);
        }
    }

    private static EmbeddedPostgres start(Path data) throws IOException {
        return EmbeddedPostgres.builder()
                .setPort(freePort())
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(true)
                .setPGStartupWait(Duration.ofSeconds(120))
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("unix_socket_directories", data.getParent().toString())
                .setServerConfig("shared_buffers", "512MB")
                .setServerConfig("max_wal_size", "2GB")
                .setServerConfig("min_wal_size", "80MB")
                .setServerConfig("max_connections", "50")
                .setServerConfig("synchronous_commit", "on")
                .start();
    }

    private static Map<String, String> build(DataSource primary) throws SQLException {
        long started = System.nanoTime();
        CampusCalendar calendar = calendar();
        GeneratedCampus campus = new CampusLoader(primary, System.out, false)
                .load(new CampusGenerator(SEED, scale(), calendar), new PartitionLayout(calendar));
        long sampleMillis = (System.nanoTime() - started) / 1_000_000;
        long extrasStarted = System.nanoTime();
        try (Connection c = primary.getConnection(); Statement s = c.createStatement()) {
            for (String sql : HotPathExtras.statements(calendar, scale())) {
                s.execute(sql);
            }
            s.execute("VACUUM (ANALYZE)");
            // twice: the second checkpoint recycles the bulk load's WAL, which would stay in the cache otherwise
            s.execute("CHECKPOINT");
            s.execute("CHECKPOINT");
        }
        long extrasMillis = (System.nanoTime() - extrasStarted) / 1_000_000;
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("built", Instant.now().toString());
        facts.put("build.samples.millis", Long.toString(sampleMillis));
        facts.put("build.extras.millis", Long.toString(extrasMillis));
        facts.put("build.millis", Long.toString((System.nanoTime() - started) / 1_000_000));
        facts.put("generated.rows", Long.toString(campus.totalRows()));
        try (Connection c = primary.getConnection(); Statement s = c.createStatement()) {
            for (String table : List.of("students", "users", "classes", "activities", "activity_grades", "questions",
                    "answers", "performance_summaries", "audit_logs", "audit_logs_flat")) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    facts.put("rows." + table, Long.toString(rs.getLong(1)));
                }
            }
        }
        return facts;
    }

    /**
     * Stops a server left running in the directory by a JVM that is gone (killed outright, so its
     * shutdown hook never ran); refuses when the owning JVM still runs.
     */
    private static void stopOrphanedServer(Path directory) {
        Optional<Long> postmaster = readPid(directory.resolve(DATA).resolve("postmaster.pid"));
        Optional<ProcessHandle> running = postmaster.flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
        if (running.isEmpty()) {
            return;
        }
        Optional<Long> owner = readPid(directory.resolve(OWNER_FILE));
        boolean ownerAlive = owner.filter(pid -> pid != ProcessHandle.current().pid())
                .flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false);
        if (ownerAlive) {
            throw new IllegalStateException("the hot path data set in " + directory + " is in use by JVM " + owner.get()
                    + "; wait for it, or set " + CACHE_ENV + " to another directory");
        }
        ProcessHandle server = running.get();
        server.destroy();
        try {
            server.onExit().get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            server.destroyForcibly();
        }
        System.out.println("stopped the PostgreSQL server (pid " + server.pid() + ") left running in " + directory);
    }

    private static Optional<Long> readPid(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = socket.getLocalPort();
                if (port != 5432 && port != 6379) {
                    return port;
                }
            }
        }
        throw new IOException("no free loopback port after 20 attempts");
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The primary's {@code postgres} database (zonky's data source; no pool). */
    public DataSource dataSource() {
        return postgres.getPostgresDatabase();
    }

    /** The JDBC URL of the primary's {@code postgres} database. */
    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    /** The primary's port on loopback. */
    public int port() {
        return postgres.getPort();
    }

    /** The cache directory. */
    public Path directory() {
        return directory;
    }

    /** What the marker records: version, build times, row counts ({@code rows.<table>}). */
    public Map<String, String> facts() {
        return facts;
    }

    /** Stops the server; the data directory stays for the next run. */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop the hot path data set's PostgreSQL: " + e.getMessage(), e);
        }
    }

    /**
     * Builds the data set when needed and prints what it holds; with {@code --hold}, keeps the server running
     * until a line (or the end of input) arrives on standard input, for {@code psql} and {@code EXPLAIN}.
     *
     * @param args nothing, or {@code --hold}
     * @throws SQLException when the build fails
     * @throws IOException when standard input cannot be read
     */
    public static void main(String[] args) throws SQLException, IOException {
        boolean hold = List.of(args).contains("--hold");
        if (args.length > (hold ? 1 : 0)) {
            throw new IllegalArgumentException("usage: HotPathDataset [--hold], was " + List.of(args));
        }
        long started = System.nanoTime();
        try (HotPathDataset dataset = open()) {
            System.out.println("hot path data set ready in " + (System.nanoTime() - started) / 1_000_000 + " ms: "
                    + dataset.directory());
            dataset.facts().forEach((k, v) -> System.out.println("  " + k + " = " + v));
            if (hold) {
                System.out.println("serving " + dataset.jdbcUrl() + " until a line arrives on standard input");
                System.in.read();
            }
        }
    }
}
