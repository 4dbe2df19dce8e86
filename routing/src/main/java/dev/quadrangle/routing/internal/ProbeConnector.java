package dev.quadrangle.routing.internal;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * The connection a probe uses, apart from the pools so that a busy pool never delays a probe: for a
 * URL endpoint one dedicated connection with connect and socket timeouts, kept between probes and
 * reopened after a failure; for a host-supplied data source a connection from it per probe. Used by the
 * probe thread only.
 */
final class ProbeConnector implements AutoCloseable {
    private static final Driver DRIVER = new org.postgresql.Driver();

    private final EndpointSpec spec;
    private final Properties properties;
    private Connection kept;

    ProbeConnector(EndpointSpec spec, Duration timeout) {
        this.spec = spec;
        this.properties = new Properties();
        if (spec.owned()) {
            String seconds = Long.toString(Math.max(1, (timeout.toMillis() + 999) / 1000));
            if (spec.user() != null) {
                properties.setProperty("user", spec.user());
            }
            if (spec.password() != null) {
                properties.setProperty("password", spec.password());
            }
            properties.setProperty("connectTimeout", seconds);
            properties.setProperty("socketTimeout", seconds);
            properties.setProperty("loginTimeout", seconds);
            properties.setProperty("ApplicationName", "quadrangle-routing-probe");
        }
    }

    /** A connection for one probe. */
    Connection open() throws SQLException {
        if (!spec.owned()) {
            return spec.dataSource().getConnection();
        }
        if (kept == null) {
            Connection connection = DRIVER.connect(spec.jdbcUrl(), properties);
            if (connection == null) {
                throw new SQLException("the PostgreSQL driver does not accept the URL of " + spec.name() + ": "
                        + spec.redactedUrl(), SqlErrors.UNABLE_TO_CONNECT);
            }
            kept = connection;
        }
        return kept;
    }

    /**
     * Ends one probe.
     *
     * @param connection the connection from {@link #open()}
     * @param failed whether the probe failed (then the kept connection is dropped)
     */
    void done(Connection connection, boolean failed) {
        if (!spec.owned() || failed) {
            closeQuietly(connection);
            if (connection == kept) {
                kept = null;
            }
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException | RuntimeException ignored) {
            // the connection is broken already
        }
    }

    @Override
    public void close() {
        if (kept != null) {
            closeQuietly(kept);
            kept = null;
        }
    }
}
