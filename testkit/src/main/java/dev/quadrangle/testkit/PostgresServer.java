package dev.quadrangle.testkit;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * One PostgreSQL server of the test cluster: the primary, or (as {@link PostgresStandby}) the standby.
 *
 * <p>Implementations are thread-safe. The {@code stop}/{@code start} controls are for fault tests; a
 * test that stops a server must start it again (the {@link RealServices} extension also restarts
 * every stopped server after each test class).
 */
public interface PostgresServer {

    /**
     * The role of this server, {@code "primary"} or {@code "standby"}; a {@link PostgresNode} of a topology
     * can also be a {@code "former primary"}, replaced by a promotion and not yet rejoined.
     *
     * @return the role as the testkit knows it
     */
    String role();

    /** Host name or address that clients connect to. */
    String host();

    /** TCP port that clients connect to. */
    int port();

    /** User name for client connections. */
    String user();

    /** Password for client connections; empty when the server trusts loopback connections. */
    String password();

    /**
     * The JDBC URL of a database on this server, without credentials.
     *
     * @param database the database name
     * @return a {@code jdbc:postgresql://} URL
     */
    String jdbcUrl(String database);

    /**
     * An unpooled {@code DataSource} for a database on this server, carrying the credentials.
     *
     * @param database the database name
     * @return a new, unpooled data source
     */
    DataSource dataSource(String database);

    /**
     * Opens a connection to a database on this server.
     *
     * @param database the database name
     * @return a new connection, owned by the caller
     * @throws SQLException when the server refuses or is down
     */
    default Connection connect(String database) throws SQLException {
        return dataSource(database).getConnection();
    }

    /** Whether the testkit can stop and start this server ({@code false} for external endpoints). */
    boolean controllable();

    /**
     * Stops the server (fast shutdown: open connections are terminated).
     *
     * @throws UnsupportedOperationException when the server is not {@link #controllable()}
     */
    void stop();

    /**
     * Starts a stopped server again on the same port with the same data; a no-op when it runs.
     *
     * @throws UnsupportedOperationException when the server is not {@link #controllable()}
     */
    void start();

    /** Whether the server process is running (as far as the testkit knows). */
    boolean isRunning();
}
