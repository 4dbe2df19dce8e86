package dev.quadrangle.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The example on the testkit's services, as {@code main} starts it (one school): every endpoint over HTTP,
 * health with the three Quadrangle contributors, every binder's meters, and a short bounded load without
 * errors or stale reads.
 */
class CampusWebIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String TOKEN = "Quadrangle-Consistency";
    private static EmbeddedCampus campus;
    private static ConfigurableApplicationContext context;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        campus = EmbeddedCampus.start(1, 7L, System.out);
        context = new SpringApplicationBuilder(CampusWebApplication.class).properties(campus.properties())
                .properties("server.port=0").run();
        base = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
        if (campus != null) {
            campus.database().close();
        }
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    static long first(String sql) {
        return context.getBean(JdbcTemplate.class).queryForObject(sql, Long.class);
    }

    @Test
    void pendingActivitiesAreCachedPerStudent() throws Exception {
        long student = first("SELECT min(user_id) FROM students");
        HttpResponse<String> once = get("/students/" + student + "/pending-activities");
        assertThat(once.statusCode()).as(once.body()).isEqualTo(200);
        assertThat(once.body()).startsWith("[");
        double hitsBefore = hits();
        HttpResponse<String> twice = get("/students/" + student + "/pending-activities");
        assertThat(twice.body()).isEqualTo(once.body());
        assertThat(hits()).isGreaterThan(hitsBefore);
    }

    private static double hits() {
        return context.getBean(io.micrometer.core.instrument.MeterRegistry.class).find("quadrangle.cache.gets")
                .counters().stream().filter(c -> !"miss".equals(c.getId().getTag("result")))
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    @Test
    void theGradeBookPagesByKeyset() throws Exception {
        long classId = first("SELECT min(id) FROM classes");
        HttpResponse<String> page = get("/classes/" + classId + "/grade-book?size=5");
        assertThat(page.statusCode()).isEqualTo(200);
        Matcher next = Pattern.compile("\"next\":\"([^\"]+)\"").matcher(page.body());
        assertThat(next.find()).as("a next page in %s", page.body()).isTrue();
        HttpResponse<String> second = get("/classes/" + classId + "/grade-book?" + next.group(1));
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).contains("\"studentId\"").isNotEqualTo(page.body());
        assertThat(get("/classes/" + classId + "/grade-book?size=0").statusCode()).isEqualTo(400);
    }

    @Test
    void anAnswerReturnsTheTokenAndTheNextReadSeesIt() throws Exception {
        long student = first("SELECT min(student_id) FROM performance_summaries");
        long question = first("SELECT min(id) FROM questions");
        HttpResponse<String> receipt = send(HttpRequest.newBuilder(URI.create(base + "/answers"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"studentId\":" + student + ",\"questionId\":" + question
                        + ",\"option\":2,\"timeTakenMs\":4000}")));
        assertThat(receipt.statusCode()).isEqualTo(201);
        String token = receipt.headers().firstValue(TOKEN).orElseThrow();
        int answered = total(receipt.body());
        HttpResponse<String> summary = send(HttpRequest.newBuilder(URI.create(base + "/students/" + student + "/summary"))
                .header(TOKEN, token).GET());
        assertThat(summary.statusCode()).isEqualTo(200);
        assertThat(total(summary.body())).isGreaterThanOrEqualTo(answered);
    }

    private static int total(String json) {
        Matcher m = Pattern.compile("\"totalAnswered\":(\\d+)").matcher(json);
        assertThat(m.find()).as("totalAnswered in %s", json).isTrue();
        return Integer.parseInt(m.group(1));
    }

    @Test
    void activityContentComesInlineOrFromS3() throws Exception {
        long offloaded = first("SELECT min(id) FROM activities WHERE content_ref IS NOT NULL");
        long inline = first("SELECT min(id) FROM activities WHERE content_ref IS NULL");
        HttpResponse<String> fromS3 = get("/activities/" + offloaded + "/content");
        assertThat(fromS3.statusCode()).isEqualTo(200);
        assertThat(fromS3.body()).startsWith("{").hasSizeGreaterThan(8 * 1024 - 1);
        assertThat(get("/activities/" + inline + "/content").body()).startsWith("{");
        assertThat(get("/activities/-1/content").statusCode()).isEqualTo(404);
    }

    @Test
    void healthAndMetricsShowEveryQuadrangleModule() throws Exception {
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"quadrangleRouting\"", "\"quadrangleCache\"", "\"quadrangleStorage\"",
                "\"reachable\":true");
        if (!campus.database().password().isEmpty()) {
            assertThat(health.body()).doesNotContain(campus.database().password());
        }
        HttpResponse<String> metrics = get("/actuator/metrics");
        for (String meter : List.of("quadrangle.routing.connections", "quadrangle.cache.gets",
                "quadrangle.storage.offload.writes", "quadrangle.partition.", "hikaricp.connections")) {
            assertThat(metrics.body()).as("meter %s", meter).contains(meter);
        }
    }

    @Test
    void aShortBoundedLoadHasNoErrorsAndNoStaleReads() throws Exception {
        WebOptions options = WebOptions.parse("--users", "20", "--warmup", "2s", "--duration", "3s", "--think-time",
                "1s", "--report", "target/web-load-it.json");
        WebLoad.Result result = WebLoad.run(context, options, System.out);
        assertThat(result.calls()).isPositive();
        assertThat(result.errors()).isZero();
        assertThat(result.stale()).isZero();
    }
}
