package dev.quadrangle.spring.boot.autoconfigure.it.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.spring.boot.autoconfigure.it.TestServices;
import dev.quadrangle.testkit.PostgresCluster;
import dev.quadrangle.testkit.QuadrangleServices;
import dev.quadrangle.testkit.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The actuator's health endpoint with Quadrangle's contributors on the real servers: a stopped standby
 * shows in the routing details without taking the application DOWN; a stopped primary takes it DOWN; no
 * password appears in the output.
 */
class HealthIT {
    private static TestDatabase db;
    private static ConfigurableApplicationContext context;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        db = TestServices.database("health");
        context = new SpringApplicationBuilder(HealthApplication.class)
                .properties(TestServices.args(TestServices.routing(db), TestServices.redis()))
                .properties("server.port=0", "management.endpoint.health.show-details=always",
                        "management.endpoints.web.exposure.include=health,metrics",
                        "management.health.redis.enabled=false", "quadrangle.routing.connection-timeout=1s")
                .run();
    }

    @AfterAll
    static void stop() {
        try {
            if (context != null) {
                context.close();
            }
        } finally {
            QuadrangleServices.restoreStoppedServices();
            if (db != null) {
                db.close();
            }
        }
    }

    static HttpResponse<String> health() {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> awaitHealth(Predicate<HttpResponse<String>> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<String> last = health();
        while (!condition.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("health never matched; last: " + last.statusCode() + " " + last.body());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            last = health();
        }
        return last;
    }

    @Test
    void aStoppedStandbyShowsInTheDetailsAndAStoppedPrimaryTakesTheApplicationDown() {
        HttpResponse<String> up = awaitHealth(r -> r.statusCode() == 200 && r.body().contains("\"eligible\":true"));
        assertThat(up.body()).contains("\"quadrangleRouting\"", "\"quadrangleCache\"", "\"role\":\"replica\"",
                "\"redis\":\"available\"", "\"breaker\"");
        assertThat(up.body()).doesNotContain(db.password().isEmpty() ? "\"password\"" : db.password());

        PostgresCluster cluster = QuadrangleServices.postgres();
        cluster.standby().stop();
        try {
            HttpResponse<String> lagging = awaitHealth(r -> r.body().contains("\"eligible\":false"));
            System.out.println("health with the standby stopped: " + lagging.statusCode() + " " + lagging.body());
            assertThat(lagging.statusCode()).isEqualTo(200);
            assertThat(lagging.body()).endsWith("\"status\":\"UP\"}");

            cluster.primary().stop();
            HttpResponse<String> down = awaitHealth(r -> r.statusCode() == 503);
            System.out.println("health with the primary stopped: " + down.statusCode() + " " + down.body());
            assertThat(down.body()).contains("\"status\":\"DOWN\"", "\"reachable\":false");
        } finally {
            QuadrangleServices.restoreStoppedServices();
        }
        awaitHealth(r -> r.statusCode() == 200 && r.body().contains("\"eligible\":true"));
    }
}
