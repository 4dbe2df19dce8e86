package dev.quadrangle.testkit.s3server.internal;

/**
 * What the host asks of the s3proxy instance living in the {@link S3ProxyClassLoader}. The
 * implementation is defined by that loader; this interface is loaded by the host's loader and shared,
 * so both sides see one type. Methods take and return JDK types only.
 *
 * <p>Not thread-safe: {@link dev.quadrangle.testkit.s3server.S3ProxyServer} calls it under its lock,
 * with the isolated loader as the thread's context class loader.
 */
public interface S3ProxyControl {

    /**
     * Starts the HTTP server on the endpoint given at construction and returns once it serves; a no-op
     * when it runs.
     *
     * @throws Exception when the server does not start (port taken, timeout)
     */
    void start() throws Exception;

    /**
     * Stops the HTTP server; the blob store and its objects stay. A no-op when stopped.
     *
     * @throws Exception when Jetty fails to stop
     */
    void stop() throws Exception;

    /** Discards the blob store and every object in it; call after {@link #stop()}. */
    void discard();
}
