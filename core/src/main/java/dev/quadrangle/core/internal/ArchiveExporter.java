package dev.quadrangle.core.internal;

import dev.quadrangle.core.partition.ArchivedPartition;
import dev.quadrangle.core.partition.PartitionMaintenanceException;
import dev.quadrangle.core.partition.PartitionSpec;
import dev.quadrangle.spi.ContentStore;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
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
import java.util.zip.ZipException;
import org.jooq.Name;
import org.jooq.impl.DSL;

/**
 * Exports a detached partition through a {@link ContentStore} as gzip-compressed COPY text, verifies
 * it by reading it back (SHA-256 of the object and its row count), and reads it back for a restore.
 * Data passes through a temporary file, never whole through memory.
 *
 * <p>A partition can be exported more than once: rows that arrive late for a range that was already
 * archived wait in the DEFAULT partition, are moved into a re-created partition, and are exported again.
 * The second export never overwrites the first: it writes a new generation of the object
 * ({@code name.2.copy.gz}, {@code name.3.copy.gz}, ...) holding the earlier archive's rows (checked
 * against their recorded SHA-256) followed by the new ones, so the catalog's single record always
 * points at one object with every row of the range.
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

    /**
     * Exports a detached partition, merged with its earlier export when there is one.
     *
     * @param previous the verified earlier export of the same partition (key, SHA-256 and rows), if any
     */
    Exported export(Connection connection, PartitionSpec spec, String prefix, String partition,
            java.util.Optional<ArchivedPartition> previous) {
        String base = ArchiveKeys.key(spec, prefix, partition);
        String key = previous.flatMap(ArchivedPartition::location).map(p -> ArchiveKeys.nextKey(base, p)).orElse(base);
        Path file = null;
        boolean stored = false;
        try {
            file = Files.createTempFile("quadrangle-archive-", ArchiveKeys.SUFFIX);
            MessageDigest digest = sha256();
            long rows = 0;
            try (OutputStream out = new GZIPOutputStream(new DigestOutputStream(
                    new BufferedOutputStream(Files.newOutputStream(file)), digest), 65536)) {
                if (previous.isPresent()) {
                    rows += copyPrevious(previous.get(), partition, out);
                }
                Name table = PartitionDdl.name(spec, partition);
                rows += PgCopy.copyOut(connection, DSL.query("copy (select * from {0}) to stdout", table), out);
            }
            String sha = HexFormat.of().formatHex(digest.digest());
            long bytes = Files.size(file);
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
                store.put(key, in, bytes, Map.of(SHA256, sha, ROWS, Long.toString(rows), FORMAT, FORMAT_VALUE,
                        "content-type", "application/gzip"));
            }
            stored = true;
            verify(key, sha, rows);
            return new Exported(key, rows, bytes, sha);
        } catch (IOException | SQLException | RuntimeException e) {
            if (stored) {
                // never the earlier generation's key: an unverified object is of no use to anyone
                deleteSuperseded(key);
            }
            if (e instanceof PartitionMaintenanceException) {
                throw (PartitionMaintenanceException) e;
            }
            throw new PartitionMaintenanceException("exporting partition " + partition + " of " + spec.table() + " to "
                    + key + " failed: " + e.getMessage(), e);
        } finally {
            deleteQuietly(file);
        }
    }

    /** Copies the rows of an earlier export into a new one, checking the earlier object against its record. */
    private long copyPrevious(ArchivedPartition previous, String partition, OutputStream out) throws IOException {
        String key = previous.location().orElseThrow();
        String expected = previous.sha256().orElseThrow(() -> new PartitionMaintenanceException("the catalog records an"
                + " archive of partition " + partition + " at " + key + " without its SHA-256; not merging late rows into it",
                null));
        ReadBack read = readBack(key, out, "archive " + key + " of partition " + partition
                + " is missing from the content store; late rows of the partition stay in the database");
        String sha = read.sha256();
        long rows = read.rows();
        if (!sha.equals(expected) || (previous.rows() >= 0 && rows != previous.rows()) || read.unreadable() != null) {
            throw new PartitionMaintenanceException("archive " + key + " of partition " + partition + " does not match its"
                    + " record (expected SHA-256 " + expected + " and " + previous.rows() + " rows, read " + read.describe()
                    + "); not merging late rows into it", null);
        }
        return rows;
    }

    /**
     * SHA-256 of a stored object, the rows (lines) of its decompressed content, and why the content did not
     * decompress when it did not.
     */
    private record ReadBack(String sha256, long rows, String unreadable) {
        /** The read-back as a message: its SHA-256 and rows, and the decompression failure if any. */
        String describe() {
            return sha256 + " and " + rows + " rows" + (unreadable == null ? "" : " (its content does not decompress: "
                    + unreadable + ")");
        }
    }

    /**
     * Reads an object through, hashing it as stored and copying its decompressed content to {@code out}. Content
     * that does not decompress (bytes changed in the store) is still hashed to its end, so that the caller reports
     * the checksum that differs rather than a decompression error alone.
     */
    private ReadBack readBack(String key, OutputStream out, String missing) throws IOException {
        MessageDigest digest = sha256();
        long rows = 0;
        String unreadable = null;
        try (InputStream raw = store.open(key).orElseThrow(() -> new PartitionMaintenanceException(missing, null));
                DigestInputStream hashed = new DigestInputStream(new BufferedInputStream(raw), digest)) {
            InputStream unclosed = new FilterInputStream(hashed) {
                @Override
                public void close() {
                    // the raw stream is drained after a decompression failure, then closed by the outer block
                }
            };
            try (InputStream in = new GZIPInputStream(unclosed, 65536)) {
                byte[] buffer = new byte[65536];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    out.write(buffer, 0, n);
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n') {
                            rows++;
                        }
                    }
                }
            } catch (ZipException | EOFException corrupt) {
                unreadable = corrupt.getMessage();
                hashed.transferTo(OutputStream.nullOutputStream());
            }
        }
        return new ReadBack(HexFormat.of().formatHex(digest.digest()), rows, unreadable);
    }

    /**
     * Deletes an object no record points at: a superseded archive generation (which holds a subset of the
     * new one) or an export that failed verification. A failure to delete is harmless and ignored.
     */
    void deleteSuperseded(String key) {
        try {
            store.delete(key);
        } catch (RuntimeException e) {
            // harmless: no catalog record points at the object
        }
    }

    /** Reads the object back and checks its SHA-256 and row count. */
    void verify(String key, String expectedSha, long expectedRows) throws IOException {
        ReadBack read = readBack(key, OutputStream.nullOutputStream(), "archive " + key + " is missing right after it was written");
        String sha = read.sha256();
        long rows = read.rows();
        if (!sha.equals(expectedSha) || rows != expectedRows || read.unreadable() != null) {
            throw new PartitionMaintenanceException("archive " + key + " failed verification: expected SHA-256 "
                    + expectedSha + " and " + expectedRows + " rows, read back " + read.describe(), null);
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
