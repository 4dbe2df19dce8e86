package dev.quadrangle.testkit.internal;

import dev.quadrangle.testkit.ServiceMode;
import dev.quadrangle.testkit.ServiceStartException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A primary and a streaming hot standby from zonky's embedded PostgreSQL binaries: the primary is
 * initialised by initdb, the standby is started on a base backup of it with {@code standby.signal}
 * and {@code primary_conninfo}. Both take random free loopback ports.
 */
public final class EmbeddedPostgresCluster extends FixedPostgresCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresCluster.class);
    private static final String TEMP_PREFIX = "quadrangle-pg";

    private final Path root;
    private final EmbeddedPostgresNode primary;
    private final EmbeddedStandby standby;

    private EmbeddedPostgresCluster(Path root, EmbeddedPostgresNode primary, EmbeddedStandby standby) {
        super(ServiceMode.EMBEDDED, primary, standby);
        this.root = root;
        this.primary = primary;
        this.standby = standby;
    }

    /**
     * Starts a primary, takes a base backup and starts the standby on it.
     *
     * @return the running cluster
     * @throws ServiceStartException when either server cannot start
     */
    public static EmbeddedPostgresCluster launch() {
        long started = System.nanoTime();
        Path root;
        try {
            root = Files.createTempDirectory(TEMP_PREFIX);
            OrphanReaper.reap(root.getParent(), TEMP_PREFIX);
            OrphanReaper.claim(root);
        } catch (IOException e) {
            throw failure("PostgreSQL primary", e);
        }
        Map<String, String> config = serverConfig(root);
        EmbeddedPostgresNode primary = new EmbeddedPostgresNode("primary", root.resolve("primary"),
                FreePorts.next(), config);
        try {
            primary.start();
        } catch (RuntimeException e) {
            Directories.deleteQuietly(root);
            throw failure("PostgreSQL primary", e);
        }
        EmbeddedStandby standby;
        try {
            Path standbyData = root.resolve("standby");
            BaseBackup.take(primary.dataSource("postgres"), primary.dataDirectory(), standbyData);
            int standbyPort = FreePorts.next();
            Files.writeString(standbyData.resolve("standby.signal"), "");
            Files.writeString(standbyData.resolve("postgresql.auto.conf"), "\nprimary_conninfo = 'host=127.0.0.1 port="
                    + primary.port() + " user=postgres application_name=quadrangle_standby'\n",
                    java.nio.file.StandardOpenOption.APPEND);
            standby = new EmbeddedStandby(standbyData, standbyPort, config);
            standby.start();
        } catch (IOException | SQLException | RuntimeException e) {
            primary.stop();
            Directories.deleteQuietly(root);
            throw failure("PostgreSQL standby", e);
        }
        EmbeddedPostgresCluster cluster = new EmbeddedPostgresCluster(root, primary, standby);
        cluster.awaitStandbyCaughtUp(java.time.Duration.ofSeconds(60));
        LOG.info("embedded PostgreSQL primary on port {} and streaming standby on port {} ready in {} ms",
                primary.port(), standby.port(), (System.nanoTime() - started) / 1_000_000);
        return cluster;
    }

    /** The settings every embedded node gets on its command line (they override {@code ALTER SYSTEM}). */
    static Map<String, String> serverConfig(Path root) {
        Map<String, String> config = new HashMap<>();
        config.put("listen_addresses", "127.0.0.1");
        config.put("unix_socket_directories", root.toString());
        config.put("wal_level", "replica");
        config.put("max_wal_senders", "5");
        config.put("hot_standby", "on");
        config.put("hot_standby_feedback", "on");
        config.put("wal_keep_size", "256MB");
        // zonky turns it off; on, a commit is visible on the standby within milliseconds
        config.put("synchronous_commit", "on");
        config.put("max_connections", "300");
        config.put("wal_receiver_status_interval", "1s");
        return config;
    }

    private static ServiceStartException failure(String service, Exception e) {
        return new ServiceStartException("embedded " + service, ServiceMode.EMBEDDED,
                "The embedded server unpacks PostgreSQL binaries into java.io.tmpdir (move it with"
                        + " -Dot.epg.working-dir) and needs 'unshare' when run as root. To use your own servers set "
                        + "QUADRANGLE_PG_PRIMARY_URL and QUADRANGLE_PG_STANDBY_URL.", e);
    }

    /** Stops both servers and deletes their data directories. */
    @Override
    public void close() {
        try {
            standby.stop();
        } finally {
            try {
                primary.stop();
            } finally {
                Directories.deleteQuietly(root);
            }
        }
    }
}
