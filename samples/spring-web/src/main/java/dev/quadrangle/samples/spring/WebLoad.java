package dev.quadrangle.samples.spring;

import dev.quadrangle.samples.data.CampusScale;
import dev.quadrangle.samples.schema.CampusCalendar;
import dev.quadrangle.spring.boot.autoconfigure.web.QuadrangleConsistencyFilterProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A bounded HTTP load on the running example, on loopback: virtual users (students; every 20th a teacher
 * reading grade books) act, think (0.5 to 1.5 times the mean think time) and act again, for the warm-up and
 * then the measured duration, and stop by themselves. A student's action is pending activities (40 %),
 * activity content (30 %) or an answer followed by a read of the summary carrying the answer's token
 * (30 %: a summary that does not show the answer is counted stale). Each user sends its latest token with
 * every request, as a browser sends the cookie. Latency runs from when the user wanted to act to the
 * response, so queueing counts. Before the load, every current activity's content is read once, as a
 * starting node primes its caches.
 */
public final class WebLoad {
    private static final Pattern TOTAL_ANSWERED = Pattern.compile("\"totalAnswered\":(\\d+)");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(5);
    private static final Duration PRIME_DEADLINE = Duration.ofMinutes(2);

    /** The operations measured. */
    public enum Op {
        /** GET a student's pending activities (cached). */
        PENDING_ACTIVITIES("pendingActivities"),
        /** GET a grade book page (replica, keyset). */
        GRADE_BOOK("gradeBook"),
        /** POST an answer (primary; returns the token). */
        SUBMIT_ANSWER("submitAnswer"),
        /** GET the summary right after the answer, with its token (replica that has the write). */
        SUMMARY_AFTER_WRITE("summaryAfterWrite"),
        /** GET an activity's content (inline or S3). */
        ACTIVITY_CONTENT("activityContent");

        private final String label;

        Op(String label) {
            this.label = label;
        }

        /**
         * The name in the figures.
         *
         * @return the label
         */
        public String label() {
            return label;
        }
    }

    /**
     * One operation's figures.
     *
     * @param op the operation
     * @param calls calls measured
     * @param errors calls that failed (status 4xx/5xx or no answer)
     * @param p50Ms median latency
     * @param p95Ms 95th percentile
     * @param p99Ms 99th percentile
     * @param maxMs slowest
     * @param serviceP99Ms 99th percentile of the time from sending the request to the response, without the
     *        time the user waited behind its own earlier requests
     */
    public record OpStats(String op, long calls, long errors, double p50Ms, double p95Ms, double p99Ms, double maxMs,
            double serviceP99Ms) {
    }

    /**
     * What a run measured.
     *
     * @param users virtual users
     * @param measured the measured duration
     * @param calls calls measured
     * @param callsPerSecond calls per second
     * @param errors failed calls
     * @param stale summaries read right after an answer, with its token, that did not show it
     * @param readsAfterWrite those summary reads
     * @param connections routed connections during the measured window, by target (primary, standby)
     * @param all every call's latency
     * @param ops per operation
     */
    public record Result(int users, Duration measured, long calls, double callsPerSecond, long errors, long stale,
            long readsAfterWrite, Map<String, Long> connections, OpStats all, List<OpStats> ops) {

        /**
         * One line with the headline figures.
         *
         * @return the line
         */
        public String summaryLine() {
            return String.format(Locale.ROOT, "%d users, %d s: %,d calls (%.0f/s), %d errors, p99 %.2f ms, "
                    + "%d of %d reads after a write stale, connections %s", users, measured.toSeconds(), calls,
                    callsPerSecond, errors, all.p99Ms(), stale, readsAfterWrite, connections);
        }
    }

    private record Fixtures(long[][] students, long[] classes, long[] questions, long[] activities) {
    }

    private WebLoad() {
    }

