package dev.quadrangle.samples;

import dev.quadrangle.samples.chaos.AnswerAudit;
import dev.quadrangle.samples.chaos.ChaosPlan;
import dev.quadrangle.samples.chaos.FailoverWatch;
import dev.quadrangle.samples.data.CampusGenerator;
import dev.quadrangle.samples.data.CampusLoader;
import dev.quadrangle.samples.data.CampusScale;
import dev.quadrangle.samples.data.GeneratedCampus;
import dev.quadrangle.samples.jdbc.JdbcCampusBackend;
import dev.quadrangle.samples.jdbc.JdbcEndpoints;
import dev.quadrangle.samples.load.LoadDriver;
import dev.quadrangle.samples.modules.ContentOffloadPass;
import dev.quadrangle.samples.modules.ModuleCampusBackend;
import dev.quadrangle.samples.load.LoadResult;
import dev.quadrangle.samples.load.TimedAction;
import dev.quadrangle.samples.load.TimelinePoint;
import dev.quadrangle.samples.ops.CampusBackend;
import dev.quadrangle.samples.report.CampusReport;
import dev.quadrangle.samples.report.ConsoleReport;
import dev.quadrangle.samples.report.FaultAnalysis;
import dev.quadrangle.samples.report.HtmlReport;
import dev.quadrangle.samples.report.ReportJson;
import dev.quadrangle.samples.schema.CampusCalendar;
import dev.quadrangle.samples.schema.CampusPartitions;
import dev.quadrangle.storage.S3ContentStore;
import dev.quadrangle.core.partition.ArchivedPartition;
import dev.quadrangle.core.partition.EnsureResult;
import dev.quadrangle.core.partition.RetentionResult;
import java.util.ArrayList;
import dev.quadrangle.testkit.PostgresCluster;
import dev.quadrangle.testkit.PostgresNode;
import dev.quadrangle.testkit.PostgresTopology;
import dev.quadrangle.testkit.ReplicationMode;
import dev.quadrangle.testkit.PostgresServer;
import dev.quadrangle.testkit.QuadrangleServices;
import dev.quadrangle.testkit.S3Server;
import dev.quadrangle.testkit.TestDatabase;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One demo run, end to end: services, a fresh database, the generated campus loaded with COPY, the
 * backend's pools, the load (with chaos steps when asked), the connection count and the answer audit,
 * and the report written as HTML and JSON.
 *
 * <p>Not thread-safe; one run per instance.
 */
final class DemoRunner {
    private static final Duration STANDBY_CATCH_UP = Duration.ofMinutes(2);
    private static final int PROGRESS_EVERY_SECONDS = 5;
    private static final int LAG_SAMPLES = 100;

    private final DemoOptions options;
    private final PrintStream out;
    private double lastProgress;
    private List<String> maintenance = List.of();
    // set for a --failover run only
    private PostgresTopology topology;
    private FailoverWatch failover;

    DemoRunner(DemoOptions options, PrintStream out) {
        this.options = Objects.requireNonNull(options, "options");
        this.out = Objects.requireNonNull(out, "out");
    }

    /** Runs the demo and writes the report; returns it. */
    CampusReport run() throws SQLException, InterruptedException, IOException {
        options.systemProperties().forEach(System::setProperty);
        if (options.failover()) {
            return runOnTopology();
        }
        PostgresCluster cluster = QuadrangleServices.postgres();
        out.printf("PostgreSQL (%s): primary %s:%d, streaming standby %s:%d%n", cluster.mode(), cluster.primary().host(),
                cluster.primary().port(), cluster.standby().host(), cluster.standby().port());
        ChaosPlan chaos = null;
        printOtherServices();
        if (options.chaos()) {
            chaos = new ChaosPlan(cluster, QuadrangleServices.redis(), QuadrangleServices.s3());
        }
        try {
            try (TestDatabase db = cluster.createDatabase("campus")) {
                return loadAndRun(db, chaos);
            }
        } finally {
            stopEmbeddedS3();
        }
    }

    /**
     * The {@code --failover} run: the database lives on a topology of its own, a primary and one synchronous
     * standby (a commit returns once the standby flushed it), whose primary the chaos steps fail over.
     */
    private CampusReport runOnTopology() throws SQLException, InterruptedException, IOException {
        try (PostgresTopology topology = PostgresTopology.start(1, ReplicationMode.SYNC)) {
            PostgresNode primary = topology.primary();
            PostgresNode standby = topology.standbys().get(0);
            out.printf("PostgreSQL (EMBEDDED topology, %s replication): primary %s %s:%d, standby %s %s:%d%n",
                    topology.replicationMode(), primary.name(), primary.host(), primary.port(), standby.name(),
                    standby.host(), standby.port());
            printOtherServices();
            failover = new FailoverWatch();
            ChaosPlan chaos = ChaosPlan.failover(topology, QuadrangleServices.redis(), QuadrangleServices.s3(), failover);
            this.topology = topology;
            try (TestDatabase db = topology.createDatabase("campus")) {
                return loadAndRun(db, chaos);
            } finally {
                stopEmbeddedS3();
            }
        }
    }

