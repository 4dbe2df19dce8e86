package dev.quadrangle.testkit.s3server;

import dev.quadrangle.testkit.s3server.internal.S3ProxyClassLoader;
import dev.quadrangle.testkit.s3server.internal.S3ProxyControl;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An S3-compatible HTTP server (s3proxy over an in-memory blob store) whose implementation runs in a
 * class loader of its own. s3proxy needs Jetty 11, jclouds, Guice and more; they are bundled inside
 * this artifact and never put on the host's class path, so an application whose dependency management
 * moves Jetty (Spring Boot 4 manages Jetty 12) or any of the others does not break the server, and the
 * server does not change what the application sees.
 *
 * <p>This is the engine of the testkit's embedded S3; tests reach it through
 * {@code QuadrangleServices.s3()} or {@code @RealServices}, not directly.
 *
 * <!-- snippet: consumers/plain/src/test/java/dev/quadrangle/examples/JavadocExamples.java#s3-proxy-server -->
 * <pre>{@code
 * try (S3ProxyServer server = S3ProxyServer.inMemory(URI.create("http://127.0.0.1:" + port),
 *         "access", "secret", "bucket")) {
 *     server.start();
 *     // S3 clients signing with access/secret reach the bucket at the endpoint
 * }
 * }</pre>
 *
 * <p>Objects live in the blob store, so they survive {@link #stop()} and {@link #start()}; {@link #close()}
 * discards them. Thread-safe.
 */
public final class S3ProxyServer implements AutoCloseable {
    private static final String IMPLEMENTATION = S3ProxyClassLoader.ISOLATED_PACKAGE + "TransientS3Proxy";

    private final URI endpoint;
    private final ClassLoader loader;
    private final S3ProxyControl control;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean running;
    private boolean closed;

    private S3ProxyServer(URI endpoint, ClassLoader loader, S3ProxyControl control) {
        this.endpoint = endpoint;
        this.loader = loader;
        this.control = control;
    }

    /**
     * Creates a server over an empty in-memory blob store holding one empty bucket; it does not listen
     * until {@link #start()}. The first call in a JVM unpacks the bundled jars under
     * {@code ${java.io.tmpdir}/quadrangle-s3proxy-<user>} (reused by later JVMs).
     *
     * @param endpoint where to listen, {@code http://<host>:<port>}
     * @param accessKey the access key id clients sign with
     * @param secretKey the secret key clients sign with
     * @param bucket the bucket to create
     * @return the stopped server
     * @throws IllegalArgumentException when an argument is null or blank, or the endpoint is not
     *     {@code http://host:port}
     * @throws IllegalStateException when the bundled server cannot be loaded or the blob store not created
     * @throws java.io.UncheckedIOException when the bundled jars cannot be unpacked
     */
    public static S3ProxyServer inMemory(URI endpoint, String accessKey, String secretKey, String bucket) {
        if (endpoint == null || !"http".equals(endpoint.getScheme()) || endpoint.getHost() == null
                || endpoint.getPort() <= 0) {
            throw new IllegalArgumentException("endpoint is " + endpoint + "; expected http://<host>:<port>");
        }
        requireText("accessKey", accessKey);
        requireText("secretKey", secretKey);
        requireText("bucket", bucket);
        ClassLoader loader = S3ProxyClassLoader.shared();
        S3ProxyControl control = call(loader, "create the in-memory blob store for " + endpoint, () ->
                (S3ProxyControl) Class.forName(IMPLEMENTATION, true, loader)
                        .getConstructor(URI.class, String.class, String.class, String.class)
                        .newInstance(endpoint, accessKey, secretKey, bucket));
        return new S3ProxyServer(endpoint, loader, control);
    }

    private static void requireText(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is " + (value == null ? "null" : "blank") + "; give a non-blank value");
        }
    }

    /** The endpoint this server listens on when running. */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * Starts listening; returns once requests are served. A no-op when running.
     *
     * @throws IllegalStateException when the server is closed, or does not start within 10 s (the
     *     port taken, say)
     */
    public void start() {
        lock.lock();
        try {
            requireOpen();
            if (running) {
                return;
            }
            call(loader, "start s3proxy on " + endpoint, () -> {
                control.start();
                return null;
            });
            running = true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops listening; requests then fail with a connection error. Objects stay. A no-op when stopped.
     *
     * @throws IllegalStateException when the server does not stop cleanly
     */
    public void stop() {
        lock.lock();
        try {
            if (!running) {
                return;
            }
            running = false;
            call(loader, "stop s3proxy on " + endpoint, () -> {
                control.stop();
                return null;
            });
        } finally {
            lock.unlock();
        }
    }

    /** Whether the server is listening. */
    public boolean isRunning() {
        lock.lock();
        try {
            return running;
        } finally {
            lock.unlock();
        }
    }

    /** Stops the server and discards the blob store with its objects. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            try {
                stop();
            } finally {
                closed = true;
                call(loader, "discard the blob store of " + endpoint, () -> {
                    control.discard();
                    return null;
                });
            }
        } finally {
            lock.unlock();
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the S3 server on " + endpoint + " is closed; create a new one");
        }
    }

    @Override
    public String toString() {
        return "s3proxy at " + endpoint + (isRunning() ? " (running)" : " (stopped)");
    }

    /**
     * Runs a step of the isolated server with its loader as the context class loader: jclouds finds
     * its providers through {@link java.util.ServiceLoader}, and Jetty's threads inherit the loader.
     */
    private static <T> T call(ClassLoader loader, String step, Callable<T> body) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return body.call();
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("could not " + step + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trying to " + step, e);
        } catch (Exception e) {
            throw new IllegalStateException("could not " + step + ": " + e, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
