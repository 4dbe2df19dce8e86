package dev.quadrangle.testkit;

/**
 * A Citus coordinator named by {@link ServiceSettings#CITUS_URL}, for the tests that need write scale-out on
 * Citus. The testkit never starts, stops or configures the server itself; it creates a database per test class,
 * each a single-node Citus cluster of its own ({@link #createDatabase(String)}).
 *
 * <p>Implementations are thread-safe.
 */
public interface CitusCoordinator extends PostgresServer {

    /** The maintenance database named in the URL, where test databases are created and dropped from. */
    String maintenanceDatabase();

    /**
     * The Citus version the server reports, read from a test database ({@code citus_version()}).
     *
     * @return e.g. {@code Citus 13.2.2 on x86_64-pc-linux-gnu, ...}
     * @throws IllegalStateException when the server cannot be reached or has no Citus
     */
    String citusVersion();

    /**
     * Creates a database with the {@code citus} extension, in which the coordinator knows itself
     * ({@code citus_set_coordinator_host} with this server's host and port) and holds the shards
     * ({@code shouldhaveshards}): a single-node Citus cluster. Citus keeps its metadata per database, so each
     * test database is set up on its own; closing it drops it.
     *
     * @param prefix a prefix for the name, usually the test class's simple name
     * @return the database
     * @throws IllegalStateException when it cannot be created or Citus cannot be set up in it; nothing is left behind
     */
    CitusDatabase createDatabase(String prefix);
}
