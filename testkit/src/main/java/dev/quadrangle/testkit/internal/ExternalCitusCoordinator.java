package dev.quadrangle.testkit.internal;

import dev.quadrangle.testkit.CitusCoordinator;
import dev.quadrangle.testkit.CitusDatabase;
import dev.quadrangle.testkit.ServiceSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/** The Citus coordinator at {@link ServiceSettings#CITUS_URL}; never started or stopped by the testkit. */
final class ExternalCitusCoordinator extends AbstractPostgresServer implements CitusCoordinator {
    /** Test database names start with this. */
    static final String DATABASE_PREFIX = "quadrangle_citus_";

    private final String host;
    private final int port;
    private final String maintenanceDatabase;

    ExternalCitusCoordinator(String host, int port, String maintenanceDatabase, String user, String password) {
        super("citus-coordinator", user, password);
        this.host = host;
        this.port = port;
        this.maintenanceDatabase = maintenanceDatabase;
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String maintenanceDatabase() {
        return maintenanceDatabase;
    }

    @Override
    public String citusVersion() {
        try (CitusDatabase probe = createDatabase("version_probe");
                Connection c = probe.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select citus_version()")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the Citus version at " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    @Override
    public CitusDatabase createDatabase(String prefix) {
        String name = databaseName(prefix);
        try (Connection c = connect(maintenanceDatabase); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE \"" + name + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create Citus test database " + name + " at " + host + ":" + port
                    + " from database " + maintenanceDatabase + ": " + e.getMessage(), e);
        }
        CitusDatabase database = CitusDatabase.of(this, name);
        try (Connection c = connect(name)) {
            setUpSingleNode(c);
        } catch (SQLException | RuntimeException e) {
            IllegalStateException failure = new IllegalStateException("could not set up Citus in test database " + name + " at "
                    + host + ":" + port + ": " + e.getMessage() + "; the server must load citus (shared_preload_libraries ="
                    + " 'citus') and be able to connect to itself at " + host + ":" + port + " as "
                    + user(), e);
            try {
                database.close();
            } catch (RuntimeException dropFailure) {
                failure.addSuppressed(dropFailure);
            }
            throw failure;
        }
        return database;
    }

    /**
     * Citus keeps its metadata per database: the extension, the coordinator's own address and its right to hold
     * shards are set up in each new database, making it a single-node cluster.
     */
    private void setUpSingleNode(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION citus");
        }
        try (PreparedStatement ps = c.prepareStatement("select citus_set_coordinator_host(?, ?)")) {
            ps.setString(1, host);
            ps.setInt(2, port);
            ps.executeQuery().close();
        }
        try (PreparedStatement ps = c.prepareStatement("select citus_set_node_property(?, ?, 'shouldhaveshards', true)")) {
            ps.setString(1, host);
            ps.setInt(2, port);
            ps.executeQuery().close();
        }
    }

    static String databaseName(String prefix) {
        String clean = (prefix == null ? "" : prefix).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (clean.length() > 30) {
            clean = clean.substring(0, 30);
        }
        return DATABASE_PREFIX + clean + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    @Override
    public boolean controllable() {
        return false;
    }

    @Override
    public void stop() {
        throw ExternalServices.notControllable("Citus coordinator", ServiceSettings.CITUS_URL);
    }

    @Override
    public void start() {
        stop();
    }

    @Override
    public boolean isRunning() {
        return true;
    }

    @Override
    public String toString() {
        return "Citus coordinator at " + host + ":" + port + "/" + maintenanceDatabase;
    }
}
