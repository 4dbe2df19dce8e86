package dev.quadrangle.storage.internal;

import dev.quadrangle.storage.Codec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Compression and bounded decompression for the {@link Codec}s. */
public final class Compression {
    private static final boolean ZSTD_AVAILABLE = detectZstd();

    private Compression() {
    }

    private static boolean detectZstd() {
        try {
            Class.forName("com.github.luben.zstd.ZstdOutputStream", false, Compression.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Whether {@code com.github.luben:zstd-jni} is on the class path. */
    public static boolean zstdAvailable() {
        return ZSTD_AVAILABLE;
    }

    /**
     * Compresses bytes in memory.
     *
     * @param codec the codec
     * @param raw the uncompressed bytes
     * @return the compressed bytes
     */
    public static byte[] compress(Codec codec, byte[] raw) {
        if (codec == Codec.IDENTITY) {
            return raw;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, raw.length / 4));
        try (OutputStream compressing = compressing(codec, out)) {
            compressing.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Wraps a stream so that what is written to it is compressed.
     *
     * @param codec the codec
     * @param out where the compressed bytes go; closed with the returned stream
     * @return the compressing stream
     * @throws IOException when the codec cannot start
     */
    public static OutputStream compressing(Codec codec, OutputStream out) throws IOException {
        switch (codec) {
            case GZIP:
                return new GZIPOutputStream(out, 64 * 1024);
            case ZSTD:
                requireZstd();
                return ZstdStreams.compressing(out);
            default:
                return out;
        }
    }

    /**
     * Wraps a stream so that what is read from it is decompressed.
     *
     * @param codec the codec
     * @param in the compressed bytes; closed with the returned stream
     * @return the decompressing stream
     * @throws IOException when the stream does not start like the codec's format
     */
    public static InputStream decompressing(Codec codec, InputStream in) throws IOException {
        switch (codec) {
            case GZIP:
                return new GZIPInputStream(in, 64 * 1024);
            case ZSTD:
                requireZstd();
                return ZstdStreams.decompressing(in);
            default:
                return in;
        }
    }

    /**
     * Whether bytes start with the codec's magic number (gzip {@code 1f 8b}, zstd {@code 28 b5 2f fd}).
     *
     * @param codec the codec
     * @param stored the stored bytes
     * @return {@code true} when the header matches (always for {@link Codec#IDENTITY})
     */
    public static boolean hasMagic(Codec codec, byte[] stored) {
        switch (codec) {
            case GZIP:
                return stored.length >= 2 && (stored[0] & 0xff) == 0x1f && (stored[1] & 0xff) == 0x8b;
            case ZSTD:
                return stored.length >= 4 && (stored[0] & 0xff) == 0x28 && (stored[1] & 0xff) == 0xb5
                        && (stored[2] & 0xff) == 0x2f && (stored[3] & 0xff) == 0xfd;
            default:
                return true;
        }
    }

    /**
     * Decompresses into memory, refusing to produce more than {@code maxBytes} (so a tampered object
     * cannot inflate without bound).
     *
     * @param codec the codec
     * @param stored the compressed bytes
     * @param maxBytes the most bytes to accept
     * @return the uncompressed bytes
     * @throws IOException when the data is not valid for the codec or inflates past {@code maxBytes}
     */
    public static byte[] decompress(Codec codec, byte[] stored, long maxBytes) throws IOException {
        if (codec == Codec.IDENTITY) {
            if (stored.length > maxBytes) {
                throw new IOException("content is " + stored.length + " bytes, more than the expected " + maxBytes);
            }
            return stored;
        }
        try (InputStream in = decompressing(codec, new java.io.ByteArrayInputStream(stored))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(maxBytes, 1 << 20));
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > maxBytes) {
                    throw new IOException("content inflates past the expected " + maxBytes + " bytes");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (RuntimeException e) {
            // zstd-jni reports corrupt frames as unchecked exceptions
            throw new IOException("content is not valid " + codec.id() + ": " + e.getMessage(), e);
        }
    }

    private static void requireZstd() {
        if (!ZSTD_AVAILABLE) {
            throw new IllegalStateException("codec zstd needs com.github.luben:zstd-jni on the class path");
        }
    }
}
