package dev.quadrangle.routing.internal;

import java.sql.Connection;
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
    private final EndpointSpec spec;
    private final EndpointDataSource unpooled;
    private Connection kept;

    ProbeConnector(EndpointSpec spec, Duration timeout) {
        this.spec = spec;
        if (spec.owned()) {
            String seconds = Long.toString(Math.max(1, (timeout.toMillis() + 999) / 1000));
            Properties settings = new Properties();
            settings.setProperty("connectTimeout", seconds);
            settings.setProperty("socketTimeout", seconds);
            settings.setProperty("loginTimeout", seconds);
            settings.setProperty("ApplicationName", "quadrangle-routing-probe");
            this.unpooled = new EndpointDataSource(spec, settings);
        } else {
            this.unpooled = null;
        }
    }

    /** A connection for one probe. */
    Connection open() throws SQLException {
        if (!spec.owned()) {
            return spec.dataSource().getConnection();
        }
        if (kept == null) {
            kept = unpooled.getConnection();
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
