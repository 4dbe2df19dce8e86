package dev.quadrangle.samples.modules;

import com.zaxxer.hikari.HikariDataSource;
import dev.quadrangle.cache.CacheNode;
import dev.quadrangle.routing.NodeStatus;
import dev.quadrangle.routing.ReplicaStatus;
import dev.quadrangle.routing.RoutingDataSource;
import dev.quadrangle.samples.chaos.FailoverWatch;
import dev.quadrangle.samples.jdbc.CampusPools;
import dev.quadrangle.samples.jdbc.JdbcEndpoints;
import dev.quadrangle.samples.ops.CampusBackend;
import dev.quadrangle.samples.ops.CampusOperations;
import dev.quadrangle.storage.ContentOffload;
import dev.quadrangle.storage.ContentOffloader;
import dev.quadrangle.storage.JdbcReferenceColumn;
import dev.quadrangle.storage.OffloadPolicy;
import dev.quadrangle.storage.S3ContentStore;
import dev.quadrangle.testkit.RedisNode;
import dev.quadrangle.testkit.S3Server;
import io.lettuce.core.RedisClient;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The backend composed from the Quadrangle modules through their builders: a {@link RoutingDataSource}
 * over two fixed-size HikariCP pools (primary and standby, within the connection budget), a
 * {@link CacheNode} on Redis with the sample's regions, a {@link ContentOffload} on an
 * {@link S3ContentStore} whose reads go through the activity content region, and core's partitioned
 * repositories, counter table and batch writer for answers, summaries, interactions, grade books and
 * audit logs.
 *
 * <p>Thread-safe. {@link #close()} closes the content offload, the cache node, the routing data source,
 * the pools and the clients it created; the servers stay up.
 */
public final class ModuleCampusBackend implements CampusBackend {
    /** The smallest connection budget: one connection per pool. */
    public static final int MIN_CONNECTIONS = 2;
    /** Content from this size (uncompressed bytes) is offloaded to S3 at load time. */
    public static final int INLINE_THRESHOLD_BYTES = 8 * 1024;
    /** The replica's name in routing metrics and statuses. */
    public static final String REPLICA_NAME = "standby";
    /**
     * How long a caller waits for a connection from a discovered node's pool. Routing probes a host-supplied
     * node through its pool, so this also bounds a discovery round while a node is down: short, so that the
     * promoted standby is seen soon after it answers as a primary.
     */
    public static final Duration NODE_CONNECTION_TIMEOUT = Duration.ofMillis(500);
    /** How long a write waits for routing to find a writer during a failover, on discovered nodes. */
    public static final Duration MAX_WAIT_FOR_WRITER = Duration.ofSeconds(5);

    private final List<AutoCloseable> owned;
    private final HikariDataSource primaryPool;
    private final HikariDataSource replicaPool;
    private final RoutingDataSource routing;
    private final RouteCounter routeCounter;
    private final RegionCounter regionCounter;
    private final CacheNode cacheNode;
    private final ContentOffloader offloader;
    private final ModuleCampusOperations operations;
    private final InteractionWriter interactions;
    private final AnswerWriter answers;
    private final ModuleCaches caches;
    private final boolean discovered;
    private volatile CachePriming.Result priming;

    private ModuleCampusBackend(Parts p) {
        this.owned = p.owned;
        this.primaryPool = p.primaryPool;
        this.replicaPool = p.replicaPool;
        this.routing = p.routing;
        this.routeCounter = p.routeCounter;
        this.regionCounter = p.regionCounter;
        this.cacheNode = p.cacheNode;
        this.offloader = p.offloader;
        this.interactions = p.interactions;
        this.answers = p.answers;
        this.caches = p.caches;
        this.discovered = p.discovered;
        this.operations = new ModuleCampusOperations(routing, p.caches, offloader, interactions, answers, p.terms);
    }

    /**
     * Opens the backend: two thirds of the connection budget (rounded up) for the primary, the rest for
     * the standby, both pools handed to the routing data source.
     *
     * @param endpoints where the database is
     * @param maxConnections the total connection budget, at least {@value #MIN_CONNECTIONS}
     * @param redis the Redis server for the cache
     * @param s3 the S3 server for offloaded content
     * @return the backend
     * @throws IllegalArgumentException when the budget is too small
     */
    public static ModuleCampusBackend open(JdbcEndpoints endpoints, int maxConnections, RedisNode redis, S3Server s3) {
        Objects.requireNonNull(endpoints, "endpoints");
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(s3, "s3");
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
        Parts p = new Parts();
        try {
            p.open(endpoints, primary, replica, redis, s3);
            return new ModuleCampusBackend(p);
        } catch (RuntimeException e) {
            p.closeAll();
            throw e;
        }
    }

    /**
     * Opens the backend on two nodes whose roles routing discovers ({@code RoutingDataSourceBuilder.node}), so
     * that it follows a failover: one pool per node (half the budget each, not read-only, since either may
     * become the writer), and the interactions, the content offload and the answers written through routing,
     * to whichever node is the primary now.
     *
     * @param nodes the two nodes: name to JDBC URL of the campus database
     * @param endpoints user and password (its URLs are not used)
     * @param maxConnections the total connection budget, at least {@value #MIN_CONNECTIONS}
     * @param redis the Redis server for the cache
     * @param s3 the S3 server for offloaded content
     * @param watch told about each answer group committed or failed; may be {@code null}
     * @return the backend
     * @throws IllegalArgumentException when the budget is too small or there are not exactly two nodes
     */
    public static ModuleCampusBackend openOnNodes(java.util.Map<String, String> nodes, JdbcEndpoints endpoints,
            int maxConnections, RedisNode redis, S3Server s3, FailoverWatch watch) {
        Objects.requireNonNull(nodes, "nodes");
        Objects.requireNonNull(endpoints, "endpoints");
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(s3, "s3");
        if (nodes.size() != 2) {
            throw new IllegalArgumentException("nodes must name exactly 2 nodes, was " + nodes.keySet());
        }
        if (maxConnections < MIN_CONNECTIONS) {
            throw new IllegalArgumentException("maxConnections must be >= " + MIN_CONNECTIONS + ", was "
                    + maxConnections);
        }
        Parts p = new Parts();
        try {
            p.openOnNodes(List.copyOf(nodes.entrySet()), endpoints, maxConnections, redis, s3, watch);
            return new ModuleCampusBackend(p);
        } catch (RuntimeException e) {
            p.closeAll();
            throw e;
        }
    }

    /** The content offloader, for the load-time offload pass. */
    public ContentOffloader offloader() {
        return offloader;
    }

    /**
     * Fills the students' directory and the content region with the active activities of a term, as a
     * node does at start; run after the content offload pass and before the load.
     *
     * @param termId the term whose active activities students open
     * @return what was primed
     * @throws SQLException when the database fails
     * @throws InterruptedException when interrupted while waiting for the readers
     */
    public String primeCaches(int termId) throws SQLException, InterruptedException {
        CachePriming.Result r = CachePriming.prime(new RoutedSqlRoutes(routing), caches, offloader, termId);
        priming = r;
        return String.format(Locale.ROOT, "primed the caches in %d ms: %,d students, %,d answer keys, the content of "
                + "%,d active activities of term %d (%,d read from S3)", r.millis(), r.students(), r.answerKeys(),
                r.contents(), termId, r.fromS3());
    }

    /** The routing data source (the host's view of the database). */
    public RoutingDataSource routing() {
        return routing;
    }

    @Override
    public String description() {
        if (discovered) {
            return "Quadrangle modules: RoutingDataSource over two discovered nodes (writes follow a failover, "
                    + "read-your-writes), CacheNode on Redis, content offloaded to S3, batched answers and "
                    + "partitioned repositories";
        }
        return "Quadrangle modules: RoutingDataSource (read-your-writes) over primary and standby pools, "
                + "CacheNode on Redis, content offloaded to S3, batched answers and partitioned repositories";
    }

    @Override
    public CampusOperations operations() {
        return operations;
    }

    @Override
    public int maxConnections() {
        return primaryPool.getMaximumPoolSize() + replicaPool.getMaximumPoolSize();
    }

    @Override
    public List<PoolSnapshot> pools() {
        return List.of(CampusPools.snapshot(primaryPool), CampusPools.snapshot(replicaPool));
    }

    @Override
    public RouteCounters routes() {
        return routeCounter.counters();
    }

    @Override
    public List<CacheRegionStats> caches() {
        return regionCounter.stats();
    }

    @Override
    public List<String> servicesUsed() {
        return List.of("primary", "standby", "redis", "s3");
    }

    /**
     * What degraded per module during the run, and the replicas' statuses now: one line each.
     *
     * @return human-readable lines
     */
    @Override
    public List<String> degradations() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "routing: %,d reads fell back to the primary (no eligible replica), "
                + "%,d retried there after a replica connection error, %,d kept on the primary for read-your-writes, "
                + "%,d replica ejections", routeCounter.fallbacks(), routeCounter.retries(),
                routeCounter.stickyAfterWrite(), routeCounter.ejections()));
        java.util.Set<String> writers = new java.util.HashSet<>();
        for (NodeStatus n : discovered ? routing.nodeStatuses() : List.<NodeStatus>of()) {
            lines.add(String.format(Locale.ROOT, "routing: node %s is %s%s, timeline %d", n.name(), n.role(),
                    n.writer() ? " (the writer)" : "", n.timeline()));
            if (n.writer()) {
                writers.add(n.name());
            }
        }
        for (ReplicaStatus s : routing.replicaStatuses()) {
            if (writers.contains(s.name())) {
                // the writer's last status as a replica, from before its promotion: its line above says what it is
                continue;
            }
            lines.add(String.format(Locale.ROOT, "routing: replica %s eligible=%s reachable=%s lag %d ms / %d bytes, "
                    + "breaker %s%s", s.name(), s.eligible(), s.reachable(), s.lagMillis(), s.lagBytes(),
                    s.breakerState(), s.cause() == null ? "" : ", " + s.cause()));
        }
        lines.add(String.format(Locale.ROOT, "cache: Redis breaker opened %,d times, %,d Redis command failures "
                + "(reads went on from L1 and the loaders), L1 flushes per region and reason %s, Redis available now: %s",
                regionCounter.breakerOpenings(), regionCounter.redisFailures(), regionCounter.flushes(),
                cacheNode.isRedisAvailable()));
        lines.add(String.format(Locale.ROOT, "core: %,d answers acknowledged after their group committed, in %,d "
                + "groups (one transaction each: COPY, counter-table statement, totals, commit), %,d rows in failed "
                + "batches, %,d answers in doubt, %,d group transactions retried", answers.acknowledged(),
                answers.groups(), answers.failedRows(), answers.inDoubt(), answers.retries()));
        lines.add(String.format(Locale.ROOT, "core: %,d interactions copied by the batch writer, %,d in failed batches",
                interactions.written(), interactions.failed()));
        CachePriming.Result r = priming;
        if (r != null) {
            lines.add(String.format(Locale.ROOT, "cache: primed before the load in %d ms: %,d students, %,d answer keys, "
                    + "%,d activity contents (%,d from S3)", r.millis(), r.students(), r.answerKeys(), r.contents(),
                    r.fromS3()));
        }
        lines.add(String.format(Locale.ROOT, "storage: %,d content reads failed with S3 content unavailable "
                + "(not in any cache)", operations.contentUnavailable()));
        return lines;
    }

    @Override
    public void close() {
        closeAll(owned);
    }

    private static void closeAll(List<AutoCloseable> resources) {
        RuntimeException failure = null;
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing the module backend failed: " + e.getMessage(), e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** What {@link #open} builds, in order, so that a failure closes what was made. */
    private static final class Parts {
        final List<AutoCloseable> owned = new ArrayList<>();
        HikariDataSource primaryPool;
        HikariDataSource replicaPool;
        RoutingDataSource routing;
        final RouteCounter routeCounter = new RouteCounter();
        final RegionCounter regionCounter = new RegionCounter();
        CacheNode cacheNode;
        ModuleCaches caches;
        ContentOffload contentOffload;
        ContentOffloader offloader;
        InteractionWriter interactions;
        AnswerWriter answers;
        CampusTerms terms;
        boolean discovered;

        void openOnNodes(List<java.util.Map.Entry<String, String>> nodes, JdbcEndpoints endpoints, int maxConnections,
                RedisNode redis, S3Server s3, FailoverWatch watch) {
            discovered = true;
            int first = (maxConnections + 1) / 2;
            // either node may be the writer: neither pool is read-only
            primaryPool = keep(CampusPools.open("campus-" + nodes.get(0).getKey(), nodes.get(0).getValue(), endpoints,
                    first, NODE_CONNECTION_TIMEOUT, false));
            replicaPool = keep(CampusPools.open("campus-" + nodes.get(1).getKey(), nodes.get(1).getValue(), endpoints,
                    maxConnections - first, NODE_CONNECTION_TIMEOUT, false));
            routing = keep(RoutingDataSource.builder()
                    .node(nodes.get(0).getKey(), primaryPool)
                    .node(nodes.get(1).getKey(), replicaPool)
                    .maxReplicaLag(Duration.ofSeconds(5))
                    .probeInterval(Duration.ofMillis(500))
                    .discoveryInterval(Duration.ofMillis(100))
                    .maxWaitForWriter(MAX_WAIT_FOR_WRITER)
                    .listener(routeCounter)
                    .build());
            openModules(routing, redis, s3, watch);
        }

        void open(JdbcEndpoints endpoints, int primary, int replica, RedisNode redis, S3Server s3) {
            primaryPool = keep(CampusPools.open("campus-primary", endpoints.primaryUrl(), endpoints, primary,
                    CampusPools.PRIMARY_CONNECTION_TIMEOUT, false));
            replicaPool = keep(CampusPools.open("campus-replica", endpoints.standbyUrl(), endpoints, replica,
                    CampusPools.REPLICA_CONNECTION_TIMEOUT, true));
            routing = keep(RoutingDataSource.builder()
                    .primary(primaryPool)
                    .replica(REPLICA_NAME, replicaPool)
                    .maxReplicaLag(Duration.ofSeconds(5))
                    .probeInterval(Duration.ofMillis(500))
                    .listener(routeCounter)
                    .build());
            openModules(primaryPool, redis, s3, null);
        }

        /** Everything above the database: {@code writes} is where interactions, content and terms go. */
        private void openModules(javax.sql.DataSource writes, RedisNode redis, S3Server s3, FailoverWatch watch) {
            terms = CampusTerms.read(writes);
            interactions = keep(new InteractionWriter(writes));
            answers = keep(new AnswerWriter(routing, watch));
            RedisClient redisClient = RedisClient.create(redis.uri().toString());
            owned.add(redisClient::shutdown);
            // the campus serves from PostgreSQL when Redis is down, so it also starts without it
            cacheNode = keep(CacheNode.builder().application("campus").redis(redisClient).listener(regionCounter)
                    .redisRequiredAtStart(false).build());
            caches = new ModuleCaches(cacheNode);
            S3Client s3Client = keep(s3.newClient());
            S3ContentStore store = S3ContentStore.builder().client(s3Client).bucket(s3.bucket()).build();
            // one configuration for the offloader, the delete outbox and the reconciler: the activities'
            // content_ref column is where rows keep references
            contentOffload = keep(ContentOffload.builder()
                    .dataSource(writes)
                    .store(store)
                    .policy(OffloadPolicy.builder().inlineThreshold(INLINE_THRESHOLD_BYTES).keyPrefix("campus").build())
                    .references(JdbcReferenceColumn.of("activities", "id", "content_ref"))
                    .cache(new VerifiedContentCache())
                    .build());
            offloader = contentOffload.offloader();
        }

        private <T extends AutoCloseable> T keep(T resource) {
            owned.add(resource);
            return resource;
        }

        void closeAll() {
            ModuleCampusBackend.closeAll(owned);
        }
    }
}
