package dev.quadrangle.spring.boot.autoconfigure.it.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.routing.NodeRole;
import dev.quadrangle.routing.NodeStatus;
import dev.quadrangle.routing.RoutingDataSource;
import dev.quadrangle.spring.boot.autoconfigure.it.TestServices;
import dev.quadrangle.spring.boot.autoconfigure.it.health.HealthApplication;
import dev.quadrangle.testkit.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code quadrangle.routing.nodes.*}: the testkit's primary and standby given as two nodes whose roles the
 * data source discovers. Writes and calls outside a transaction reach the primary, read-only transactions
 * the standby, and the health endpoint shows each node with its role.
 */
class DiscoveredNodesBootIT {
    private static TestDatabase db;
    private static ConfigurableApplicationContext context;

    @BeforeAll
    static void start() {
        db = TestServices.database("nodes");
        Map<String, Object> nodes = new LinkedHashMap<>();
        nodes.put("quadrangle.routing.nodes.pg-a.url", db.primaryUrl());
        nodes.put("quadrangle.routing.nodes.pg-a.username", db.user());
        nodes.put("quadrangle.routing.nodes.pg-a.password", db.password());
        nodes.put("quadrangle.routing.nodes.pg-b.url", db.standbyUrl());
        nodes.put("quadrangle.routing.nodes.pg-b.username", db.user());
        nodes.put("quadrangle.routing.nodes.pg-b.password", db.password());
        nodes.put("quadrangle.routing.probe.interval", "200ms");
        nodes.put("quadrangle.routing.max-wait-for-writer", "5s");
        TestServices.execute(db, "CREATE TABLE note (id bigint PRIMARY KEY, body text NOT NULL)");
        context = new SpringApplicationBuilder(HealthApplication.class)
                .properties(TestServices.args(nodes, TestServices.redis()))
                .properties("server.port=0", "management.endpoint.health.show-details=always",
                        "management.endpoints.web.exposure.include=health", "management.health.redis.enabled=false")
                .run();
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void writesGoToTheDiscoveredPrimaryAndReadOnlyTransactionsToTheStandby() {
        RoutingDataSource routing = context.getBean(RoutingDataSource.class);
        assertThat(routing.nodeStatuses()).extracting(NodeStatus::name, NodeStatus::role).containsExactly(
                org.assertj.core.groups.Tuple.tuple("pg-a", NodeRole.PRIMARY),
                org.assertj.core.groups.Tuple.tuple("pg-b", NodeRole.REPLICA));
        awaitStandbyEligible(routing);
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        assertThat(jdbc.queryForObject("SELECT pg_is_in_recovery()", Boolean.class)).isFalse();
        jdbc.update("INSERT INTO note VALUES (1, 'first')");

        TransactionTemplate readOnly = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
        readOnly.setReadOnly(true);
        Boolean onStandby = readOnly.execute(s -> jdbc.queryForObject("SELECT pg_is_in_recovery()", Boolean.class));
        assertThat(onStandby).isTrue();
        TransactionTemplate readWrite = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
        Long written = readWrite.execute(s -> jdbc.queryForObject("SELECT count(*) FROM note", Long.class));
        assertThat(written).isEqualTo(1L);
    }

    /** Right after start the standby may still be probed or connecting; reads fall back to the primary until then. */
    private static void awaitStandbyEligible(RoutingDataSource routing) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (routing.replicaStatuses().stream().noneMatch(r -> r.name().equals("pg-b") && r.eligible())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("pg-b never became an eligible replica: " + routing.replicaStatuses());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void healthShowsEveryNodeWithItsRoleAndTheWriter() throws Exception {
        awaitStandbyEligible(context.getBean(RoutingDataSource.class));
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        HttpResponse<String> health = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(health.body()).contains("\"nodes\":{\"pg-a\":{", "\"pg-b\":{", "\"role\":\"primary\"",
                "\"role\":\"replica\"", "\"writer\":true", "\"writer\":false");
        if (!db.password().isEmpty()) {
            assertThat(health.body()).doesNotContain(db.password());
        }
    }
}
