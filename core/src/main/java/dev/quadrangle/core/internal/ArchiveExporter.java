package dev.quadrangle.core.internal;

import dev.quadrangle.core.partition.PartitionMaintenanceException;
import dev.quadrangle.core.partition.PartitionSpec;
import dev.quadrangle.core.spi.ContentStore;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.jooq.Name;
import org.jooq.impl.DSL;

/**
 * Exports a detached partition through a {@link ContentStore} as gzip-compressed COPY text, verifies
 * it by reading it back (SHA-256 of the object and its row count), and reads it back for a restore.
 * Data passes through a temporary file, never whole through memory.
 */
final class ArchiveExporter {
    /** Metadata key of the object's SHA-256 (hex). */
    static final String SHA256 = "quadrangle-sha256";
    /** Metadata key of the row count. */
    static final String ROWS = "quadrangle-rows";
    static final String FORMAT = "quadrangle-format";
    static final String FORMAT_VALUE = "postgresql-copy-text+gzip";

    private final ContentStore store;

    ArchiveExporter(ContentStore store) {
        this.store = store;
    }

    /** The result of an export. */
    record Exported(String key, long rows, long bytes, String sha256) {
    }

    static String key(PartitionSpec spec, String prefix, String partition) {
        return prefix + "/" + spec.schema() + "/" + spec.table() + "/" + partition + ".copy.gz";
    }

    Exported export(Connection connection, PartitionSpec spec, String prefix, String partition) {
        String key = key(spec, prefix, partition);
        Path file = null;
        try {
            file = Files.createTempFile("quadrangle-archive-", ".copy.gz");
            MessageDigest digest = sha256();
            long rows;
            try (OutputStream out = new GZIPOutputStream(new DigestOutputStream(
                    new BufferedOutputStream(Files.newOutputStream(file)), digest), 65536)) {
                Name table = PartitionDdl.name(spec, partition);
                rows = PgCopy.copyOut(connection, DSL.query("copy (select * from {0}) to stdout", table), out);
            }
            String sha = HexFormat.of().formatHex(digest.digest());
            long bytes = Files.size(file);
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
                store.put(key, in, bytes, Map.of(SHA256, sha, ROWS, Long.toString(rows), FORMAT, FORMAT_VALUE,
                        "content-type", "application/gzip"));
            }
            verify(key, sha, rows);
            return new Exported(key, rows, bytes, sha);
        } catch (IOException | SQLException e) {
            throw new PartitionMaintenanceException("exporting partition " + partition + " of " + spec.table() + " to "
                    + key + " failed: " + e.getMessage(), e);
        } finally {
            deleteQuietly(file);
        }
    }

    /** Reads the object back and checks its SHA-256 and row count. */
    void verify(String key, String expectedSha, long expectedRows) throws IOException {
        MessageDigest digest = sha256();
        long rows = 0;
        try (InputStream raw = store.open(key).orElseThrow(() -> new PartitionMaintenanceException(
                "archive " + key + " is missing right after it was written", null));
                InputStream in = new GZIPInputStream(new DigestInputStream(new BufferedInputStream(raw), digest), 65536)) {
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        rows++;
                    }
                }
            }
        }
        String sha = HexFormat.of().formatHex(digest.digest());
        if (!sha.equals(expectedSha) || rows != expectedRows) {
            throw new PartitionMaintenanceException("archive " + key + " failed verification: expected SHA-256 "
                    + expectedSha + " and " + expectedRows + " rows, read back " + sha + " and " + rows + " rows", null);
        }
    }

    /**
     * Copies an exported object into a table after checking its SHA-256 against the recorded one.
     *
     * @return rows copied
     */
    long restoreInto(Connection connection, Name table, String key, String expectedSha) {
        Path file = null;
        try {
            file = Files.createTempFile("quadrangle-restore-", ".copy.gz");
            MessageDigest digest = sha256();
            try (InputStream raw = store.open(key).orElseThrow(() -> new PartitionMaintenanceException(
                    "archive object " + key + " is missing from the content store", null));
                    InputStream in = new DigestInputStream(raw, digest)) {
                Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            String sha = HexFormat.of().formatHex(digest.digest());
            if (!sha.equals(expectedSha)) {
                throw new PartitionMaintenanceException("archive object " + key + " has SHA-256 " + sha
                        + " but " + expectedSha + " was recorded when it was written; not restoring it", null);
            }
            try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file)), 65536)) {
                return PgCopy.copyIn(connection, DSL.query("copy {0} from stdin", table), in);
            }
        } catch (IOException | SQLException e) {
            throw new PartitionMaintenanceException("restoring " + key + " failed: " + e.getMessage(), e);
        } finally {
            deleteQuietly(file);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file; the OS cleans its temp directory
            }
        }
    }
}
