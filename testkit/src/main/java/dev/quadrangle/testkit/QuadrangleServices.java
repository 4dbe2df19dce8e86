package dev.quadrangle.testkit;

import dev.quadrangle.testkit.internal.ContainerServices;
import dev.quadrangle.testkit.internal.DockerProbe;
import dev.quadrangle.testkit.internal.EmbeddedPostgresCluster;
import dev.quadrangle.testkit.internal.EmbeddedRedis;
import dev.quadrangle.testkit.internal.EmbeddedS3;
import dev.quadrangle.testkit.internal.ExternalServices;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plain Java entry point to the testkit's services, for samples, benchmarks and tests alike.
 *
 * <p>Each service starts on first use and is shared by the whole JVM; a shutdown hook stops what the
 * testkit started (external endpoints are never touched). Resolution order per service: explicit
 * endpoints ({@link ServiceSettings}), then Testcontainers when a Docker engine answers, then
 * embedded servers on random free loopback ports. Thread-safe.
 *
 * <!-- snippet: consumers/plain/src/test/java/dev/quadrangle/examples/JavadocExamples.java#quadrangle-services -->
 * <pre>{@code
 * PostgresCluster pg = QuadrangleServices.postgres();
 * try (TestDatabase db = pg.createDatabase("demo")) {
 *     DataSource primary = db.primary();
 *     DataSource standby = db.standby();
 * }
 * }</pre>
 */
public final class QuadrangleServices {
    private static final Logger LOG = LoggerFactory.getLogger(QuadrangleServices.class);
    private static final ReentrantLock LOCK = new ReentrantLock();
    private static final Deque<AutoCloseable> STARTED = new ArrayDeque<>();
    private static ServiceResolver resolver;
    private static PostgresCluster postgres;
    private static RedisNode redis;
    private static S3Server s3;
    private static CitusCoordinator citus;
    private static boolean hookInstalled;

    private QuadrangleServices() {
    }

    /**
     * The PostgreSQL primary and its streaming hot standby, started on first use.
     *
     * @return the shared cluster
     * @throws ServiceStartException when it cannot be started or reached
     */
    public static PostgresCluster postgres() {
        LOCK.lock();
        try {
            if (postgres == null) {
                postgres = start(ServiceResolver.Service.POSTGRES, () -> {
                    switch (resolver().resolve(ServiceResolver.Service.POSTGRES)) {
                        case EXTERNAL:
                            return ExternalServices.postgres(ServiceSettings.fromEnvironment());
                        case TESTCONTAINERS:
                            return ContainerServices.postgres();
                        default:
                            return EmbeddedPostgresCluster.launch();
                    }
                });
            }
            return postgres;
        } finally {
            LOCK.unlock();
        }
    }

    /**
     * The Redis server, started on first use.
     *
     * @return the shared server
     * @throws ServiceStartException when it cannot be started or reached
     */
    public static RedisNode redis() {
        LOCK.lock();
        try {
            if (redis == null) {
                redis = start(ServiceResolver.Service.REDIS, () -> {
                    switch (resolver().resolve(ServiceResolver.Service.REDIS)) {
                        case EXTERNAL:
                            return ExternalServices.redis(ServiceSettings.fromEnvironment());
                        case TESTCONTAINERS:
                            return ContainerServices.redis();
                        default:
                            return EmbeddedRedis.launch();
                    }
                });
            }
            return redis;
        } finally {
            LOCK.unlock();
        }
    }

    /**
     * The S3-compatible server with its test bucket, started on first use.
     *
     * @return the shared server
     * @throws ServiceStartException when it cannot be started or reached
     */
    public static S3Server s3() {
        LOCK.lock();
        try {
            if (s3 == null) {
                s3 = start(ServiceResolver.Service.S3, () -> {
                    switch (resolver().resolve(ServiceResolver.Service.S3)) {
                        case EXTERNAL:
                            return ExternalServices.s3(ServiceSettings.fromEnvironment());
                        case TESTCONTAINERS:
                            return ContainerServices.s3();
                        default:
                            return EmbeddedS3.launch();
                    }
                });
            }
            return s3;
        } finally {
            LOCK.unlock();
        }
    }

