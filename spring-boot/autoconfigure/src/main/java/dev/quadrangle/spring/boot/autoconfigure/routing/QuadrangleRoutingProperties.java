package dev.quadrangle.spring.boot.autoconfigure.routing;

import dev.quadrangle.routing.ConsistencyPolicy;
import dev.quadrangle.routing.NoReplicaPolicy;
import dev.quadrangle.routing.SplitBrainPolicy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The {@code quadrangle.routing.*} properties: the primary and replicas of the application's routing
 * {@code DataSource}, its pools, consistency policy, lag thresholds, waits, balancer and probe. A value
 * left unset keeps the routing builder's default ({@code RoutingDataSourceBuilder.DEFAULT_*}).
 *
 * <p>Mutable JavaBean for Spring Boot's binder; not thread-safe while binding, read-only afterwards.
 */
@ConfigurationProperties(prefix = "quadrangle.routing")
public class QuadrangleRoutingProperties {

    /** Whether Quadrangle builds the application's DataSource (when quadrangle.routing.primary.url or quadrangle.routing.nodes is set). */
    private boolean enabled = true;

    /** The primary server. */
    private final Server primary = new Server();

    /** Replicas by name (1 to 63 letters, digits, '_', '.', '-'; used in metric tags and health details). */
    private final Map<String, Server> replicas = new LinkedHashMap<>();

    /**
     * The cluster as nodes whose roles are discovered, by name (instead of primary and replicas): the node
     * that is not in recovery takes the writes, and routing follows a failover to whichever node is
     * promoted. Names as for replicas.
     */
    private final Map<String, Server> nodes = new LinkedHashMap<>();

    /** How often discovery probes every node while no writer is known; default 200ms. */
    private Duration discoveryInterval;

    /** How long a write waits for a writer to be discovered before failing with SQLState 08001; default 5s. */
    private Duration maxWaitForWriter;

    /** What routing does when two nodes answer as primaries: REFUSE_WRITES (default) or another policy. */
    private SplitBrainPolicy splitBrainPolicy;

    /** Maximum size of the primary's pool; default 10 connections. */
    private Integer primaryPoolSize;

    /** Maximum size of each replica's pool; default 10 connections. */
    private Integer replicaPoolSize;

    /** How long a pool waits for a connection before failing; default 2s, 250ms to 24h. */
    private Duration connectionTimeout;

    /** Read-your-writes policy: LSN (default), TIME_WINDOW or NONE. */
    private ConsistencyPolicy consistencyPolicy;

    /** How long reads stay on the primary after a write under TIME_WINDOW; default 1s. */
    private Duration stickyWindow;

    /** How long a read carrying a consistency token waits for a replica to replay it before using the primary; default 0 (one look), at most 24h. */
    private Duration maxWaitForReplica;

    /** Replay lag in time above which a replica is ejected; default 10s. */
    private Duration maxReplicaLag;

    /** Replay lag in bytes of WAL above which a replica is ejected; default 64MB. */
    private DataSize maxReplicaLagBytes;

    /** What a read does when no replica is eligible: FALLBACK_TO_PRIMARY (default) or FAIL. */
    private NoReplicaPolicy noReplicaPolicy;

    /** How reads are spread over eligible replicas; default round-robin. */
    private Balancer balancer;

    /** Replica health probe. */
    private final Probe probe = new Probe();

    /**
     * Whether Quadrangle builds the DataSource.
     *
     * @return {@code true} by default
     */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Sets whether Quadrangle builds the DataSource.
     *
     * @param enabled the flag
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * The primary.
     *
     * @return the primary's settings, never {@code null}
     */
    public Server getPrimary() {
        return primary;
    }

    /**
     * The replicas by name, in configuration order.
     *
     * @return the mutable map
     */
    public Map<String, Server> getReplicas() {
        return replicas;
    }

    /**
     * The nodes whose roles are discovered, by name.
     *
     * @return the nodes, mutable for binding
     */
    public Map<String, Server> getNodes() {
        return nodes;
    }

