package dev.quadrangle.storage.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The only class that touches zstd-jni, so that the rest of the module loads and verifies without that
 * optional dependency on the class path.
 */
final class ZstdStreams {
    private ZstdStreams() {
    }

    static OutputStream compressing(OutputStream out) throws IOException {
        return new com.github.luben.zstd.ZstdOutputStream(out, 3);
    }

    static InputStream decompressing(InputStream in) throws IOException {
        return new com.github.luben.zstd.ZstdInputStream(in);
    }
}
