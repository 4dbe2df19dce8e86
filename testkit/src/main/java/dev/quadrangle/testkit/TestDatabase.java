package dev.quadrangle.testkit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * A database created for one test class (or one sample run) on the primary, replicated to the
 * standby. Closing it drops it, terminating any connection still open to it.
 *
 * <p>Thread-safe.
 */
public final class TestDatabase implements AutoCloseable {
    private final PostgresCluster cluster;
    private final String name;

    private TestDatabase(PostgresCluster cluster, String name) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * Wraps an existing database of a cluster; prefer {@link PostgresCluster#createDatabase(String)}.
     *
     * @param cluster the cluster
     * @param name the database name
     * @return a handle that drops the database when closed
     */
    public static TestDatabase of(PostgresCluster cluster, String name) {
        return new TestDatabase(cluster, name);
    }

    /** The database name. */
    public String name() {
        return name;
    }

    /** The cluster this database lives in. */
    public PostgresCluster cluster() {
        return cluster;
    }

    /** The JDBC URL of this database on the primary, without credentials. */
    public String primaryUrl() {
        return cluster.primary().jdbcUrl(name);
    }

    /** The JDBC URL of this database on the standby, without credentials. */
    public String standbyUrl() {
        return cluster.standby().jdbcUrl(name);
    }

    /** An unpooled data source for this database on the primary. */
    public DataSource primary() {
        return cluster.primary().dataSource(name);
    }

    /** An unpooled data source for this database on the standby. */
    public DataSource standby() {
        return cluster.standby().dataSource(name);
    }

    /** The user name for both servers. */
    public String user() {
        return cluster.primary().user();
    }

    /** The password for both servers; empty when they trust loopback connections. */
    public String password() {
        return cluster.primary().password();
    }

    /**
     * Drops the database on the primary ({@code DROP DATABASE ... WITH (FORCE)}); a no-op when the
     * primary is down, since an embedded cluster is discarded at JVM exit anyway.
     */
    @Override
    public void close() {
        if (!cluster.primary().isRunning()) {
            return;
        }
        try (Connection c = cluster.primary().connect("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop test database " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "TestDatabase[" + name + "]";
    }
}
