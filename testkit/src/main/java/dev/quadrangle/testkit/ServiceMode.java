package dev.quadrangle.testkit;

/**
 * How a test service is provided.
 */
public enum ServiceMode {
    /** An endpoint named by the environment or a system property; the testkit does not control it. */
    EXTERNAL,
    /** A container started through Testcontainers on a local Docker engine. */
    TESTCONTAINERS,
    /** A server started in-process or as a child process from Maven artifacts, with nothing installed. */
    EMBEDDED
}
