package dev.quadrangle.testkit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * A database with the {@code citus} extension created for one test class on a {@link CitusCoordinator}: a
 * single-node Citus cluster in which the coordinator holds every shard. Closing it drops it, terminating any
 * connection still open to it.
 *
 * <p>Thread-safe.
 */
public final class CitusDatabase implements AutoCloseable {
    private final CitusCoordinator coordinator;
    private final String name;

    private CitusDatabase(CitusCoordinator coordinator, String name) {
        this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
        this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * Wraps an existing Citus database of a coordinator; prefer {@link CitusCoordinator#createDatabase(String)}.
     *
     * @param coordinator the coordinator
     * @param name the database name
     * @return a handle that drops the database when closed
     */
    public static CitusDatabase of(CitusCoordinator coordinator, String name) {
        return new CitusDatabase(coordinator, name);
    }

    /** The database name. */
    public String name() {
        return name;
    }

    /** The coordinator this database lives on. */
    public CitusCoordinator coordinator() {
        return coordinator;
    }

    /** The JDBC URL of this database, without credentials. */
    public String jdbcUrl() {
        return coordinator.jdbcUrl(name);
    }

    /** An unpooled data source for this database, carrying the coordinator's credentials. */
    public DataSource dataSource() {
        return coordinator.dataSource(name);
    }

    /** The user name (a superuser of the coordinator). */
    public String user() {
        return coordinator.user();
    }

    /** The password; empty when the coordinator trusts the connection. */
    public String password() {
        return coordinator.password();
    }

    /** Drops the database from the coordinator's maintenance database ({@code DROP DATABASE ... WITH (FORCE)}). */
    @Override
    public void close() {
        try (Connection c = coordinator.connect(coordinator.maintenanceDatabase()); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop Citus test database " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "CitusDatabase[" + name + "]";
    }
}
