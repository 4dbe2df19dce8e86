package dev.quadrangle.testkit.internal;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One PostgreSQL server process started from zonky's embedded binaries, on a fixed data directory
 * and port, so that it can be stopped and started again with its data.
 */
class EmbeddedPostgresNode extends AbstractPostgresServer {
    /** The superuser initdb creates, trusted on loopback by zonky's {@code pg_hba.conf}. */
    static final String USER = "postgres";
    private final Path dataDirectory;
    private final int port;
    private final Map<String, String> serverConfig;
    private final ReentrantLock lock = new ReentrantLock();
    private EmbeddedPostgres process;

    EmbeddedPostgresNode(String role, Path dataDirectory, int port, Map<String, String> serverConfig) {
        super(role, USER, "");
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.serverConfig = Map.copyOf(serverConfig);
    }

    Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public boolean controllable() {
        return true;
    }

    @Override
    public void start() {
        lock.lock();
        try {
            if (process != null) {
                return;
            }
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDirectory)
                    // keep the data between stop and start; the cluster deletes it at JVM exit
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60));
            serverConfig.forEach(builder::setServerConfig);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL " + label() + " on port " + port
                    + " (data directory " + dataDirectory + "): " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void stop() {
        lock.lock();
        try {
            if (process == null) {
                return;
            }
            EmbeddedPostgres running = process;
            process = null;
            running.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop the embedded PostgreSQL " + label() + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isRunning() {
        lock.lock();
        try {
            return process != null;
        } finally {
            lock.unlock();
        }
    }
}
