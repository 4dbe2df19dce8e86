package dev.quadrangle.samples.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.quadrangle.samples.ops.CampusBackend;
import java.time.Duration;

/** HikariCP pools as both backends open them, and their usage snapshots. */
public final class CampusPools {
    /** How long a read waits for a standby connection before falling back (HikariCP's minimum). */
    public static final Duration REPLICA_CONNECTION_TIMEOUT = Duration.ofMillis(250);
    /** How long a statement waits for a primary connection when the pool is saturated. */
    public static final Duration PRIMARY_CONNECTION_TIMEOUT = Duration.ofSeconds(10);

    private CampusPools() {
    }

    /**
     * Opens a fixed-size pool tagged with {@link JdbcEndpoints#APPLICATION_NAME}, so the server can count
     * the sample's connections. A read-only pool (a standby) starts even when its server is down.
     *
     * @param name the pool's name
     * @param url the JDBC URL
     * @param endpoints user and password
     * @param size the pool's fixed size
     * @param connectionTimeout how long a caller waits for a connection
     * @param readOnly whether this is a standby's pool
     * @return the pool
     */
    public static HikariDataSource open(String name, String url, JdbcEndpoints endpoints, int size,
            Duration connectionTimeout, boolean readOnly) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(url);
        config.setUsername(endpoints.user());
        config.setPassword(endpoints.password());
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        config.setConnectionTimeout(connectionTimeout.toMillis());
        config.setValidationTimeout(REPLICA_CONNECTION_TIMEOUT.toMillis());
        config.setReadOnly(readOnly);
        config.addDataSourceProperty("ApplicationName", JdbcEndpoints.APPLICATION_NAME);
        config.addDataSourceProperty("connectTimeout", "2");
        config.addDataSourceProperty("socketTimeout", "30");
        // a replica that is down at start must not stop the demo: connections are made when it is back
        config.setInitializationFailTimeout(readOnly ? -1 : 1);
        return new HikariDataSource(config);
    }

    /**
     * A pool's usage now.
     *
     * @param pool the pool
     * @return its snapshot (zeros before it started)
     */
    public static CampusBackend.PoolSnapshot snapshot(HikariDataSource pool) {
        HikariPoolMXBean bean = pool.getHikariPoolMXBean();
        if (bean == null) {
            return new CampusBackend.PoolSnapshot(pool.getPoolName(), pool.getMaximumPoolSize(), 0, 0, 0);
        }
        return new CampusBackend.PoolSnapshot(pool.getPoolName(), pool.getMaximumPoolSize(),
                bean.getActiveConnections(), bean.getTotalConnections(), bean.getThreadsAwaitingConnection());
    }
}
