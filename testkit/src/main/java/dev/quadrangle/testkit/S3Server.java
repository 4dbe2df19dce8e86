package dev.quadrangle.testkit;

import java.net.URI;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3-compatible server speaking the S3 HTTP API, with one bucket created for tests.
 *
 * <p>Thread-safe. The stop/start controls are for fault tests; objects survive a stop/start of an
 * embedded server.
 */
public interface S3Server {

    /** How the server is provided. */
    ServiceMode mode();

    /** The HTTP endpoint to pass to {@code S3Client.builder().endpointOverride(...)}. */
    URI endpoint();

    /** The signing region. */
    String region();

    /** The access key id. */
    String accessKey();

    /** The secret key; never logged by the testkit. */
    String secretKey();

    /** The bucket created for tests. */
    String bucket();

    /**
     * Creates a new AWS SDK v2 client for this server: path-style addressing, the checksum settings
     * S3-compatible servers need ({@code WHEN_REQUIRED}), and short timeouts so a stopped server fails
     * fast. The caller owns and closes the client.
     *
     * @return a new client
     */
    S3Client newClient();

    /** Whether the testkit can stop and start this server ({@code false} for external endpoints). */
    boolean controllable();

    /**
     * Stops the server; requests then fail with a connection error.
     *
     * @throws UnsupportedOperationException when the server is not {@link #controllable()}
     */
    void stop();

    /**
     * Starts a stopped server on the same endpoint; a no-op when it runs.
     *
     * @throws UnsupportedOperationException when the server is not {@link #controllable()}
     */
    void start();

    /** Whether the server is running (as far as the testkit knows). */
    boolean isRunning();
}
