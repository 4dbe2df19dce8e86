package dev.quadrangle.routing;

import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import dev.quadrangle.routing.internal.DefaultRoutingDataSource;
import dev.quadrangle.routing.internal.EndpointSpec;
import dev.quadrangle.routing.internal.JdbcUrl;
import dev.quadrangle.routing.internal.RoutingSettings;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Builds a {@link RoutingDataSource}; reached through {@link RoutingDataSource#builder()}.
 *
 * <p>Each server is either given as a JDBC URL with credentials, for which a HikariCP pool is built
 * (and closed with the data source), or as a host-supplied {@link DataSource}, which is never closed.
 * Every setter validates its value at once ({@link IllegalArgumentException} naming the property, the
 * value and the allowed range); {@link #build()} checks the whole ({@link IllegalStateException}).
 * Passwords never appear in messages, logs or {@code toString()}.
 *
 * <p>A JDBC URL is checked here, before any driver or pool sees it, against the form
 * {@code jdbc:postgresql://host[:port][,host[:port]...]/database[?name=value&...]} (IPv6 addresses in
 * brackets); a malformed URL is refused with a message that shows it with its secrets masked. User info
 * ({@code jdbc:postgresql://user:password@host/db}) is refused: pass the user and the password as
 * arguments. Secret parameters ({@code password}, {@code sslpassword}, any name containing
 * {@code password}, {@code sslfactoryarg}, {@code socketFactoryArg}) are taken out of the URL and handed
 * to the driver as connection properties, so that the URL the driver and HikariCP log carries no secret.
 * Not thread-safe.
 *
 * <!-- snippet: consumers/plain/src/test/java/dev/quadrangle/examples/JavadocExamples.java#routing-data-source -->
 * <pre>{@code
 * RoutingDataSource ds = RoutingDataSource.builder()
 *         .primary(primaryUrl, "app", password)
 *         .replica("replica-1", replicaUrl, "app", password)
 *         .build();
 * }</pre>
 *
 * <p>Or, to follow a failover, the servers as nodes whose roles are discovered: the one node not in
 * recovery is the writer, the others serve reads while they are healthy standbys.
 *
 * <!-- snippet: consumers/plain/src/test/java/dev/quadrangle/examples/JavadocExamples.java#discovered-nodes -->
 * <pre>{@code
 * RoutingDataSource ds = RoutingDataSource.builder()
 *         .node("pg-1", url1, "app", password)
 *         .node("pg-2", url2, "app", password)
 *         .node("pg-3", url3, "app", password)
 *         .build();
 * }</pre>
 * The two forms cannot be mixed.
 */
public final class RoutingDataSourceBuilder {
    /** Default size of each pool we build for the primary: 10 connections. */
    public static final int DEFAULT_PRIMARY_POOL_SIZE = 10;
    /** Default size of each pool we build for a replica: 10 connections. */
    public static final int DEFAULT_REPLICA_POOL_SIZE = 10;
    /** Default time a pool we build waits for a connection before failing: 2 seconds. */
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(2);
    /** Default time between two health probes of the replicas: 1 second. */
    public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofSeconds(1);
    /** Default connect and query timeout of one probe: 2 seconds. */
    public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(2);
    /** Default replay lag in time above which a replica is ejected: 10 seconds. */
    public static final Duration DEFAULT_MAX_REPLICA_LAG = Duration.ofSeconds(10);
    /** Default replay lag in bytes above which a replica is ejected: 64 MiB. */
    public static final long DEFAULT_MAX_REPLICA_LAG_BYTES = 64L * 1024 * 1024;
    /** Default time reads stay on the primary after a write under {@link ConsistencyPolicy#TIME_WINDOW}: 1 second. */
    public static final Duration DEFAULT_STICKY_WINDOW = Duration.ofSeconds(1);
    /** Default time a read carrying a token waits for a replica to reach it before using the primary: 0 ms. */
    public static final Duration DEFAULT_MAX_WAIT_FOR_REPLICA = Duration.ZERO;
    /** Default read-your-writes policy: {@link ConsistencyPolicy#LSN}. */
    public static final ConsistencyPolicy DEFAULT_CONSISTENCY_POLICY = ConsistencyPolicy.LSN;
    /** Default behaviour with no eligible replica: {@link NoReplicaPolicy#FALLBACK_TO_PRIMARY}. */
    public static final NoReplicaPolicy DEFAULT_NO_REPLICA_POLICY = NoReplicaPolicy.FALLBACK_TO_PRIMARY;
    /** Default time between two discovery rounds while no single writer is known: 200 ms. */
    public static final Duration DEFAULT_DISCOVERY_INTERVAL = Duration.ofMillis(200);
    /** Default time a write waits for a writer to be known before it fails: 5 seconds. */
    public static final Duration DEFAULT_MAX_WAIT_FOR_WRITER = Duration.ofSeconds(5);
    /** Default behaviour when more than one node answers as a primary: {@link SplitBrainPolicy#REFUSE_WRITES}. */
    public static final SplitBrainPolicy DEFAULT_SPLIT_BRAIN_POLICY = SplitBrainPolicy.REFUSE_WRITES;

    private static final Pattern REPLICA_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,63}");
    private static final Duration MAX_DURATION = Duration.ofHours(24);

    private EndpointSpec primary;
    private final List<EndpointSpec> replicas = new ArrayList<>();
    private final List<EndpointSpec> nodes = new ArrayList<>();
    private int primaryPoolSize = DEFAULT_PRIMARY_POOL_SIZE;
    private int replicaPoolSize = DEFAULT_REPLICA_POOL_SIZE;
    private Duration connectionTimeout = DEFAULT_CONNECTION_TIMEOUT;
    private Duration probeInterval = DEFAULT_PROBE_INTERVAL;
    private Duration probeTimeout = DEFAULT_PROBE_TIMEOUT;
    private Duration maxReplicaLag = DEFAULT_MAX_REPLICA_LAG;
    private long maxReplicaLagBytes = DEFAULT_MAX_REPLICA_LAG_BYTES;
    private ConsistencyPolicy consistencyPolicy = DEFAULT_CONSISTENCY_POLICY;
    private Duration stickyWindow = DEFAULT_STICKY_WINDOW;
    private Duration maxWaitForReplica = DEFAULT_MAX_WAIT_FOR_REPLICA;
    private NoReplicaPolicy noReplicaPolicy = DEFAULT_NO_REPLICA_POLICY;
    private LoadBalancer loadBalancer;
    private CircuitBreakerConfig breakerConfig;
    private RoutingListener listener = RoutingListener.NONE;
    private MetricsTrackerFactory poolMetrics;
    private Duration discoveryInterval = DEFAULT_DISCOVERY_INTERVAL;
    private Duration maxWaitForWriter = DEFAULT_MAX_WAIT_FOR_WRITER;
    private SplitBrainPolicy splitBrainPolicy = DEFAULT_SPLIT_BRAIN_POLICY;
    private final Set<String> discoverySettings = new java.util.TreeSet<>();

    private RoutingDataSourceBuilder() {
    }

    static RoutingDataSourceBuilder create() {
        return new RoutingDataSourceBuilder();
    }

    /**
     * The primary, as a JDBC URL for which a HikariCP pool is built.
     *
     * @param jdbcUrl a URL of the form {@code jdbc:postgresql://host[:port][,host[:port]...]/database[?params]},
     *     without user info; a {@code password} parameter in it is taken out and used as the password
     * @param user the user name
     * @param password the password, may be {@code null} or empty (then a {@code password} parameter of the
     *     URL, if any, is used)
     * @return this builder
     * @throws IllegalArgumentException when the URL is malformed or carries user info, or when both the URL
     *     and this argument give a password
     */
    public RoutingDataSourceBuilder primary(String jdbcUrl, String user, String password) {
        primary = urlEndpoint("primary", "primary", jdbcUrl, user, password);
        return this;
    }

    /**
     * The primary, as a data source supplied (and owned) by the host; it is never closed by us.
     *
     * @param dataSource the primary's data source
     * @return this builder
     */
    public RoutingDataSourceBuilder primary(DataSource dataSource) {
        primary = EndpointSpec.ofDataSource("primary", Objects.requireNonNull(dataSource, "primary dataSource"));
        return this;
    }

    /**
     * Adds a replica as a JDBC URL for which a HikariCP pool is built.
     *
     * @param name a unique name of 1 to 63 letters, digits, {@code _ . -} (used in metric tags)
     * @param jdbcUrl a URL of the form {@code jdbc:postgresql://host[:port][,host[:port]...]/database[?params]},
     *     without user info; a {@code password} parameter in it is taken out and used as the password
     * @param user the user name
     * @param password the password, may be {@code null} or empty (then a {@code password} parameter of the
     *     URL, if any, is used)
     * @return this builder
     * @throws IllegalArgumentException when the name or the URL is malformed, the URL carries user info, or
     *     both the URL and this argument give a password
     */
    public RoutingDataSourceBuilder replica(String name, String jdbcUrl, String user, String password) {
        replicas.add(urlEndpoint(checkName("replica", name), "replica '" + name + "'", jdbcUrl, user, password));
        return this;
    }

    /**
     * Adds a replica as a data source supplied (and owned) by the host; it is never closed by us.
     *
     * @param name a unique name of 1 to 63 letters, digits, {@code _ . -} (used in metric tags)
     * @param dataSource the replica's data source
     * @return this builder
     * @throws IllegalArgumentException when the name is malformed
     */
    public RoutingDataSourceBuilder replica(String name, DataSource dataSource) {
        replicas.add(EndpointSpec.ofDataSource(checkName("replica", name),
                Objects.requireNonNull(dataSource, "replica dataSource")));
        return this;
    }

    /**
     * Adds a node whose role is discovered, as a JDBC URL for which a HikariCP pool is built. Every round
     * of the probe asks each node {@code pg_is_in_recovery()}: the one node that is not in recovery is the
     * writer, the others serve reads while they are eligible standbys, and the pool of a node serves
     * whichever role it has now. Cannot be mixed with {@link #primary}/{@link #replica}.
     *
     * @param name a unique name of 1 to 63 letters, digits, {@code _ . -} (used in metric tags and pool names)
     * @param jdbcUrl a URL of the form {@code jdbc:postgresql://host[:port]/database[?params]}, without user
     *     info; a {@code password} parameter in it is taken out and used as the password
     * @param user the user name
     * @param password the password, may be {@code null} or empty (then a {@code password} parameter of the
     *     URL, if any, is used)
     * @return this builder
     * @throws IllegalArgumentException when the name or the URL is malformed, the URL carries user info, or
     *     both the URL and this argument give a password
     */
    public RoutingDataSourceBuilder node(String name, String jdbcUrl, String user, String password) {
        nodes.add(urlEndpoint(checkName("node", name), "node '" + name + "'", jdbcUrl, user, password));
        return this;
    }

    /**
     * Adds a node whose role is discovered, as a data source supplied (and owned) by the host; it is never
     * closed by us. It must hand out connections that may write (not read-only). Cannot be mixed with
     * {@link #primary}/{@link #replica}.
     *
     * @param name a unique name of 1 to 63 letters, digits, {@code _ . -} (used in metric tags)
     * @param dataSource the node's data source
     * @return this builder
     * @throws IllegalArgumentException when the name is malformed
     */
    public RoutingDataSourceBuilder node(String name, DataSource dataSource) {
        nodes.add(EndpointSpec.ofDataSource(checkName("node", name),
                Objects.requireNonNull(dataSource, "node dataSource")));
        return this;
    }

    /**
     * Time between two discovery rounds while no single writer is known (after a failure of the writer,
     * or in a split brain), default {@link #DEFAULT_DISCOVERY_INTERVAL}; with a known writer rounds run
     * every {@link #probeInterval(Duration)}. Applies to nodes given with {@link #node} only.
     *
     * @param interval 10 ms to 24 h
     * @return this builder
     */
    public RoutingDataSourceBuilder discoveryInterval(Duration interval) {
        discoveryInterval = checkDuration("discoveryInterval", interval, Duration.ofMillis(10));
        discoverySettings.add("discoveryInterval");
        return this;
    }

    /**
     * How long a write connection waits for a writer to be known before it fails with SQLState
     * {@code 08001} (no node answers as a primary) or {@code 08004} (split brain), default
     * {@link #DEFAULT_MAX_WAIT_FOR_WRITER}. Applies to nodes given with {@link #node} only.
     *
     * @param wait 0 to 24 h
     * @return this builder
     */
    public RoutingDataSourceBuilder maxWaitForWriter(Duration wait) {
        maxWaitForWriter = checkDuration("maxWaitForWriter", wait, Duration.ZERO);
        discoverySettings.add("maxWaitForWriter");
        return this;
    }

    /**
     * What to do when more than one node answers as a primary, default {@link SplitBrainPolicy#REFUSE_WRITES}.
     * Applies to nodes given with {@link #node} only.
     *
     * @param policy the policy
     * @return this builder
     */
    public RoutingDataSourceBuilder splitBrainPolicy(SplitBrainPolicy policy) {
        splitBrainPolicy = Objects.requireNonNull(policy, "splitBrainPolicy");
        discoverySettings.add("splitBrainPolicy");
        return this;
    }

    /**
     * The maximum size of the primary pool we build (default {@value #DEFAULT_PRIMARY_POOL_SIZE}).
     *
     * @param size connections, 1 to 1000
     * @return this builder
     */
    public RoutingDataSourceBuilder primaryPoolSize(int size) {
        primaryPoolSize = checkPoolSize("primaryPoolSize", size);
        return this;
    }

    /**
     * The maximum size of each replica pool we build (default {@value #DEFAULT_REPLICA_POOL_SIZE}). The
     * pool of a discovered node has the larger of this and {@link #primaryPoolSize(int)}.
     *
     * @param size connections, 1 to 1000
     * @return this builder
     */
    public RoutingDataSourceBuilder replicaPoolSize(int size) {
        replicaPoolSize = checkPoolSize("replicaPoolSize", size);
        return this;
    }

    /**
     * How long a pool we build waits for a connection (default {@link #DEFAULT_CONNECTION_TIMEOUT}).
     *
     * @param timeout 250 ms to 24 h (HikariCP's lower bound)
     * @return this builder
     */
    public RoutingDataSourceBuilder connectionTimeout(Duration timeout) {
        connectionTimeout = checkDuration("connectionTimeout", timeout, Duration.ofMillis(250));
        return this;
    }

    /**
     * Time between two health probes (default {@link #DEFAULT_PROBE_INTERVAL}); also how long an
     * ejected replica's circuit breaker stays open before a probe may readmit it.
     *
     * @param interval 1 ms to 24 h
     * @return this builder
     */
    public RoutingDataSourceBuilder probeInterval(Duration interval) {
        probeInterval = checkDuration("probeInterval", interval, Duration.ofMillis(1));
        return this;
    }

    /**
     * Connect and query timeout of one probe (default {@link #DEFAULT_PROBE_TIMEOUT}).
     *
     * @param timeout 1 s to 24 h (PostgreSQL's driver counts these timeouts in whole seconds)
     * @return this builder
     */
    public RoutingDataSourceBuilder probeTimeout(Duration timeout) {
        probeTimeout = checkDuration("probeTimeout", timeout, Duration.ofSeconds(1));
        return this;
    }

    /**
     * Replay lag in time above which a replica is ejected until it catches up (default
     * {@link #DEFAULT_MAX_REPLICA_LAG}).
     *
     * @param lag 1 ms to 24 h
     * @return this builder
     */
    public RoutingDataSourceBuilder maxReplicaLag(Duration lag) {
        maxReplicaLag = checkDuration("maxReplicaLag", lag, Duration.ofMillis(1));
        return this;
    }

    /**
     * Replay lag in bytes of WAL above which a replica is ejected until it catches up (default
     * {@value #DEFAULT_MAX_REPLICA_LAG_BYTES}).
     *
     * @param bytes positive
     * @return this builder
     */
    public RoutingDataSourceBuilder maxReplicaLagBytes(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("maxReplicaLagBytes must be positive, was " + bytes);
        }
        maxReplicaLagBytes = bytes;
        return this;
    }

    /**
     * The read-your-writes policy (default {@link ConsistencyPolicy#LSN}).
     *
     * @param policy the policy
     * @return this builder
     */
    public RoutingDataSourceBuilder consistencyPolicy(ConsistencyPolicy policy) {
        consistencyPolicy = Objects.requireNonNull(policy, "consistencyPolicy");
        return this;
    }

    /**
     * How long reads stay on the primary after a write under {@link ConsistencyPolicy#TIME_WINDOW}
     * (default {@link #DEFAULT_STICKY_WINDOW}).
     *
     * @param window 1 ms to 24 h
     * @return this builder
     */
    public RoutingDataSourceBuilder stickyWindow(Duration window) {
        stickyWindow = checkDuration("stickyWindow", window, Duration.ofMillis(1));
        return this;
    }

    /**
     * How long a read carrying a consistency token waits for a replica to replay it before it goes to
     * the primary (default {@link #DEFAULT_MAX_WAIT_FOR_REPLICA}: not at all).
     *
     * @param wait 0 to 24 h
     * @return this builder
     */
    public RoutingDataSourceBuilder maxWaitForReplica(Duration wait) {
        maxWaitForReplica = checkDuration("maxWaitForReplica", wait, Duration.ZERO);
        return this;
    }

    /**
     * What a read does when no replica is eligible (default {@link NoReplicaPolicy#FALLBACK_TO_PRIMARY}).
     *
     * @param policy the policy
     * @return this builder
     */
    public RoutingDataSourceBuilder noReplicaPolicy(NoReplicaPolicy policy) {
        noReplicaPolicy = Objects.requireNonNull(policy, "noReplicaPolicy");
        return this;
    }

    /**
     * How reads are spread over eligible replicas (default {@link LoadBalancer#roundRobin()}).
     *
     * @param balancer the balancer
     * @return this builder
     */
    public RoutingDataSourceBuilder loadBalancer(LoadBalancer balancer) {
        loadBalancer = Objects.requireNonNull(balancer, "loadBalancer");
        return this;
    }

    /**
     * The configuration of each replica's circuit breaker. It records probe outcomes; a connection error
     * seen by a read opens it at once. By default: a count-based window of 4 probes, at least 2,
     * failure rate 50%, open for one probe interval, then one half-open probe decides.
     *
     * @param config the configuration
     * @return this builder
     */
    public RoutingDataSourceBuilder circuitBreakerConfig(CircuitBreakerConfig config) {
        breakerConfig = Objects.requireNonNull(config, "circuitBreakerConfig");
        return this;
    }

    /**
     * The listener of routing events (default none); {@link RoutingMetrics} is one.
     *
     * @param routingListener the listener
     * @return this builder
     */
    public RoutingDataSourceBuilder listener(RoutingListener routingListener) {
        listener = Objects.requireNonNull(routingListener, "listener");
        return this;
    }

    /**
     * HikariCP's metrics tracker for the pools we build, for example
     * {@code new MicrometerMetricsTrackerFactory(registry)} (default none).
     *
     * @param factory the tracker factory
     * @return this builder
     */
    public RoutingDataSourceBuilder poolMetrics(MetricsTrackerFactory factory) {
        poolMetrics = Objects.requireNonNull(factory, "poolMetrics");
        return this;
    }

    /**
     * Builds the data source, starts its pools and its health probe, and probes every replica (or node)
     * once.
     *
     * @return the data source, to be closed by the caller
     * @throws IllegalStateException when neither a primary nor nodes are given, when nodes are mixed with a
     *     primary or replicas, when two replicas or two nodes share a name, or when a setting that applies
     *     to nodes only is set with a fixed primary
     */
    public RoutingDataSource build() {
        if (!nodes.isEmpty()) {
            return buildDiscovered();
        }
        if (primary == null) {
            throw new IllegalStateException("primary is required: call primary(jdbcUrl, user, password) or"
                    + " primary(dataSource), or give the cluster as node(...)s whose roles are discovered");
        }
        if (!discoverySettings.isEmpty()) {
            throw new IllegalStateException(String.join(", ", discoverySettings) + " apply to nodes whose roles"
                    + " are discovered only: give the cluster as node(...)s instead of primary(...) and replica(...)");
        }
        Set<String> names = new HashSet<>();
        for (EndpointSpec replica : replicas) {
            if (!names.add(replica.name()) || "primary".equals(replica.name())) {
                throw new IllegalStateException("replica name '" + replica.name()
                        + "' is used twice; replica names must be unique and not 'primary'");
            }
        }
        return DefaultRoutingDataSource.start(settings(primary, replicas, List.of()));
    }

    private RoutingDataSource buildDiscovered() {
        if (primary != null || !replicas.isEmpty()) {
            throw new IllegalStateException("node(...) cannot be mixed with primary(...) or replica(...): give the"
                    + " cluster either as nodes whose roles are discovered or as a fixed primary and replicas");
        }
        Set<String> names = new HashSet<>();
        for (EndpointSpec node : nodes) {
            if (!names.add(node.name())) {
                throw new IllegalStateException("node name '" + node.name() + "' is used twice; node names must be unique");
            }
        }
        return DefaultRoutingDataSource.start(settings(null, List.of(), nodes));
    }

    private RoutingSettings settings(EndpointSpec fixedPrimary, List<EndpointSpec> fixedReplicas,
            List<EndpointSpec> discovered) {
        CircuitBreakerConfig breaker = breakerConfig != null ? breakerConfig : defaultBreakerConfig(probeInterval);
        return new RoutingSettings(fixedPrimary, fixedReplicas, discovered, primaryPoolSize, replicaPoolSize,
                connectionTimeout, probeInterval, probeTimeout, maxReplicaLag, maxReplicaLagBytes, consistencyPolicy,
                stickyWindow, maxWaitForReplica, noReplicaPolicy,
                loadBalancer != null ? loadBalancer : LoadBalancer.roundRobin(), breaker, listener, poolMetrics,
                discoveryInterval, maxWaitForWriter, splitBrainPolicy);
    }

    private static CircuitBreakerConfig defaultBreakerConfig(Duration probeInterval) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(4)
                .minimumNumberOfCalls(2)
                .failureRateThreshold(50)
                .waitDurationInOpenState(probeInterval)
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build();
    }

    private static String checkName(String kind, String name) {
        if (name == null || !REPLICA_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(kind + " name must be 1 to 63 letters, digits, '_', '.' or '-', was '"
                    + name + "'");
        }
        return name;
    }

    private static EndpointSpec urlEndpoint(String name, String what, String jdbcUrl, String user, String password) {
        JdbcUrl url = JdbcUrl.parse(what, jdbcUrl);
        if (password != null && !password.isEmpty() && url.secretParameters().containsKey("password")) {
            throw new IllegalArgumentException(what + " jdbcUrl has a 'password' parameter and the password argument"
                    + " is given too; give the password once, was '" + JdbcUrl.mask(jdbcUrl) + "'");
        }
        return EndpointSpec.ofUrl(name, url, user, password);
    }

    private static int checkPoolSize(String property, int size) {
        if (size < 1 || size > 1000) {
            throw new IllegalArgumentException(property + " must be between 1 and 1000, was " + size);
        }
        return size;
    }

    private static Duration checkDuration(String property, Duration value, Duration min) {
        if (value == null || value.compareTo(min) < 0 || value.compareTo(MAX_DURATION) > 0) {
            String range = min.isZero() ? "between 0 and 24 h" : "between " + min.toMillis() + " ms and 24 h";
            throw new IllegalArgumentException(property + " must be " + range + ", was " + value);
        }
        return value;
    }

    @Override
    public String toString() {
        return "RoutingDataSourceBuilder[primary=" + primary + ", replicas=" + replicas
                + (nodes.isEmpty() ? "" : ", nodes=" + nodes) + "]";
    }
}
