package dev.quadrangle.testkit.internal;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code initdb} per JVM for topology primaries: the first primary's fresh data directory, cleanly
 * shut down, is kept as a template, and later primaries start from a copy of it (initdb takes seconds
 * on a busy machine; the copy a fraction of one). The template lives under {@code java.io.tmpdir}
 * until the JVM exits; the orphan reaper removes one left by a JVM killed outright.
 */
final class InitdbTemplate {
    private static final Logger LOG = LoggerFactory.getLogger(InitdbTemplate.class);
    private static final String TEMP_PREFIX = "quadrangle-pg-template";
    /** The server's runtime files and zonky's lock; none belongs to the cluster. */
    private static final Set<String> SKIPPED = Set.of("postmaster.pid", "postmaster.opts", "epg-lock");
    private static final ReentrantLock LOCK = new ReentrantLock();
    private static Path template;

    private InitdbTemplate() {
    }

    /**
     * Fills an absent data directory from the template.
     *
     * @return whether there was a template to copy
     */
    static boolean copyInto(Path dataDirectory) throws IOException {
        LOCK.lock();
        try {
            if (template == null) {
                return false;
            }
            copy(template, dataDirectory);
            return true;
        } finally {
            LOCK.unlock();
        }
    }

    /** Keeps a copy of a freshly initialised, cleanly stopped data directory, unless a template exists. */
    static void keep(Path freshDataDirectory) throws IOException {
        LOCK.lock();
        try {
            if (template != null) {
                return;
            }
            Path root = Files.createTempDirectory(TEMP_PREFIX);
            OrphanReaper.claim(root);
            Path data = root.resolve("data");
            try {
                copy(freshDataDirectory, data);
            } catch (IOException e) {
                Directories.deleteQuietly(root);
                throw e;
            }
            template = data;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> Directories.deleteQuietly(root),
                    "quadrangle-testkit-template-cleanup"));
            LOG.debug("kept an initdb template in {}", data);
        } finally {
            LOCK.unlock();
        }
    }

    private static void copy(Path source, Path target) throws IOException {
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(target.resolve(source.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!(file.getParent().equals(source) && SKIPPED.contains(file.getFileName().toString()))) {
                    Files.copy(file, target.resolve(source.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
    }
}
