package dev.quadrangle.routing.internal;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Unpooled connections to an endpoint given as a URL, straight from the PostgreSQL driver: the URL it
 * is given carries no secret, the credentials travel as driver properties. The pools we build draw
 * from it instead of from HikariCP's own driver data source, so HikariCP never holds a secret it could
 * log (its configuration log masks only a property named exactly {@code password}); the probe uses it
 * too. Thread-safe.
 */
final class EndpointDataSource implements DataSource {
    private static final Driver DRIVER = new org.postgresql.Driver();

    private final EndpointSpec spec;
    private final Properties settings;
    private volatile int loginTimeoutSeconds;
    private volatile PrintWriter logWriter;

    /**
     * A data source for an endpoint.
     *
     * @param spec the endpoint, given as a URL
     * @param settings driver properties that are not credentials ({@code ApplicationName}, timeouts);
     *     parameters of the URL take precedence over them, as in the driver
     */
    EndpointDataSource(EndpointSpec spec, Properties settings) {
        if (!spec.owned()) {
            throw new IllegalArgumentException(spec.name() + " is a host-supplied data source, not a URL");
        }
        this.spec = spec;
        this.settings = new Properties();
        this.settings.putAll(settings);
    }

    @Override
    public Connection getConnection() throws SQLException {
        Properties properties = new Properties();
        properties.putAll(settings);
        int loginTimeout = loginTimeoutSeconds;
        if (loginTimeout > 0) {
            properties.putIfAbsent("loginTimeout", Integer.toString(loginTimeout));
        }
        properties.putAll(spec.credentials());
        Connection connection = DRIVER.connect(spec.url().driverUrl(), properties);
        if (connection == null) {
            throw new SQLException("the PostgreSQL driver does not accept the URL of " + spec.name() + ": "
                    + spec.url(), SqlErrors.UNABLE_TO_CONNECT);
        }
        return connection;
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the credentials of " + spec.name()
                + " are set on the routing builder; use getConnection()");
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        logWriter = out;
    }

    /** Sets the driver's {@code loginTimeout} for the connections opened from now on, unless the URL sets it. */
    @Override
    public void setLoginTimeout(int seconds) {
        loginTimeoutSeconds = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getLogger("org.postgresql");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    @Override
    public String toString() {
        return "EndpointDataSource[" + spec + "]";
    }
}
