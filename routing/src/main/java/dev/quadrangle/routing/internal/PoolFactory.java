package dev.quadrangle.routing.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Properties;

/** Builds the HikariCP pools for the endpoints given as URLs. */
final class PoolFactory {
    private PoolFactory() {
    }

    /**
     * A pool for an endpoint. It starts without waiting for the server (a replica may be down at start);
     * replica pools hand out read-only connections. The primary's driver enforces read-only mode in
     * auto-commit too ({@code readOnlyMode=always}), so a read that falls back to the primary cannot write.
     * HikariCP is given neither the URL nor the credentials: it draws from an {@link EndpointDataSource},
     * so nothing it logs can carry a secret.
     */
    static HikariDataSource pool(EndpointSpec spec, boolean replica, RoutingSettings settings) {
        return pool(spec, replica, replica ? settings.replicaPoolSize() : settings.primaryPoolSize(), settings);
    }

    /**
     * A pool for a node whose role is discovered: it serves whichever role the node has now, so it is not
     * read-only (a standby refuses writes itself; reads that fall back to the writer set the read-only
     * flag) and has the larger of the two pool sizes.
     */
    static HikariDataSource nodePool(EndpointSpec spec, RoutingSettings settings) {
        return pool(spec, false, Math.max(settings.primaryPoolSize(), settings.replicaPoolSize()), settings);
    }

    private static HikariDataSource pool(EndpointSpec spec, boolean replica, int size, RoutingSettings settings) {
        HikariConfig config = new HikariConfig();
        Properties driverSettings = new Properties();
        driverSettings.setProperty("readOnlyMode", "always");
        driverSettings.setProperty("ApplicationName", "quadrangle-routing");
        config.setDataSource(new EndpointDataSource(spec, driverSettings));
        config.setPoolName("quadrangle-" + spec.name());
        config.setMaximumPoolSize(size);
        config.setConnectionTimeout(settings.connectionTimeout().toMillis());
        config.setInitializationFailTimeout(-1);
        config.setReadOnly(replica);
        if (settings.poolMetrics() != null) {
            config.setMetricsTrackerFactory(settings.poolMetrics());
        }
        return new HikariDataSource(config);
    }
}