    private void printOtherServices() {
        if (options.chaos() || modules()) {
            out.printf("Redis (%s) and S3 (%s) started for the %s and the audit log archive%n", QuadrangleServices.redis().mode(),
                    QuadrangleServices.s3().mode(), modules() ? "cache, the offloaded content" : "chaos steps");
        } else {
            out.printf("S3 (%s) started for the audit log archive%n", QuadrangleServices.s3().mode());
        }
    }

    private CampusReport loadAndRun(TestDatabase db, ChaosPlan chaos)
            throws SQLException, InterruptedException, IOException {
        GeneratedCampus campus = load(db);
        long caughtUp = System.nanoTime();
        db.cluster().awaitStandbyCaughtUp(STANDBY_CATCH_UP);
        out.printf("standby caught up in %d ms%n", (System.nanoTime() - caughtUp) / 1_000_000);
        CampusReport.ReplicationLag lag = replicationLag(db);
        out.printf(Locale.ROOT, "replication lag, commit on the primary to visible on the standby, %d writes: "
                + "p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", lag.samples(), lag.p50Ms(), lag.p99Ms(), lag.maxMs());
        return runLoad(db.cluster(), db, campus, chaos, lag);
    }

    /**
     * The embedded S3 server runs on non-daemon threads that would keep {@code exec:java} waiting after
     * the demo; services are stopped at JVM exit anyway, this only lets the JVM get there.
     */
    private void stopEmbeddedS3() {
        if (QuadrangleServices.s3().controllable()) {
            QuadrangleServices.s3().stop();
        }
    }

    private boolean modules() {
        return options.backend().equals(DemoOptions.BACKEND_MODULES);
    }

