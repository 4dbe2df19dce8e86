package dev.quadrangle.samples.jdbc;

import dev.quadrangle.samples.ops.CampusBackend;
import dev.quadrangle.samples.ops.CampusOperations;
import java.util.List;
import java.util.Objects;

/**
 * The plain-JDBC backend: two HikariCP pools (primary and standby) sharing a connection budget, and
 * the {@link CampusOperations} over them. No cache, no content offload: the baseline.
 *
 * <p>Thread-safe. {@link #close()} closes both pools.
 */
public final class JdbcCampusBackend implements CampusBackend {
    /** The smallest connection budget: one connection per pool. */
    public static final int MIN_CONNECTIONS = 2;

    private final PooledRoutes routes;
    private final JdbcCampusOperations operations;

    private JdbcCampusBackend(PooledRoutes routes) {
        this.routes = routes;
        this.operations = new JdbcCampusOperations(routes);
    }

    /**
     * Opens the pools: two thirds of the budget (rounded up) for the primary, which takes every write
     * and the fallback reads, the rest for the standby.
     *
     * @param endpoints where the database is
     * @param maxConnections the total connection budget, at least {@value #MIN_CONNECTIONS}
     * @return the backend
     * @throws IllegalArgumentException when the budget is too small
     */
    public static JdbcCampusBackend open(JdbcEndpoints endpoints, int maxConnections) {
        Objects.requireNonNull(endpoints, "endpoints");
        if (maxConnections < MIN_CONNECTIONS) {
            throw new IllegalArgumentException("maxConnections must be >= " + MIN_CONNECTIONS + ", was "
                    + maxConnections);
        }
        int primary = Math.max(1, (2 * maxConnections + 2) / 3);
        int replica = maxConnections - primary;
        if (replica < 1) {
            primary--;
            replica = 1;
        }
        return new JdbcCampusBackend(new PooledRoutes(endpoints, primary, replica));
    }

    @Override
    public String description() {
        return "plain JDBC: HikariCP primary and standby pools, reads on the standby with fallback, no cache";
    }

    @Override
    public CampusOperations operations() {
        return operations;
    }

    @Override
    public int maxConnections() {
        return routes.maxConnections();
    }

    @Override
    public List<PoolSnapshot> pools() {
        return routes.snapshots();
    }

    @Override
    public RouteCounters routes() {
        return routes.counters();
    }

    @Override
    public List<CacheRegionStats> caches() {
        return List.of();
    }

    @Override
    public List<String> servicesUsed() {
        return List.of("primary", "standby");
    }

    @Override
    public void close() {
        routes.close();
    }
}
