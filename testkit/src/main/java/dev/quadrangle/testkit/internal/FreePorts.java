package dev.quadrangle.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Finds free loopback TCP ports for embedded servers (never the well-known 5432/6379). */
public final class FreePorts {
    private FreePorts() {
    }

    /**
     * A port that was free on 127.0.0.1 a moment ago.
     *
     * @return the port number
     */
    public static int next() {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
                int port = socket.getLocalPort();
                if (port != 5432 && port != 6379) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("no free loopback port: " + e.getMessage(), e);
            }
        }
        throw new IllegalStateException("no free loopback port after 20 attempts");
    }
}
