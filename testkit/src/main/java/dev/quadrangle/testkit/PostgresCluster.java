package dev.quadrangle.testkit;

import java.time.Duration;

/**
 * A PostgreSQL primary and its streaming-replication hot standby.
 *
 * <p>Obtain it from {@link QuadrangleServices#postgres()} or as a parameter of a
 * {@link RealServices} test. Implementations are thread-safe; the servers are shared by every test
 * in the JVM, so tests isolate their data with {@link #createDatabase(String)}.
 */
public interface PostgresCluster {

    /** How the cluster is provided. */
    ServiceMode mode();

    /** The primary, which accepts writes. */
    PostgresServer primary();

    /** The hot standby, which replays the primary. */
    PostgresStandby standby();

    /**
     * The primary's current WAL insert position, {@code pg_current_wal_lsn()}, as text.
     *
     * @return a log sequence number such as {@code "0/3000148"}
     */
    String primaryWalLsn();

    /**
     * Waits until the standby has replayed everything the primary has written so far.
     *
     * @param timeout how long to wait at the most
     * @throws IllegalStateException when the standby does not catch up in time
     */
    default void awaitStandbyCaughtUp(Duration timeout) {
        standby().awaitReplay(primaryWalLsn(), timeout);
    }

    /**
     * Creates a fresh, empty database on the primary and waits until it exists on the standby too.
     *
     * @param prefix a readable prefix for the name (letters, digits, underscores; it is truncated)
     * @return the new database; closing it drops it
     */
    TestDatabase createDatabase(String prefix);
}
