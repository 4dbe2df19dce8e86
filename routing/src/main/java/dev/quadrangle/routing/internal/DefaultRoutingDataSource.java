package dev.quadrangle.routing.internal;

import com.zaxxer.hikari.HikariDataSource;
import dev.quadrangle.spi.ConsistencyToken;
import dev.quadrangle.routing.NodeRole;
import dev.quadrangle.routing.NodeStatus;
import dev.quadrangle.routing.ReplicaStatus;
import dev.quadrangle.routing.RoutingDataSource;
import dev.quadrangle.routing.SqlWork;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/** The {@link RoutingDataSource} implementation. */
public final class DefaultRoutingDataSource implements RoutingDataSource {
    private final RoutingSettings settings;
    private final Router router;
    private final RoutingRuntime runtime;
    private final HealthProbe probe;
    private final Scopes scopes = new Scopes();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile PrintWriter logWriter;
    private volatile int loginTimeout;

    private DefaultRoutingDataSource(RoutingSettings settings, Router router) {
        this.settings = settings;
        this.router = router;
        this.runtime = new RoutingRuntime(settings, router);
        this.probe = settings.discovered() ? new NodeDiscovery(settings, router) : new ReplicaProbe(settings, router);
    }

    /**
     * Builds the pools, probes every replica once and starts the probe thread.
     *
     * @param settings validated settings
     * @return the running data source
     */
    public static RoutingDataSource start(RoutingSettings settings) {
        if (settings.discovered()) {
            return startDiscovered(settings);
        }
        List<Target> built = new ArrayList<>();
        try {
            EndpointSpec primarySpec = settings.primary();
            Target primary = new Target.Primary(primarySpec,
                    primarySpec.owned() ? PoolFactory.pool(primarySpec, false, settings) : null);
            built.add(primary);
            List<ReplicaNode> replicas = new ArrayList<>();
            for (EndpointSpec spec : settings.replicas()) {
                HikariDataSource pool = spec.owned() ? PoolFactory.pool(spec, true, settings) : null;
                ReplicaNode replica = new ReplicaNode(spec, pool, settings.breakerConfig());
                built.add(replica);
                replicas.add(replica);
            }
            DefaultRoutingDataSource dataSource = new DefaultRoutingDataSource(settings, new Router(settings, primary, replicas));
            dataSource.probe.round();
            dataSource.probe.start();
            return dataSource;
        } catch (RuntimeException e) {
            built.forEach(Target::close);
            throw e;
        }
    }

    private static RoutingDataSource startDiscovered(RoutingSettings settings) {
        List<ReplicaNode> nodes = new ArrayList<>();
        try {
            for (EndpointSpec spec : settings.nodes()) {
                HikariDataSource pool = spec.owned() ? PoolFactory.nodePool(spec, settings) : null;
                nodes.add(new ReplicaNode(spec, pool, settings.breakerConfig()));
            }
            DefaultRoutingDataSource dataSource = new DefaultRoutingDataSource(settings,
                    Router.discovered(settings, nodes));
            dataSource.probe.round();
            dataSource.probe.start();
            return dataSource;
        } catch (RuntimeException e) {
            nodes.forEach(Target::close);
            throw e;
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (closed.get()) {
            throw new SQLException("the routing data source is closed", "08003");
        }
        return new LogicalConnection(runtime, scopes.current());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the routing data source has its credentials per server;"
                + " use getConnection()");
    }

    @Override
    public <T> T onPrimary(SqlWork<T> work) throws SQLException {
        return scopes.run(ScopeFrame.Kind.PRIMARY, null, work);
    }

    @Override
    public <T> T onReplica(SqlWork<T> work) throws SQLException {
        return scopes.run(ScopeFrame.Kind.REPLICA, null, work);
    }

    @Override
    public <T> T readOnly(SqlWork<T> work) throws SQLException {
        return scopes.run(ScopeFrame.Kind.READ_ONLY, null, work);
    }

    @Override
    public <T> T inSession(ConsistencyToken token, SqlWork<T> work) throws SQLException {
        return scopes.run(ScopeFrame.Kind.SESSION, token, work);
    }

    @Override
    public Optional<ConsistencyToken> currentToken() throws SQLException {
        return Optional.ofNullable(scopes.current().token(router::writerPosition));
    }

    @Override
    public List<ReplicaStatus> replicaStatuses() {
        List<ReplicaStatus> statuses = new ArrayList<>();
        for (ReplicaNode replica : router.replicas()) {
            statuses.add(replica.status());
        }
        return statuses;
    }

    @Override
    public List<NodeStatus> nodeStatuses() {
        if (probe instanceof NodeDiscovery discovery) {
            return discovery.nodeStatuses();
        }
        List<NodeStatus> statuses = new ArrayList<>();
        statuses.add(new NodeStatus(router.primary().name(), NodeRole.PRIMARY, true, -1, null));
        for (ReplicaNode replica : router.replicas()) {
            statuses.add(new NodeStatus(replica.name(), NodeRole.REPLICA, false, -1, replica.status()));
        }
        return statuses;
    }

    /** Runs a probe round now, on the calling thread (for tests and diagnostics). */
    public void probeNow() {
        probe.round();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        probe.close();
        router.targets().forEach(Target::close);
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("the routing data source logs through SLF4J");
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
        String servers = settings.discovered() ? "nodes=" + settings.nodes()
                : "primary=" + settings.primary() + ", replicas=" + settings.replicas();
        return "RoutingDataSource[" + servers + ", consistency=" + settings.consistencyPolicy() + ", balancer=" + settings.loadBalancer() + "]";
    }
}