    /**
     * Runs the load against a started example and prints the figures.
     *
     * @param context the running application (its port, its data source for the fixtures, its metrics)
     * @param options users, warm-up, duration, think time, report file
     * @param out where the figures go
     * @return the figures
     * @throws IOException when the report cannot be written
     * @throws InterruptedException when interrupted
     */
    public static Result run(ConfigurableApplicationContext context, WebOptions options, PrintStream out)
            throws IOException, InterruptedException {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        String header = context.getBean(QuadrangleConsistencyFilterProperties.class).getHeaderName();
        Fixtures fixtures = fixtures(context.getBean(JdbcTemplate.class));
        MeterRegistry registry = context.getBean(MeterRegistry.class);
        Map<Op, Histogram> latency = new EnumMap<>(Op.class);
        Map<Op, Histogram> service = new EnumMap<>(Op.class);
        Map<Op, AtomicLong> errors = new EnumMap<>(Op.class);
        for (Op op : Op.values()) {
            latency.put(op, new ConcurrentHistogram(MAX_MICROS, 3));
            service.put(op, new ConcurrentHistogram(MAX_MICROS, 3));
            errors.put(op, new AtomicLong());
        }
        AtomicLong stale = new AtomicLong();
        AtomicLong readsAfterWrite = new AtomicLong();
        ExecutorService httpThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "campus-load-http");
            t.setDaemon(true);
            return t;
        });
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(httpThreads).build();
        String base = "http://127.0.0.1:" + port;

        prime(http, base, fixtures, out);
        out.printf(Locale.ROOT, "load: %d users on %s, warm-up %s, measured %s, think time %s; load average %s%n",
                options.users(), base, options.warmup(), options.duration(), options.thinkTime(), loadAverage());
        long start = System.nanoTime();
        long measureFrom = start + options.warmup().toNanos();
        long end = measureFrom + options.duration().toNanos();
        List<Thread> users = new ArrayList<>();
        try {
            for (int i = 0; i < options.users(); i++) {
                VirtualUser user = new VirtualUser(i, options, fixtures, http, base, header, measureFrom, end, start,
                        latency, service, errors, stale, readsAfterWrite);
                Thread t = new Thread(user, "campus-load-user-" + i);
                t.setDaemon(true);
                t.start();
                users.add(t);
            }
            sleepUntil(measureFrom);
            Map<String, Long> before = connections(registry);
            sleepUntil(end);
            Map<String, Long> after = connections(registry);
            long joinDeadline = System.nanoTime() + REQUEST_TIMEOUT.toNanos() * 2;
            for (Thread t : users) {
                long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinDeadline - System.nanoTime()));
                t.join(left);
            }
            Map<String, Long> routed = new TreeMap<>();
            after.forEach((target, n) -> routed.put(target, n - before.getOrDefault(target, 0L)));
            Result result = result(options, latency, service, errors, stale.get(), readsAfterWrite.get(), routed);
            print(result, out);
            out.printf("load average at the end %s%n", loadAverage());
            if (options.report() != null) {
                Path file = Path.of(options.report());
                if (file.getParent() != null) {
                    Files.createDirectories(file.getParent());
                }
                Files.writeString(file, json(result), StandardCharsets.UTF_8);
                out.println("figures written to " + file.toAbsolutePath());
            }
            return result;
        } finally {
            users.forEach(Thread::interrupt);
            httpThreads.shutdownNow();
        }
    }

    private static Fixtures fixtures(JdbcTemplate jdbc) {
        List<long[]> students = jdbc.query("SELECT user_id, class_id FROM students ORDER BY user_id",
                (rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)});
        List<Long> classes = jdbc.queryForList("SELECT id FROM classes ORDER BY id", Long.class);
        List<Long> questions = jdbc.queryForList("SELECT id FROM questions ORDER BY id", Long.class);
        List<Long> activities = jdbc.queryForList("SELECT id FROM activities WHERE term_id = ? ORDER BY id",
                Long.class, CampusCalendar.CURRENT_TERM);
        if (students.isEmpty() || classes.isEmpty() || questions.isEmpty() || activities.isEmpty()) {
            throw new IllegalStateException("the campus is empty: no students, classes, questions or activities");
        }
        return new Fixtures(students.toArray(long[][]::new), classes.stream().mapToLong(Long::longValue).toArray(),
                questions.stream().mapToLong(Long::longValue).toArray(),
                activities.stream().mapToLong(Long::longValue).toArray());
    }

    /**
     * Reads every current activity's content once, as a starting node primes its caches (the non-Spring
     * sample does the same before its load); bounded by {@link #PRIME_DEADLINE}.
     */
    private static void prime(HttpClient http, String base, Fixtures fixtures, PrintStream out)
            throws IOException, InterruptedException {
        long started = System.nanoTime();
        long deadline = started + PRIME_DEADLINE.toNanos();
        int primed = 0;
        for (long activity : fixtures.activities()) {
            if (System.nanoTime() > deadline) {
                break;
            }
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(base + "/activities/" + activity
                    + "/content")).timeout(REQUEST_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.discarding());
            primed += r.statusCode() == 200 ? 1 : 0;
        }
        out.printf(Locale.ROOT, "primed the content cache with %d of %d activities in %d ms%n", primed,
                fixtures.activities().length, (System.nanoTime() - started) / 1_000_000);
    }

    private static Map<String, Long> connections(MeterRegistry registry) {
        Map<String, Long> byTarget = new TreeMap<>();
        for (Counter c : registry.find("quadrangle.routing.connections").counters()) {
            byTarget.merge(c.getId().getTag("target"), (long) c.count(), Long::sum);
        }
        return byTarget;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        while (true) {
            long left = nanoTime - System.nanoTime();
            if (left <= 0) {
                return;
            }
            LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ", 4)[0] + " ("
                    + Runtime.getRuntime().availableProcessors() + " cores)";
        } catch (IOException | RuntimeException e) {
            return "unknown (" + Runtime.getRuntime().availableProcessors() + " cores)";
        }
    }

    private static OpStats stats(String name, Histogram h, Histogram service, long errors) {
        return new OpStats(name, h.getTotalCount(), errors, h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(95) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0,
                service.getValueAtPercentile(99) / 1000.0);
    }

    private static Result result(WebOptions options, Map<Op, Histogram> latency, Map<Op, Histogram> service,
            Map<Op, AtomicLong> errors, long stale, long readsAfterWrite, Map<String, Long> routed) {
        Histogram all = new Histogram(MAX_MICROS, 3);
        Histogram allService = new Histogram(MAX_MICROS, 3);
        List<OpStats> ops = new ArrayList<>();
        long errorCount = 0;
        for (Op op : Op.values()) {
            Histogram h = latency.get(op);
            all.add(h);
            allService.add(service.get(op));
            errorCount += errors.get(op).get();
            ops.add(stats(op.label(), h, service.get(op), errors.get(op).get()));
        }
        double seconds = options.duration().toNanos() / 1e9;
        return new Result(options.users(), options.duration(), all.getTotalCount(), all.getTotalCount() / seconds,
                errorCount, stale, readsAfterWrite, Map.copyOf(routed), stats("all", all, allService, errorCount),
                List.copyOf(ops));
    }

    private static void print(Result r, PrintStream out) {
        out.printf(Locale.ROOT, "%-18s %8s %8s %7s %8s %8s %8s %8s %12s%n", "operation", "calls", "calls/s", "errors",
                "p50 ms", "p95 ms", "p99 ms", "max ms", "service p99");
        List<OpStats> rows = new ArrayList<>(r.ops());
        rows.add(r.all());
        double seconds = r.measured().toNanos() / 1e9;
        for (OpStats s : rows) {
            out.printf(Locale.ROOT, "%-18s %8d %8.1f %7d %8.2f %8.2f %8.2f %8.1f %12.2f%n", s.op(), s.calls(),
                    s.calls() / seconds, s.errors(), s.p50Ms(), s.p95Ms(), s.p99Ms(), s.maxMs(), s.serviceP99Ms());
        }
        out.println(r.summaryLine());
    }

    private static String json(Result r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "{\"date\":\"%s\",\"users\":%d,\"measuredSeconds\":%d,\"calls\":%d,"
                + "\"callsPerSecond\":%.1f,\"errors\":%d,\"staleReadsAfterWrite\":%d,\"readsAfterWrite\":%d,"
                + "\"connections\":{", Instant.now(), r.users(), r.measured().toSeconds(), r.calls(), r.callsPerSecond(),
                r.errors(), r.stale(), r.readsAfterWrite()));
        String sep = "";
        for (Map.Entry<String, Long> e : new TreeMap<>(r.connections()).entrySet()) {
            b.append(sep).append('"').append(e.getKey()).append("\":").append(e.getValue());
            sep = ",";
        }
        b.append("},\"operations\":[");
        sep = "";
        List<OpStats> rows = new ArrayList<>(r.ops());
        rows.add(r.all());
        for (OpStats s : rows) {
            b.append(sep).append(String.format(Locale.ROOT, "{\"op\":\"%s\",\"calls\":%d,\"errors\":%d,\"p50Ms\":%.2f,"
                    + "\"p95Ms\":%.2f,\"p99Ms\":%.2f,\"maxMs\":%.2f,\"serviceP99Ms\":%.2f}", s.op(), s.calls(), s.errors(),
                    s.p50Ms(), s.p95Ms(), s.p99Ms(), s.maxMs(), s.serviceP99Ms()));
            sep = ",";
        }
        return b.append("]}\n").toString();
    }

    /** One user: acts, thinks, acts again, until the end of the run. */
    private static final class VirtualUser implements Runnable {
        private final boolean teacher;
        private final long student;
        private final long classId;
        private final Random random;
        private final WebOptions options;
        private final Fixtures fixtures;
        private final HttpClient http;
        private final String base;
        private final String header;
        private final long measureFrom;
        private final long end;
        private final long start;
        private final Map<Op, Histogram> latency;
        private final Map<Op, Histogram> service;
        private final Map<Op, AtomicLong> errors;
        private final AtomicLong stale;
        private final AtomicLong readsAfterWrite;
        private String token;

        VirtualUser(int index, WebOptions options, Fixtures fixtures, HttpClient http, String base, String header,
                long measureFrom, long end, long start, Map<Op, Histogram> latency, Map<Op, Histogram> service,
                Map<Op, AtomicLong> errors, AtomicLong stale, AtomicLong readsAfterWrite) {
            this.random = new Random(options.seed() * 31 + index);
            long[] s = fixtures.students()[random.nextInt(fixtures.students().length)];
            this.teacher = index % 20 == 19;
            this.student = s[0];
            this.classId = teacher ? fixtures.classes()[random.nextInt(fixtures.classes().length)] : s[1];
            this.options = options;
            this.fixtures = fixtures;
            this.http = http;
            this.base = base;
            this.header = header;
            this.measureFrom = measureFrom;
            this.end = end;
            this.start = start;
            this.latency = latency;
            this.service = service;
            this.errors = errors;
            this.stale = stale;
            this.readsAfterWrite = readsAfterWrite;
        }

        @Override
        public void run() {
            long think = options.thinkTime().toNanos();
            // users arrive spread over the first think time
            long next = start + (long) (think * random.nextDouble());
            try {
                while (next < end && !Thread.currentThread().isInterrupted()) {
                    sleepUntil(next);
                    long intended = next;
                    act(intended);
                    next = intended + (long) (think * (0.5 + random.nextDouble()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void act(long intended) throws InterruptedException {
            if (teacher) {
                String next = gradeBook(intended, "/classes/" + classId + "/grade-book?size=50");
                if (next != null) {
                    gradeBook(System.nanoTime(), "/classes/" + classId + "/grade-book?" + next);
                }
                return;
            }
            double r = random.nextDouble();
            if (r < 0.40) {
                call(Op.PENDING_ACTIVITIES, intended, get("/students/" + student + "/pending-activities"));
            } else if (r < 0.70) {
                long activity = fixtures.activities()[random.nextInt(fixtures.activities().length)];
                call(Op.ACTIVITY_CONTENT, intended, get("/activities/" + activity + "/content"));
            } else {
                answerThenSummary(intended);
            }
        }

        private String gradeBook(long intended, String path) throws InterruptedException {
            HttpResponse<String> page = call(Op.GRADE_BOOK, intended, get(path));
            if (page == null || page.statusCode() != 200) {
                return null;
            }
            Matcher m = Pattern.compile("\"next\":\"([^\"]+)\"").matcher(page.body());
            return m.find() ? m.group(1) : null;
        }

        private void answerThenSummary(long intended) throws InterruptedException {
            long question = fixtures.questions()[random.nextInt(fixtures.questions().length)];
            int option = 1 + random.nextInt(CampusScale.OPTIONS_PER_QUESTION);
            String body = String.format(Locale.ROOT, "{\"studentId\":%d,\"questionId\":%d,\"option\":%d,\"timeTakenMs\":%d}",
                    student, question, option, 2_000 + random.nextInt(60_000));
            HttpResponse<String> receipt = call(Op.SUBMIT_ANSWER, intended, request("/answers")
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
            if (receipt == null || receipt.statusCode() != 201) {
                return;
            }
            Matcher answered = TOTAL_ANSWERED.matcher(receipt.body());
            if (!answered.find()) {
                return;
            }
            long after = System.nanoTime();
            HttpResponse<String> summary = call(Op.SUMMARY_AFTER_WRITE, after, get("/students/" + student + "/summary"));
            if (summary != null && summary.statusCode() == 200 && after >= measureFrom && after < end) {
                readsAfterWrite.incrementAndGet();
                Matcher seen = TOTAL_ANSWERED.matcher(summary.body());
                if (!seen.find() || Long.parseLong(seen.group(1)) < Long.parseLong(answered.group(1))) {
                    stale.incrementAndGet();
                }
            }
        }

        private HttpRequest.Builder request(String path) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT);
            if (token != null) {
                b.header(header, token);
            }
            return b;
        }

        private HttpRequest.Builder get(String path) {
            return request(path).GET();
        }

        private HttpResponse<String> call(Op op, long intended, HttpRequest.Builder request) throws InterruptedException {
            HttpResponse<String> response = null;
            boolean failed;
            long sent = System.nanoTime();
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                failed = response.statusCode() >= 400;
                response.headers().firstValue(header).ifPresent(t -> token = t);
            } catch (IOException e) {
                failed = true;
            }
            long done = System.nanoTime();
            if (intended >= measureFrom && intended < end) {
                latency.get(op).recordValue(Math.min(MAX_MICROS, Math.max(0, (done - intended) / 1_000)));
                service.get(op).recordValue(Math.min(MAX_MICROS, Math.max(0, (done - sent) / 1_000)));
                if (failed) {
                    errors.get(op).incrementAndGet();
                }
            }
            return response;
        }
    }
}