    private CampusBackend openBackend(TestDatabase db, JdbcEndpoints endpoints) throws SQLException {
        if (!modules()) {
            return JdbcCampusBackend.open(endpoints, options.maxConnections());
        }
        ModuleCampusBackend backend = topology == null
                ? ModuleCampusBackend.open(endpoints, options.maxConnections(), QuadrangleServices.redis(),
                        QuadrangleServices.s3())
                : ModuleCampusBackend.openOnNodes(nodeUrls(db), endpoints, options.maxConnections(),
                        QuadrangleServices.redis(), QuadrangleServices.s3(), failover);
        try {
            long started = System.nanoTime();
            int moved = ContentOffloadPass.run(db.primary(), backend.offloader());
            db.cluster().awaitStandbyCaughtUp(STANDBY_CATCH_UP);
            out.printf("offloaded the content of %,d activities (from %,d bytes) to S3 in %d ms%n", moved,
                    ModuleCampusBackend.INLINE_THRESHOLD_BYTES, (System.nanoTime() - started) / 1_000_000);
            out.println(backend.primeCaches(CampusCalendar.CURRENT_TERM));
            return backend;
        } catch (InterruptedException e) {
            backend.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while priming the caches", e);
        } catch (SQLException | RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    /** Every node of the topology, by name, with the campus database's URL on it. */
    private Map<String, String> nodeUrls(TestDatabase db) {
        Map<String, String> urls = new LinkedHashMap<>();
        for (PostgresNode node : topology.nodes()) {
            urls.put(node.name(), node.jdbcUrl(db.name()));
        }
        return urls;
    }

    private GeneratedCampus load(TestDatabase db) throws SQLException {
        CampusScale scale = CampusScale.ofSchools(options.schools());
        CampusCalendar calendar = CampusCalendar.anchoredAt(Instant.now());
        out.printf("generating and loading %s (seed %d)%n", scale, options.seed());
        CampusLoader loader = new CampusLoader(db.primary(), out, System.console() != null);
        S3Server s3 = QuadrangleServices.s3();
        try (S3Client s3Client = s3.newClient()) {
            // expired audit log years are exported to S3, verified, then dropped; one is restored below to show the way back
            S3ContentStore archive = S3ContentStore.builder().client(s3Client).bucket(s3.bucket()).build();
            CampusPartitions partitions = new CampusPartitions(calendar, archive);
            GeneratedCampus campus = loader.load(new CampusGenerator(options.seed(), scale, calendar), partitions);
            out.printf(Locale.ROOT, "loaded %,d rows in %.1f s (%,.0f rows/s, schema, partitions, COPY, retention, indexes "
                    + "and statistics)%n", campus.totalRows(), campus.millis() / 1000.0,
                    campus.totalRows() / Math.max(1e-3, campus.millis() / 1000.0));
            List<String> lines = new ArrayList<>(maintenanceLines(loader.maintenance()));
            lines.addAll(restoreArchivedAuditLogs(db, partitions, archive, loader.maintenance()));
            maintenance = List.copyOf(lines);
            maintenance.forEach(out::println);
            return campus;
        }
    }

    /**
     * Restores every audit log year retention exported to S3 and compares its rows with those read just before the
     * export (md5 of the rows in id order, and their count); one line per year.
     */
    private static List<String> restoreArchivedAuditLogs(TestDatabase db, CampusPartitions partitions, S3ContentStore archive,
            CampusLoader.Maintenance m) throws SQLException {
        List<String> lines = new ArrayList<>();
        for (RetentionResult r : m.retention()) {
            for (ArchivedPartition a : r.archived()) {
                if (!r.table().equals("audit_logs") || a.action() != dev.quadrangle.core.partition.Retention.Action.EXPORT) {
                    continue;
                }
                long started = System.nanoTime();
                long rows = partitions.restoreAuditLogs(db.primary(), a.partition());
                long millis = (System.nanoTime() - started) / 1_000_000;
                String after = partitions.auditChecksum(db.primary(), a.partition());
                String before = m.expiredAuditChecksums().get(a.partition());
                lines.add(String.format(Locale.ROOT, "core: restored %s from %s%s in %d ms: %,d rows, md5 %s, %s", a.partition(),
                        archive.baseUri(), a.location().orElse("?"), millis, rows, after.substring(0, after.indexOf('/')),
                        after.equals(before) ? "the same rows as before the export"
                                : "NOT the rows read before the export (" + before + ")"));
            }
        }
        return lines;
    }

    /** What core's partition manager did at load time, one line per table and per retention run. */
    static List<String> maintenanceLines(CampusLoader.Maintenance m) {
        java.util.Map<String, List<String>> created = new java.util.LinkedHashMap<>();
        for (EnsureResult r : m.ensured()) {
            created.computeIfAbsent(r.table(), t -> new ArrayList<>()).addAll(r.created());
        }
        List<String> lines = new ArrayList<>();
        created.forEach((table, names) -> lines.add(String.format(Locale.ROOT,
                "core: PartitionManager.ensure created %d partitions of %s%s", names.size(), table,
                names.isEmpty() ? "" : ": " + names.get(0) + (names.size() > 1 ? " .. " + names.get(names.size() - 1) : ""))));
        for (RetentionResult r : m.retention()) {
            if (r.archived().isEmpty()) {
                lines.add("core: retention of " + r.table() + ": nothing expired");
            }
            for (ArchivedPartition a : r.archived()) {
                lines.add(String.format(Locale.ROOT, "core: retention of %s: %s %s (%,d rows)%s", r.table(),
                        a.action() == dev.quadrangle.core.partition.Retention.Action.DROP ? "detached and dropped"
                                : a.action() == dev.quadrangle.core.partition.Retention.Action.EXPORT
                                        ? "detached, exported, verified and dropped" : "detached and archived", a.partition(),
                        m.expiredRows().getOrDefault(a.partition(), a.rows()),
                        a.location().map(l -> " to " + l).orElse("")));
            }
        }
        return List.copyOf(lines);
    }

    private static CampusReport.ReplicationLag replicationLag(TestDatabase db) throws SQLException {
        try (Connection c = db.primary().getConnection(); java.sql.Statement s = c.createStatement()) {
            s.execute(ReplicationLagProbe.DDL);
        }
        db.cluster().awaitStandbyCaughtUp(STANDBY_CATCH_UP);
        long[] micros = new ReplicationLagProbe(db.primary(), db.standby(), Duration.ofSeconds(10)).measure(1, LAG_SAMPLES);
        return new CampusReport.ReplicationLag(LAG_SAMPLES, ReplicationLagProbe.percentile(micros, 50) / 1000.0,
                ReplicationLagProbe.percentile(micros, 99) / 1000.0, micros[micros.length - 1] / 1000.0);
    }

    private CampusReport runLoad(PostgresCluster cluster, TestDatabase db, GeneratedCampus campus, ChaosPlan chaos,
            CampusReport.ReplicationLag lag) throws SQLException, InterruptedException, IOException {
        JdbcEndpoints endpoints = new JdbcEndpoints(db.primaryUrl(), db.standbyUrl(), db.user(), db.password());
        LoadResult result;
        CampusReport.Connections connections;
        String description;
        List<String> servicesUsed;
        List<String> moduleNotes;
        try (CampusBackend backend = openBackend(db, endpoints)) {
            description = backend.description();
            servicesUsed = backend.servicesUsed();
            List<TimedAction> actions = chaos == null ? List.of() : chaos.actions(options.duration());
            out.printf("running %,d virtual users for %d s (after a %d s warm-up) on at most %d connections (%s)%s%n",
                    options.users(), options.duration().toSeconds(), options.warmup().toSeconds(),
                    backend.maxConnections(), description,
                    chaos == null ? "" : ", with chaos steps");
            result = new LoadDriver(backend, campus.scale(), options.loadSettings()).run(actions, this::progress);
            if (chaos != null) {
                QuadrangleServices.restoreStoppedServices();
            }
            moduleNotes = new ArrayList<>(maintenance);
            moduleNotes.addAll(backend.degradations());
            if (failover != null) {
                moduleNotes.add(failover.summary().toString());
            }
            int peakActive = result.pools().stream().mapToInt(LoadResult.PoolUsage::peakActive).sum();
            connections = new CampusReport.Connections(backend.maxConnections(), result.peakConnections(), peakActive,
                    serverConnections(cluster.primary(), db.name()), serverConnections(cluster.standby(), db.name()));
        }
        AnswerAudit.Verdict verdict = new AnswerAudit(db.primary()).check(campus.lastGeneratedAnswerId(),
                campus.rows("answers"), result.answersAcknowledged(), result.answersFailed());
        CampusReport report = report(campus, result, verdict, connections, description,
                chaos == null ? List.of() : FaultAnalysis.of(result, servicesUsed), lag, moduleNotes);
        ConsoleReport.print(report, out);
        write(report);
        return report;
    }

    private void progress(TimelinePoint p) {
        if (p.second() - lastProgress >= PROGRESS_EVERY_SECONDS) {
            lastProgress = p.second();
            int busy = p.activeConnections().values().stream().mapToInt(Integer::intValue).sum();
            out.printf(Locale.ROOT, "  %5.0f s: %,6d ops in the last second, p99 %7.2f ms, %d errors, %d connections busy%n",
                    p.second(), p.ops(), p.p99Ms(), p.errors(), busy);
        }
    }

    /** The sample's connections as the server sees them; -1 when the server cannot be asked. */
    private static int serverConnections(PostgresServer server, String database) {
        try (Connection c = server.connect(database);
                PreparedStatement ps = c.prepareStatement(
                        "SELECT count(*) FROM pg_stat_activity WHERE application_name = ? AND datname = ?")) {
            ps.setString(1, JdbcEndpoints.APPLICATION_NAME);
            ps.setString(2, database);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            return -1;
        }
    }

    private CampusReport report(GeneratedCampus campus, LoadResult result, AnswerAudit.Verdict verdict,
            CampusReport.Connections connections, String description, List<CampusReport.FaultEffect> faults,
            CampusReport.ReplicationLag lag, List<String> moduleNotes) {
        CampusScale scale = campus.scale();
        Runtime rt = Runtime.getRuntime();
        String machine = String.format(Locale.ROOT, "%d cores, %,d MiB max heap, Java %s, %s %s", rt.availableProcessors(),
                rt.maxMemory() >> 20, System.getProperty("java.version"), System.getProperty("os.name"),
                System.getProperty("os.arch"));
        String note = "Latency runs from when a virtual user wanted to act until the call returned (waiting for a "
                + "worker or a connection included). The servers run on the same machine as the load driver unless "
                + "endpoints are configured; figures depend on what else runs there.";
        CampusReport.Setup setup = new CampusReport.Setup(options.schools(), options.users(),
                options.duration().toSeconds(), options.thinkTime().toMillis(), options.chaos(),
                topology == null ? QuadrangleServices.postgres().mode().toString()
                        : "EMBEDDED topology, " + topology.replicationMode() + " replication", machine, note);
        CampusReport.Dataset dataset = new CampusReport.Dataset(scale.schools(), scale.classes(), scale.students(),
                scale.teachers(), campus.rows(), campus.millis());
        String title = String.format(Locale.ROOT, "Quadrangle campus workload: %d schools, %,d users%s",
                options.schools(), options.users(), options.failover() ? ", chaos with a primary failover"
                        : options.chaos() ? ", chaos" : "");
        return new CampusReport(title, Instant.now().toString(), description, setup, dataset, result, verdict,
                connections, faults, lag, moduleNotes);
    }

    private void write(CampusReport report) throws IOException {
        Path dir = options.reportDir().toAbsolutePath();
        Files.createDirectories(dir);
        String json = ReportJson.toJson(report);
        Files.writeString(dir.resolve("report.json"), json, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.html"), HtmlReport.render(report, json), StandardCharsets.UTF_8);
        out.printf("report: %s%n        %s%n", dir.resolve("report.html"), dir.resolve("report.json"));
    }
}
