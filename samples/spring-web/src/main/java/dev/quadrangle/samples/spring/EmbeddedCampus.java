package dev.quadrangle.samples.spring;

import dev.quadrangle.samples.data.CampusGenerator;
import dev.quadrangle.samples.data.CampusLoader;
import dev.quadrangle.samples.data.CampusScale;
import dev.quadrangle.samples.data.GeneratedCampus;
import dev.quadrangle.samples.schema.CampusCalendar;
import dev.quadrangle.samples.schema.CampusPartitions;
import dev.quadrangle.testkit.PostgresCluster;
import dev.quadrangle.testkit.QuadrangleServices;
import dev.quadrangle.testkit.RedisNode;
import dev.quadrangle.testkit.S3Server;
import dev.quadrangle.testkit.TestDatabase;
import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The testkit's services (embedded PostgreSQL primary and streaming standby, Redis, S3, or the endpoints
 * of {@code QUADRANGLE_*} settings) with a generated campus loaded, as the Spring Boot properties that
 * point the application at them. The database lives as long as the JVM.
 */
public final class EmbeddedCampus {
    /** How long the standby may take to replay the load. */
    public static final Duration STANDBY_CATCH_UP = Duration.ofMinutes(5);

    private final TestDatabase database;
    private final Map<String, Object> properties;
    private final GeneratedCampus campus;

    private EmbeddedCampus(TestDatabase database, Map<String, Object> properties, GeneratedCampus campus) {
        this.database = database;
        this.properties = properties;
        this.campus = campus;
    }

    /**
     * Starts the services and loads a campus.
     *
     * @param schools campus size, 1 to 1,000 schools of 1,000 students
     * @param seed the data seed
     * @param out where progress goes
     * @return the campus
     * @throws SQLException when loading fails
     */
    public static EmbeddedCampus start(int schools, long seed, PrintStream out) throws SQLException {
        PostgresCluster cluster = QuadrangleServices.postgres();
        RedisNode redis = QuadrangleServices.redis();
        S3Server s3 = QuadrangleServices.s3();
        TestDatabase db = cluster.createDatabase("campus");
        Instant anchor = Instant.now();
        CampusCalendar calendar = CampusCalendar.anchoredAt(anchor);
        CampusLoader loader = new CampusLoader(db.primary(), out, false);
        GeneratedCampus campus = loader.load(new CampusGenerator(seed, CampusScale.ofSchools(schools), calendar),
                new CampusPartitions(calendar));
        cluster.awaitStandbyCaughtUp(STANDBY_CATCH_UP);
        out.printf(Locale.ROOT, "campus loaded: %,d rows in %.1f s; standby caught up%n", campus.totalRows(),
                campus.millis() / 1000.0);

        Map<String, Object> p = new LinkedHashMap<>();
        p.put("quadrangle.routing.primary.url", db.primaryUrl());
        p.put("quadrangle.routing.primary.username", db.user());
        p.put("quadrangle.routing.primary.password", db.password());
        p.put("quadrangle.routing.replicas.standby.url", db.standbyUrl());
        p.put("spring.data.redis.host", redis.host());
        p.put("spring.data.redis.port", redis.port());
        p.put("quadrangle.cache.client-info", "false"); // the embedded Redis 6.2 refuses CLIENT SETINFO
        p.put("quadrangle.storage.s3.bucket", s3.bucket());
        p.put("quadrangle.storage.s3.endpoint", s3.endpoint().toString());
        p.put("quadrangle.storage.s3.region", s3.region());
        p.put("quadrangle.storage.s3.access-key", s3.accessKey());
        p.put("quadrangle.storage.s3.secret-key", s3.secretKey());
        p.put("quadrangle.storage.s3.path-style", "true");
        p.put("campus.anchor", anchor.toString());
        p.put("campus.offload-on-start", "true");
        return new EmbeddedCampus(db, Map.copyOf(p), campus);
    }

    /**
     * The properties that point the application at the services.
     *
     * @return the properties, immutable
     */
    public Map<String, Object> properties() {
        return properties;
    }

    /**
     * The database.
     *
     * @return the database
     */
    public TestDatabase database() {
        return database;
    }

    /**
     * What was loaded.
     *
     * @return the generated campus
     */
    public GeneratedCampus campus() {
        return campus;
    }

    /** Lets the JVM exit: the embedded S3 server runs on non-daemon threads. */
    public static void stopEmbeddedS3() {
        S3Server s3 = QuadrangleServices.s3();
        if (s3.controllable()) {
            s3.stop();
        }
    }
}
