package dev.quadrangle.spring.boot.autoconfigure.it;

import dev.quadrangle.testkit.QuadrangleServices;
import dev.quadrangle.testkit.RedisNode;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/** The testkit's real services as Spring Boot properties, for the integration tests. */
public final class TestServices {

    private TestServices() {
    }

    /**
     * A fresh database on the testkit's primary, replicated to its standby.
     *
     * @param prefix the database name's prefix
     * @return the database, dropped when closed
     */
    public static TestDatabase database(String prefix) {
        return QuadrangleServices.postgres().createDatabase(prefix);
    }

    /**
     * Routing properties over a database's primary and standby.
     *
     * @param db the database
     * @return the properties
     */
    public static Map<String, Object> routing(TestDatabase db) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("quadrangle.routing.primary.url", db.primaryUrl());
        p.put("quadrangle.routing.primary.username", db.user());
        p.put("quadrangle.routing.primary.password", db.password());
        p.put("quadrangle.routing.replicas.standby.url", db.standbyUrl());
        p.put("quadrangle.routing.probe.interval", "200ms");
        p.put("quadrangle.routing.max-replica-lag", "30s");
        return p;
    }

    /**
     * Spring Boot's Redis properties for the testkit's Redis.
     *
     * @return the properties
     */
    public static Map<String, Object> redis() {
        RedisNode redis = QuadrangleServices.redis();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spring.data.redis.host", redis.host());
        p.put("spring.data.redis.port", redis.port());
        p.put("quadrangle.cache.client-info", "false"); // the embedded Redis 6.2 refuses CLIENT SETINFO
        return p;
    }

    /**
     * Runs DDL on the database's primary.
     *
     * @param db the database
     * @param sql the statements
     */
    public static void execute(TestDatabase db, String... sql) {
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Properties as command-line style arguments for {@code SpringApplicationBuilder.properties}.
     *
     * @param maps the property maps
     * @return {@code key=value} strings
     */
    @SafeVarargs
    public static String[] args(Map<String, Object>... maps) {
        return java.util.Arrays.stream(maps).flatMap(m -> m.entrySet().stream())
                .map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }
}
