package dev.quadrangle.testkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Empties the JDK's HTTP keep-alive cache for one endpoint after its server restarted on the same port.
 *
 * <p>{@link HttpURLConnection} (which the AWS SDK's URL-connection client uses) keeps idle connections in a
 * JVM-wide cache per host and port, up to {@code http.maxConnections} (5), and hands out the most recently
 * returned first. Connections to a server that was stopped are dead, and the next requests take them: a GET
 * is retried once on a new connection by the JDK, but a PUT fails with "Unexpected end of file from server".
 * Here several GETs are opened before any of them is read, so each takes a different cached connection;
 * dead ones are replaced by the JDK's retry, and only live connections go back to the cache.
 */
final class KeepAliveDrain {
    /** More than the JDK's default {@code http.maxConnections}, so that every cached connection is taken. */
    private static final int REQUESTS = 8;

    private KeepAliveDrain() {
    }

    static void drain(URI endpoint) {
        List<HttpURLConnection> open = new ArrayList<>();
        try {
            for (int i = 0; i < REQUESTS; i++) {
                try {
                    HttpURLConnection c = (HttpURLConnection) endpoint.toURL().openConnection();
                    c.setConnectTimeout(2_000);
                    c.setReadTimeout(5_000);
                    c.getResponseCode(); // holds its connection until the body is read below
                    open.add(c);
                } catch (IOException e) {
                    // a dead connection the JDK did not retry: it is out of the cache now
                }
            }
        } finally {
            for (HttpURLConnection c : open) {
                try (InputStream body = c.getErrorStream() != null ? c.getErrorStream() : c.getInputStream()) {
                    body.readAllBytes();
                } catch (IOException e) {
                    c.disconnect();
                }
            }
        }
    }
}
