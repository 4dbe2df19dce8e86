package dev.quadrangle.testkit;

import java.net.URI;

/**
 * A Redis server for tests.
 *
 * <p>Thread-safe. The stop/start controls are for fault tests; the {@link RealServices} extension
 * starts a stopped server again after each test class.
 */
public interface RedisNode {

    /** How the server is provided. */
    ServiceMode mode();

    /** Host name or address that clients connect to. */
    String host();

    /** TCP port that clients connect to. */
    int port();

    /** A {@code redis://host:port} URI for Lettuce and other clients. */
    default URI uri() {
        return URI.create("redis://" + host() + ":" + port());
    }

    /** Whether the testkit can stop and start this server ({@code false} for external endpoints). */
    boolean controllable();

    /**
     * Stops the server; clients see their connections closed.
     *
     * @throws UnsupportedOperationException when the server is not {@link #controllable()}
     */
    void stop();

    /**
     * Starts a stopped server on the same port; a no-op when it runs. The data set starts empty
     * (no persistence), as after a real restart without a dump.
     *
     * @throws UnsupportedOperationException when the server is not {@link #controllable()}
     */
    void start();

    /** Stops and starts the server. */
    default void restart() {
        stop();
        start();
    }

    /** Whether the server is running (as far as the testkit knows). */
    boolean isRunning();

    /**
     * Closes client connections of one type with {@code CLIENT KILL TYPE <type>}, as a network cut
     * would; the connection used to send the command survives.
     *
     * @param type {@code normal}, {@code pubsub} or {@code replica}
     * @return the number of connections killed
     * @throws IllegalArgumentException for another type
     */
    long killClients(String type);

    /**
     * Flushes every key ({@code FLUSHALL}), for tests that need an empty server.
     */
    void flushAll();
}
