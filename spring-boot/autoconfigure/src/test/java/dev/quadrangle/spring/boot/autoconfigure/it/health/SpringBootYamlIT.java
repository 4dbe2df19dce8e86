package dev.quadrangle.spring.boot.autoconfigure.it.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.routing.RoutingDataSource;
import dev.quadrangle.spring.boot.autoconfigure.cache.QuadrangleCacheManager;
import dev.quadrangle.spring.boot.autoconfigure.cache.QuadrangleCacheProperties;
import dev.quadrangle.spring.boot.autoconfigure.it.TestServices;
import dev.quadrangle.spring.boot.autoconfigure.routing.QuadrangleRoutingProperties;
import dev.quadrangle.testkit.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.cache.CacheManager;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

/**
 * The {@code application.yaml} of docs/spring-boot.md, read from the page itself: it binds, and with only
 * its endpoints pointed at the testkit's servers it starts routing, the cache and health.
 */
class SpringBootYamlIT {

    static String yamlOfTheDocs() throws Exception {
        String page = Files.readString(Path.of("../../docs/spring-boot.md"), StandardCharsets.UTF_8);
        int start = page.indexOf("```yaml\n");
        assertThat(start).as("a yaml block in docs/spring-boot.md").isNotNegative();
        return page.substring(start + "```yaml\n".length(), page.indexOf("```", start + 8));
    }

    @Test
    void theDocumentedApplicationYamlStartsRoutingCacheAndHealth() throws Exception {
        List<PropertySource<?>> yaml = new YamlPropertySourceLoader().load("docs-application.yaml",
                new ByteArrayResource(yamlOfTheDocs().getBytes(StandardCharsets.UTF_8)));
        try (TestDatabase db = TestServices.database("yaml")) {
            Map<String, Object> endpoints = new LinkedHashMap<>();
            endpoints.putAll(TestServices.routing(db));
            endpoints.keySet().removeIf(k -> k.contains(".replicas.") || k.contains("probe") || k.contains("max-replica-lag"));
            endpoints.put("quadrangle.routing.replicas.replica-1.url", db.standbyUrl());
            endpoints.put("DB_PASSWORD", db.password());
            endpoints.putAll(TestServices.redis());
            endpoints.put("server.port", "0");
            endpoints.put("management.health.redis.enabled", "false");
            SpringApplicationBuilder builder = new SpringApplicationBuilder(HealthApplication.class)
                    .initializers(context -> {
                        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("testkit", endpoints));
                        yaml.forEach(source -> context.getEnvironment().getPropertySources().addLast(source));
                    });
            try (ConfigurableApplicationContext context = builder.run()) {
                QuadrangleRoutingProperties routing = context.getBean(QuadrangleRoutingProperties.class);
                assertThat(routing.getReplicas()).containsOnlyKeys("replica-1");
                assertThat(routing.getMaxWaitForReplica()).isEqualTo(Duration.ofMillis(200));
                assertThat(routing.getMaxReplicaLagBytes().toMegabytes()).isEqualTo(64);
                assertThat(context.getBean(QuadrangleCacheProperties.class).getRegions())
                        .containsOnlyKeys("pending-activities", "grade-book");
                assertThat(context.getBean(javax.sql.DataSource.class)).isInstanceOf(RoutingDataSource.class);
                assertThat(context.getBean(CacheManager.class)).isInstanceOf(QuadrangleCacheManager.class);
                assertThat(context.getBean(CacheManager.class).getCache("pendingActivities")).isNotNull();
                assertThat(context.getBean("quadrangleRoutingHealthIndicator", HealthIndicator.class).health()
                        .getStatus().getCode()).isEqualTo("UP");
                assertThat(context.getBean("quadrangleCacheHealthIndicator", HealthIndicator.class).health()
                        .getStatus().getCode()).isEqualTo("UP");
                assertThat(context.getBeansOfType(jakarta.servlet.Filter.class).isEmpty()
                        && context.getBean("quadrangleConsistencyTokenFilter") == null).isFalse();
            }
        }
    }
}
