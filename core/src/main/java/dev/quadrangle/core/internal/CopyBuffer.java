package dev.quadrangle.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

/**
 * A fixed-size byte buffer that hands full chunks to a {@link Sink} (a COPY stream), with big-endian
 * writes for the binary COPY format. Not thread-safe; one per COPY.
 */
final class CopyBuffer {
    /** Bytes buffered before a chunk goes to the sink. */
    static final int CHUNK_BYTES = 64 * 1024;
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** Where full chunks go: pgjdbc's {@code CopyIn.writeToCopy}, or a stream in tests. */
    interface Sink {
        /**
         * Takes bytes; the array is reused after the call returns.
         *
         * @param data the bytes
         * @param offset the first byte
         * @param length how many bytes
         * @throws SQLException when the COPY fails
         */
        void write(byte[] data, int offset, int length) throws SQLException;
    }

    private final byte[] buf;
    private final Sink sink;
    private int pos;

    CopyBuffer(Sink sink, int size) {
        this.sink = sink;
        this.buf = new byte[size];
    }

    /** Makes room for {@code n} bytes (at most the buffer size), sending what is buffered when needed. */
    void ensure(int n) throws SQLException {
        if (buf.length - pos < n) {
            flush();
        }
    }

    void putShort(int v) {
        SHORT.set(buf, pos, (short) v);
        pos += 2;
    }

    void putInt(int v) {
        INT.set(buf, pos, v);
        pos += 4;
    }

    void putLong(long v) {
        LONG.set(buf, pos, v);
        pos += 8;
    }

    void putByte(int v) {
        buf[pos++] = (byte) v;
    }

    /** A length-prefixed field of raw bytes; arrays larger than the buffer go to the sink directly. */
    void putField(byte[] bytes) throws SQLException {
        ensure(4);
        putInt(bytes.length);
        if (buf.length - pos < bytes.length) {
            flush();
            if (bytes.length > buf.length) {
                sink.write(bytes, 0, bytes.length);
                return;
            }
        }
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
    }

    /** A length-prefixed UTF-8 text field, copied without an intermediate array when it is ASCII. */
    void putText(String s) throws SQLException {
        int n = s.length();
        if (n + 4 <= buf.length) {
            ensure(n + 4);
            int start = pos + 4;
            int i = 0;
            while (i < n) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    break;
                }
                buf[start + i] = (byte) c;
                i++;
            }
            if (i == n) {
                putInt(n);
                pos += n;
                return;
            }
        }
        putField(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends what is buffered. */
    void flush() throws SQLException {
        if (pos > 0) {
            sink.write(buf, 0, pos);
            pos = 0;
        }
    }
}