    /**
     * The Citus coordinator named by {@link ServiceSettings#CITUS_URL}; the testkit never starts Citus itself.
     * The first call checks that the server answers and runs Citus.
     *
     * @return the shared coordinator
     * @throws ServiceStartException when no coordinator is named, or it cannot be reached or has no Citus
     */
    public static CitusCoordinator citus() {
        LOCK.lock();
        try {
            if (citus == null) {
                Optional<String> skip = resolver().citusSkipReason();
                if (skip.isPresent()) {
                    throw new ServiceStartException("Citus coordinator", ServiceMode.EXTERNAL, "Classes annotated"
                            + " @RealCitus are skipped without it.", new IllegalStateException(skip.get()));
                }
                CitusCoordinator coordinator = ExternalServices.citus(ServiceSettings.fromEnvironment());
                try {
                    LOG.info("Citus coordinator ready: {} ({})", coordinator, coordinator.citusVersion());
                } catch (IllegalStateException e) {
                    throw new ServiceStartException("Citus coordinator", ServiceMode.EXTERNAL, "Check "
                            + ServiceSettings.describe(ServiceSettings.CITUS_URL) + ": it must name a PostgreSQL server that"
                            + " loads citus (shared_preload_libraries) and lets "
                            + ServiceSettings.describe(ServiceSettings.CITUS_USER) + " create databases", e);
                }
                citus = coordinator;
            }
            return citus;
        } finally {
            LOCK.unlock();
        }
    }

    /**
     * Why tests that need Citus are skipped, empty when a coordinator is named ({@link ServiceSettings#CITUS_URL}).
     *
     * @return the reason, naming the setting to set
     */
    public static Optional<String> citusSkipReason() {
        LOCK.lock();
        try {
            return resolver().citusSkipReason();
        } finally {
            LOCK.unlock();
        }
    }

    /**
     * Starts again every service the testkit controls that a fault test left stopped, and removes a
     * replay delay left on the standby. Services not yet started stay unstarted.
     */
    public static void restoreStoppedServices() {
        LOCK.lock();
        try {
            if (postgres != null && postgres.primary().controllable()) {
                postgres.primary().start();
                postgres.standby().start();
            }
            if (postgres != null) {
                postgres.standby().setReplayDelay(java.time.Duration.ZERO);
            }
            if (redis != null && redis.controllable()) {
                redis.start();
            }
            if (s3 != null && s3.controllable()) {
                s3.start();
            }
        } finally {
            LOCK.unlock();
        }
    }

    private static ServiceResolver resolver() {
        if (resolver == null) {
            resolver = new ServiceResolver(ServiceSettings.fromEnvironment(), new DockerProbe());
        }
        return resolver;
    }

    private static <T> T start(ServiceResolver.Service service, Supplier<T> starter) {
        long begin = System.nanoTime();
        T started = starter.get();
        if (started instanceof AutoCloseable) {
            STARTED.push((AutoCloseable) started);
            installHook();
        }
        LOG.info("{} ready: {} ({} ms)", service, started, (System.nanoTime() - begin) / 1_000_000);
        return started;
    }

    private static void installHook() {
        if (hookInstalled) {
            return;
        }
        hookInstalled = true;
        Runtime.getRuntime().addShutdownHook(new Thread(QuadrangleServices::stopAll, "quadrangle-testkit-shutdown"));
    }

    private static void stopAll() {
        LOCK.lock();
        try {
            while (!STARTED.isEmpty()) {
                try {
                    STARTED.pop().close();
                } catch (Exception e) {
                    LOG.warn("could not stop a test service at shutdown: {}", e.toString());
                }
            }
        } finally {
            LOCK.unlock();
        }
    }
}
