package dev.quadrangle.routing.internal;

import java.util.Objects;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * One configured server: a checked JDBC URL with credentials (we build and own a pool) or a
 * host-supplied data source (never closed by us). The secrets (the password and the secret parameters
 * taken out of the URL) leave it only as driver properties ({@link #credentials()}); they never appear
 * in {@link #toString()} or in the URL the driver and the pool see. Immutable.
 */
public final class EndpointSpec {
    private final String name;
    private final JdbcUrl url;
    private final String user;
    private final String password;
    private final DataSource dataSource;

    private EndpointSpec(String name, JdbcUrl url, String user, String password, DataSource dataSource) {
        this.name = Objects.requireNonNull(name, "name");
        this.url = url;
        this.user = user;
        this.password = password;
        this.dataSource = dataSource;
    }

    /**
     * A server we build a pool for.
     *
     * @param name {@code "primary"} or the replica's name
     * @param url the checked URL
     * @param user the user, or {@code null}
     * @param password the password, or {@code null}; when the URL has a {@code password} parameter, the
     *     caller has checked that this is {@code null} or empty
     * @return the endpoint
     */
    public static EndpointSpec ofUrl(String name, JdbcUrl url, String user, String password) {
        return new EndpointSpec(name, Objects.requireNonNull(url, "url"), user, password, null);
    }

    /**
     * A server reached through a data source the host supplies and owns.
     *
     * @param name {@code "primary"} or the replica's name
     * @param dataSource the data source
     * @return the endpoint
     */
    public static EndpointSpec ofDataSource(String name, DataSource dataSource) {
        return new EndpointSpec(name, null, null, null, Objects.requireNonNull(dataSource, "dataSource"));
    }

    /** {@code "primary"} or the replica's name. */
    public String name() {
        return name;
    }

    /** Whether we build (and own) a pool for this endpoint. */
    public boolean owned() {
        return dataSource == null;
    }

    /** The checked URL, or {@code null} for a host-supplied data source. */
    public JdbcUrl url() {
        return url;
    }

    /** The user, or {@code null}. */
    public String user() {
        return user;
    }

    /** The host-supplied data source, or {@code null} when we build a pool. */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * The driver properties that carry the credentials: {@code user}, {@code password} and every secret
     * parameter taken out of the URL. A new copy on each call, to be handed to the driver only.
     *
     * @return the properties; empty for a host-supplied data source
     */
    public Properties credentials() {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        if (url != null) {
            url.secretParameters().forEach(properties::setProperty);
        }
        return properties;
    }

    /** The name with the URL the driver sees and the user, or with the host's data source; no secret. */
    @Override
    public String toString() {
        return owned() ? name + "[" + url + ", user=" + user + "]" : name + "[" + dataSource + "]";
    }
}
