package dev.quadrangle.testkit.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops embedded PostgreSQL servers left running by JVMs that were killed outright (a JVM killed with
 * SIGKILL runs no shutdown hook, and its postmasters keep running): each cluster directory records the
 * JVM that owns it, and a new cluster first stops the servers of owners that are gone.
 */
final class OrphanReaper {
    static final String OWNER_FILE = "owner.pid";
    private static final Logger LOG = LoggerFactory.getLogger(OrphanReaper.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private OrphanReaper() {
    }

    /** Records this JVM as the owner of a cluster directory. */
    static void claim(Path clusterRoot) throws IOException {
        Files.writeString(clusterRoot.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
    }

    /**
     * Stops the servers and deletes the directories of clusters under {@code tempRoot} whose owning JVM
     * no longer runs. Directories without an owner file are left alone.
     */
    static void reap(Path tempRoot, String prefix) {
        try (DirectoryStream<Path> roots = Files.newDirectoryStream(tempRoot, prefix + "*")) {
            for (Path root : roots) {
                Optional<Long> owner = readPid(root.resolve(OWNER_FILE));
                if (owner.isEmpty() || ProcessHandle.of(owner.get()).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                stopPostmasters(root);
                Directories.deleteQuietly(root);
                LOG.info("stopped the embedded PostgreSQL servers left in {} by JVM {}", root, owner.get());
            }
        } catch (IOException e) {
            LOG.debug("could not look for orphaned clusters in {}: {}", tempRoot, e.toString());
        }
    }

    /** Stops the postmaster of every node directory (a cluster's primary and standby, a topology's nodes). */
    private static void stopPostmasters(Path root) throws IOException {
        try (DirectoryStream<Path> nodes = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path node : nodes) {
                readPid(node.resolve("postmaster.pid")).flatMap(ProcessHandle::of).ifPresent(OrphanReaper::stop);
            }
        }
    }

    private static void stop(ProcessHandle postmaster) {
        // SIGTERM: a smart shutdown, which finishes at once since the clients died with their JVM
        postmaster.destroy();
        try {
            postmaster.onExit().get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            postmaster.destroyForcibly();
        }
    }

    private static Optional<Long> readPid(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