    /**
     * The discovery interval while no writer is known.
     *
     * @return the interval, {@code null} for the default
     */
    public Duration getDiscoveryInterval() {
        return discoveryInterval;
    }

    /**
     * Sets the discovery interval while no writer is known.
     *
     * @param discoveryInterval the interval
     */
    public void setDiscoveryInterval(Duration discoveryInterval) {
        this.discoveryInterval = discoveryInterval;
    }

    /**
     * How long a write waits for a writer to be discovered.
     *
     * @return the wait, {@code null} for the default
     */
    public Duration getMaxWaitForWriter() {
        return maxWaitForWriter;
    }

    /**
     * Sets how long a write waits for a writer to be discovered.
     *
     * @param maxWaitForWriter the wait
     */
    public void setMaxWaitForWriter(Duration maxWaitForWriter) {
        this.maxWaitForWriter = maxWaitForWriter;
    }

    /**
     * What routing does when two nodes answer as primaries.
     *
     * @return the policy, {@code null} for the default
     */
    public SplitBrainPolicy getSplitBrainPolicy() {
        return splitBrainPolicy;
    }

    /**
     * Sets what routing does when two nodes answer as primaries.
     *
     * @param splitBrainPolicy the policy
     */
    public void setSplitBrainPolicy(SplitBrainPolicy splitBrainPolicy) {
        this.splitBrainPolicy = splitBrainPolicy;
    }

    /**
     * The primary pool size.
     *
     * @return the size, {@code null} for the default
     */
    public Integer getPrimaryPoolSize() {
        return primaryPoolSize;
    }

    /**
     * Sets the primary pool size.
     *
     * @param primaryPoolSize connections
     */
    public void setPrimaryPoolSize(Integer primaryPoolSize) {
        this.primaryPoolSize = primaryPoolSize;
    }

    /**
     * The size of each replica's pool.
     *
     * @return the size, {@code null} for the default
     */
    public Integer getReplicaPoolSize() {
        return replicaPoolSize;
    }

    /**
     * Sets the size of each replica's pool.
     *
     * @param replicaPoolSize connections
     */
    public void setReplicaPoolSize(Integer replicaPoolSize) {
        this.replicaPoolSize = replicaPoolSize;
    }

    /**
     * The pools' connection timeout.
     *
     * @return the timeout, {@code null} for the default
     */
    public Duration getConnectionTimeout() {
        return connectionTimeout;
    }

    /**
     * Sets the pools' connection timeout.
     *
     * @param connectionTimeout the timeout
     */
    public void setConnectionTimeout(Duration connectionTimeout) {
        this.connectionTimeout = connectionTimeout;
    }

    /**
     * The consistency policy.
     *
     * @return the policy, {@code null} for the default
     */
    public ConsistencyPolicy getConsistencyPolicy() {
        return consistencyPolicy;
    }

    /**
     * Sets the consistency policy.
     *
     * @param consistencyPolicy the policy
     */
    public void setConsistencyPolicy(ConsistencyPolicy consistencyPolicy) {
        this.consistencyPolicy = consistencyPolicy;
    }

    /**
     * The sticky window of TIME_WINDOW.
     *
     * @return the window, {@code null} for the default
     */
    public Duration getStickyWindow() {
        return stickyWindow;
    }

    /**
     * Sets the sticky window of TIME_WINDOW.
     *
     * @param stickyWindow the window
     */
    public void setStickyWindow(Duration stickyWindow) {
        this.stickyWindow = stickyWindow;
    }

    /**
     * The longest wait of a token-carrying read for a replica.
     *
     * @return the wait, {@code null} for the default
     */
    public Duration getMaxWaitForReplica() {
        return maxWaitForReplica;
    }

    /**
     * Sets the longest wait of a token-carrying read for a replica.
     *
     * @param maxWaitForReplica the wait
     */
    public void setMaxWaitForReplica(Duration maxWaitForReplica) {
        this.maxWaitForReplica = maxWaitForReplica;
    }

    /**
     * The lag in time above which a replica is ejected.
     *
     * @return the lag, {@code null} for the default
     */
    public Duration getMaxReplicaLag() {
        return maxReplicaLag;
    }

