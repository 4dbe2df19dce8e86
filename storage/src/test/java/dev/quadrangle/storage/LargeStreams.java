package dev.quadrangle.storage;

import dev.quadrangle.storage.internal.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** A large gzip stream of archive-like rows written to disk (never held in memory), with its SHA-256. */
final class LargeStreams {
    private LargeStreams() {
    }

    /** Writes {@code rows} CSV-like rows gzip-compressed to {@code file}; returns the SHA-256 of the file. */
    static String writeCompressedRows(Path file, int rows, long seed) throws IOException {
        Random random = new Random(seed);
        MessageDigest digest = Sha256.newDigest();
        try (OutputStream out = new GZIPOutputStream(new DigestOutputStream(Files.newOutputStream(file), digest), 64 * 1024)) {
            StringBuilder line = new StringBuilder(256);
            for (int i = 0; i < rows; i++) {
                line.setLength(0);
                line.append(i).append(',').append(random.nextLong()).append(',').append(Long.toHexString(random.nextLong()))
                        .append(Long.toHexString(random.nextLong())).append(",grade,").append(random.nextInt(101)).append('\n');
                out.write(line.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        return Sha256.hex(digest);
    }

    /** Reads a stream to the end, returning its SHA-256, and counts the lines of its gzip content. */
    static String[] shaAndLineCount(InputStream stored) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        long lines = 0;
        try (InputStream in = new GZIPInputStream(new DigestInputStream(stored, digest), 64 * 1024)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    lines += buffer[i] == '\n' ? 1 : 0;
                }
            }
        }
        return new String[] {Sha256.hex(digest), Long.toString(lines)};
    }
}
