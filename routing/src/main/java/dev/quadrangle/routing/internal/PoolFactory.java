package dev.quadrangle.routing.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** Builds the HikariCP pools for the endpoints given as URLs. */
final class PoolFactory {
    private PoolFactory() {
    }

    /**
     * A pool for an endpoint. It starts without waiting for the server (a replica may be down at start);
     * replica pools hand out read-only connections. The primary's driver enforces read-only mode in
     * auto-commit too ({@code readOnlyMode=always}), so a read that falls back to the primary cannot write.
     */
    static HikariDataSource pool(EndpointSpec spec, boolean replica, RoutingSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(spec.jdbcUrl());
        config.setUsername(spec.user());
        config.setPassword(spec.password());
        config.setPoolName("quadrangle-" + spec.name());
        config.setMaximumPoolSize(replica ? settings.replicaPoolSize() : settings.primaryPoolSize());
        config.setConnectionTimeout(settings.connectionTimeout().toMillis());
        config.setInitializationFailTimeout(-1);
        config.setReadOnly(replica);
        config.addDataSourceProperty("readOnlyMode", "always");
        config.addDataSourceProperty("ApplicationName", "quadrangle-routing");
        if (settings.poolMetrics() != null) {
            config.setMetricsTrackerFactory(settings.poolMetrics());
        }
        return new HikariDataSource(config);
    }
}
