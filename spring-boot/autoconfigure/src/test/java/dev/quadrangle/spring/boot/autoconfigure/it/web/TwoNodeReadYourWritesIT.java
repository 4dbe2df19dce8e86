package dev.quadrangle.spring.boot.autoconfigure.it.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.spring.boot.autoconfigure.it.TestServices;
import dev.quadrangle.testkit.PostgresStandby;
import dev.quadrangle.testkit.QuadrangleServices;
import dev.quadrangle.testkit.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Read-your-writes across HTTP requests and nodes: two application contexts on random ports share the
 * testkit's primary and standby, the standby replays 300 ms late. A client POSTs on node A and GETs on
 * node B carrying the token it got back: with the filter it always sees its write, mostly from the
 * standby; without the filter (and so without the token) some reads are stale.
 */
class TwoNodeReadYourWritesIT {
    static final String HEADER = "Quadrangle-Consistency";
    static final int CLIENTS = 8;
    static final int ITERATIONS_PER_CLIENT = 64; // 512 in all
    static final Duration REPLAY_DELAY = Duration.ofMillis(300);

    private static TestDatabase db;
    private static PostgresStandby standby;
    private static final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    private static final ConfigurableApplicationContext[] filterNodes = new ConfigurableApplicationContext[2];
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        db = TestServices.database("ryw");
        TestServices.execute(db, "CREATE TABLE item (id bigint PRIMARY KEY, body text)");
        db.cluster().awaitStandbyCaughtUp(Duration.ofSeconds(30));
        standby = QuadrangleServices.postgres().standby();
    }

    @AfterAll
    static void stop() {
        contexts.forEach(ConfigurableApplicationContext::close);
        if (standby != null) {
            standby.setReplayDelay(Duration.ZERO);
        }
        if (db != null) {
            db.close();
        }
    }

    static ConfigurableApplicationContext node(boolean filter) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(WebApplication.class)
                .properties(TestServices.args(TestServices.routing(db)))
                .properties("server.port=0", "quadrangle.web.consistency.enabled=" + filter,
                        "quadrangle.routing.max-wait-for-replica=2s", "quadrangle.routing.replica-pool-size=12",
                        "quadrangle.routing.primary-pool-size=12")
                .run();
        contexts.add(context);
        return context;
    }

    /**
     * The two nodes with the filter, started once and shared by the tests that use them (fewer context
     * starts in the build).
     */
    static synchronized ConfigurableApplicationContext filterNode(int which) {
        if (filterNodes[0] == null) {
            filterNodes[0] = node(true);
            filterNodes[1] = node(true);
        }
        return filterNodes[which];
    }

    static String base(ConfigurableApplicationContext context) {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @Test
    void aTokenCarriedFromNodeAToNodeBAlwaysSeesTheWriteMostlyOnTheStandby() throws Exception {
        String a = base(filterNode(0));
        String b = base(filterNode(1));
        standby.setReplayDelay(REPLAY_DELAY);
        Counts counts = run(a, b, true, ITERATIONS_PER_CLIENT);
        long reads = counts.standby.get() + counts.primary.get();
        System.out.printf("two-node read-your-writes with the filter: %d iterations, %d stale, %d on the standby (%.1f %%),"
                + " %d ms%n", reads, counts.stale.get(), counts.standby.get(), 100.0 * counts.standby.get() / reads,
                counts.millis);
        assertThat(reads).isGreaterThanOrEqualTo(500);
        assertThat(counts.stale.get()).isZero();
        assertThat(counts.missingToken.get()).isZero();
        assertThat(counts.standby.get()).as("reads served by the standby").isGreaterThan(reads / 2);
    }

    @Test
    void withoutTheFilterReadsOnAnotherNodeAreStale() throws Exception {
        String a = base(node(false));
        String b = base(node(false));
        standby.setReplayDelay(REPLAY_DELAY);
        Counts counts = run(a, b, false, 8);
        System.out.printf("two-node reads without the filter: %d stale of %d%n", counts.stale.get(),
                counts.standby.get() + counts.primary.get());
        assertThat(counts.stale.get()).isGreaterThan(0);
    }

    @Test
    void malformedAndForgedTokensNeverFailTheRequestAndTheWaitStaysBounded() throws Exception {
        ConfigurableApplicationContext context = filterNode(1);
        String b = base(context);
        long id = System.nanoTime();
        send(HttpRequest.newBuilder(URI.create(base(context) + "/items/" + id)).POST(HttpRequest.BodyPublishers.noBody()));
        for (String bad : new String[] {"not-a-token", "q1.zz", "x".repeat(5000), "q1.", "\u0000\u0001"}) {
            HttpResponse<String> r = send(get(b, id).header(HEADER, bad.replaceAll("[\\u0000-\\u001f]", "?")));
            assertThat(r.statusCode()).as("token %s", bad.length() > 20 ? bad.substring(0, 20) + "..." : bad).isEqualTo(200);
        }
        MeterRegistry registry = context.getBean(MeterRegistry.class);
        assertThat(registry.find("quadrangle.web.consistency.ignored").counters().stream()
                .mapToDouble(c -> c.count()).sum()).isGreaterThanOrEqualTo(5);

        // a forged token far ahead of any server: the read waits at most max-wait-for-replica (2 s), then the primary
        long started = System.nanoTime();
        HttpResponse<String> forged = send(get(b, id).header(HEADER, "q1.7FFFFFFFFFFFFFFF"));
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("forged token answered in %d ms by the %s%n", millis, forged.headers().firstValue("X-Served-By")
                .orElse("?"));
        assertThat(forged.statusCode()).isEqualTo(200);
        assertThat(forged.headers().firstValue("X-Served-By")).hasValue("primary");
        assertThat(millis).as("bounded by max-wait-for-replica plus a generous margin").isLessThan(10_000);
    }

    @Test
    void theTokenReachesTheClientWhenTheBodyIsLargerThanTheResponseBuffer() throws Exception {
        String a = base(filterNode(0));
        long id = System.nanoTime();
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(a + "/items/" + id + "?echo=200000"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).hasSize(200_000);
        assertThat(r.headers().firstValue(HEADER)).hasValueSatisfying(t -> assertThat(t).startsWith("q1."));
        assertThat(r.headers().allValues("set-cookie")).anySatisfy(c -> assertThat(c).startsWith("quadrangle-consistency=q1."));
    }

    static final class Counts {
        final AtomicLong stale = new AtomicLong();
        final AtomicLong standby = new AtomicLong();
        final AtomicLong primary = new AtomicLong();
        final AtomicLong missingToken = new AtomicLong();
        long millis;
    }

    static Counts run(String a, String b, boolean carryToken, int iterations) throws Exception {
        Counts counts = new Counts();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS, r -> {
            Thread t = new Thread(r, "ryw-client");
            t.setDaemon(true);
            return t;
        });
        long started = System.nanoTime();
        long deadline = started + Duration.ofMinutes(3).toNanos();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < iterations && System.nanoTime() < deadline; i++) {
                        long id = System.nanoTime() ^ Thread.currentThread().getId() << 48;
                        HttpResponse<String> posted = send(HttpRequest.newBuilder(URI.create(a + "/items/" + id))
                                .POST(HttpRequest.BodyPublishers.noBody()));
                        assertThat(posted.statusCode()).isEqualTo(200);
                        HttpRequest.Builder read = get(b, id);
                        String token = posted.headers().firstValue(HEADER).orElse(null);
                        if (carryToken) {
                            if (token == null) {
                                counts.missingToken.incrementAndGet();
                            } else {
                                read.header(HEADER, token);
                            }
                        }
                        HttpResponse<String> got = send(read);
                        assertThat(got.statusCode()).isEqualTo(200);
                        if (!("item-" + id).equals(got.body())) {
                            counts.stale.incrementAndGet();
                        }
                        if ("standby".equals(got.headers().firstValue("X-Served-By").orElse(""))) {
                            counts.standby.incrementAndGet();
                        } else {
                            counts.primary.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(4, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
        counts.millis = (System.nanoTime() - started) / 1_000_000;
        return counts;
    }

    static HttpRequest.Builder get(String base, long id) {
        return HttpRequest.newBuilder(URI.create(base + "/items/" + id)).GET();
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
