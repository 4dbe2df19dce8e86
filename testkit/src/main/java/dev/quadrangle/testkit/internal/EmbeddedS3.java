package dev.quadrangle.testkit.internal;

import dev.quadrangle.testkit.ServiceMode;
import dev.quadrangle.testkit.ServiceStartException;
import dev.quadrangle.testkit.s3server.S3ProxyServer;
import java.net.URI;
import java.util.UUID;

/**
 * An in-process S3-compatible server (s3proxy over an in-memory blob store) on a random free
 * loopback port. Objects live in the blob store, so they survive a stop and start of the HTTP server.
 *
 * <p>s3proxy runs in its own class loader ({@link S3ProxyServer}): its Jetty 11 and jclouds never meet
 * the Jetty, Guava or Jackson of the application under test.
 */
public final class EmbeddedS3 extends AbstractS3Server implements AutoCloseable {
    private static final String BUCKET = "quadrangle-test";
    private static final String REGION = "us-east-1";
    private static final String ACCESS_KEY = "quadrangle";

    private final int port;
    private final String secretKey;
    private final S3ProxyServer server;

    private EmbeddedS3(int port, String secretKey, S3ProxyServer server) {
        this.port = port;
        this.secretKey = secretKey;
        this.server = server;
    }

    /**
     * Starts the server with one empty bucket.
     *
     * @return the running server
     * @throws ServiceStartException when it cannot start
     */
    public static EmbeddedS3 launch() {
        int port = FreePorts.next();
        String secretKey = UUID.randomUUID().toString();
        S3ProxyServer server;
        try {
            server = S3ProxyServer.inMemory(URI.create("http://127.0.0.1:" + port), ACCESS_KEY, secretKey, BUCKET);
        } catch (RuntimeException e) {
            throw failure(port, e);
        }
        EmbeddedS3 s3 = new EmbeddedS3(port, secretKey, server);
        try {
            s3.start();
        } catch (ServiceStartException e) {
            server.close();
            throw e;
        }
        return s3;
    }

    private static ServiceStartException failure(int port, Exception e) {
        return new ServiceStartException("embedded S3 server (s3proxy) on port " + port, ServiceMode.EMBEDDED,
                "To use your own server set QUADRANGLE_S3_ENDPOINT, QUADRANGLE_S3_ACCESS_KEY, "
                        + "QUADRANGLE_S3_SECRET_KEY and QUADRANGLE_S3_BUCKET.", e);
    }

    @Override
    public ServiceMode mode() {
        return ServiceMode.EMBEDDED;
    }

    @Override
    public URI endpoint() {
        return server.endpoint();
    }

    @Override
    public String region() {
        return REGION;
    }

    @Override
    public String accessKey() {
        return ACCESS_KEY;
    }

    @Override
    public String secretKey() {
        return secretKey;
    }

    @Override
    public String bucket() {
        return BUCKET;
    }

    @Override
    public boolean controllable() {
        return true;
    }

    @Override
    public void start() {
        boolean restart = !server.isRunning();
        try {
            server.start();
        } catch (RuntimeException e) {
            throw failure(port, e);
        }
        if (restart) {
            KeepAliveDrain.drain(URI.create("http://127.0.0.1:" + port + "/"));
        }
    }

    @Override
    public void stop() {
        try {
            server.stop();
        } catch (RuntimeException e) {
            throw new IllegalStateException("could not stop embedded S3 on port " + port + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean isRunning() {
        return server.isRunning();
    }

    /** Stops the HTTP server and discards the blob store. */
    @Override
    public void close() {
        server.close();
    }
}