    /**
     * Sets the lag in time above which a replica is ejected.
     *
     * @param maxReplicaLag the lag
     */
    public void setMaxReplicaLag(Duration maxReplicaLag) {
        this.maxReplicaLag = maxReplicaLag;
    }

    /**
     * The lag in bytes above which a replica is ejected.
     *
     * @return the size, {@code null} for the default
     */
    public DataSize getMaxReplicaLagBytes() {
        return maxReplicaLagBytes;
    }

    /**
     * Sets the lag in bytes above which a replica is ejected.
     *
     * @param maxReplicaLagBytes the size
     */
    public void setMaxReplicaLagBytes(DataSize maxReplicaLagBytes) {
        this.maxReplicaLagBytes = maxReplicaLagBytes;
    }

    /**
     * The policy without an eligible replica.
     *
     * @return the policy, {@code null} for the default
     */
    public NoReplicaPolicy getNoReplicaPolicy() {
        return noReplicaPolicy;
    }

    /**
     * Sets the policy without an eligible replica.
     *
     * @param noReplicaPolicy the policy
     */
    public void setNoReplicaPolicy(NoReplicaPolicy noReplicaPolicy) {
        this.noReplicaPolicy = noReplicaPolicy;
    }

    /**
     * The load balancer.
     *
     * @return the balancer, {@code null} for the default
     */
    public Balancer getBalancer() {
        return balancer;
    }

    /**
     * Sets the load balancer.
     *
     * @param balancer the balancer
     */
    public void setBalancer(Balancer balancer) {
        this.balancer = balancer;
    }

    /**
     * The probe settings.
     *
     * @return the probe, never {@code null}
     */
    public Probe getProbe() {
        return probe;
    }

    /** The built-in load balancers. */
    public enum Balancer {
        /** Each eligible replica in turn. */
        ROUND_ROBIN,
        /** The replica with the fewest connections in flight. */
        LEAST_IN_FLIGHT,
        /** Latency EWMA weighted by connections in flight. */
        LATENCY_AWARE
    }

    /** One server: a JDBC URL and its credentials. */
    public static class Server {
        /** JDBC URL, jdbc:postgresql://host[:port][,host[:port]...]/database[?params], without user info. */
        private String url;

        /** User name; for a replica, defaults to the primary's. */
        private String username;

        /** Password; for a replica, defaults to the primary's. Never logged or shown. */
        private String password;

        /**
         * The JDBC URL.
         *
         * @return the URL, {@code null} when not set
         */
        public String getUrl() {
            return url;
        }

        /**
         * Sets the JDBC URL.
         *
         * @param url the URL
         */
        public void setUrl(String url) {
            this.url = url;
        }

        /**
         * The user name.
         *
         * @return the name, {@code null} when not set
         */
        public String getUsername() {
            return username;
        }

        /**
         * Sets the user name.
         *
         * @param username the name
         */
        public void setUsername(String username) {
            this.username = username;
        }

        /**
         * The password.
         *
         * @return the password, {@code null} when not set
         */
        public String getPassword() {
            return password;
        }

        /**
         * Sets the password.
         *
         * @param password the password
         */
        public void setPassword(String password) {
            this.password = password;
        }

        @Override
        public String toString() {
            return "Server[url=" + url + ", username=" + username + ", password=" + (password == null ? "null" : "******")
                    + "]";
        }
    }

    /** The replica health probe. */
    public static class Probe {
        /** Time between two health probes; also how long an ejected replica stays out; default 1s. */
        private Duration interval;

        /** Connect and query timeout of one probe; default 2s, at least 1s. */
        private Duration timeout;

        /**
         * The probe interval.
         *
         * @return the interval, {@code null} for the default
         */
        public Duration getInterval() {
            return interval;
        }

        /**
         * Sets the probe interval.
         *
         * @param interval the interval
         */
        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        /**
         * The probe timeout.
         *
         * @return the timeout, {@code null} for the default
         */
        public Duration getTimeout() {
            return timeout;
        }

        /**
         * Sets the probe timeout.
         *
         * @param timeout the timeout
         */
        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }
    }
}
