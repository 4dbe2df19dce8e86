package dev.quadrangle.testkit;

import dev.quadrangle.testkit.internal.EmbeddedRedisCluster;
import java.net.URI;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A Redis Cluster for tests: real redis-server processes (from the embedded-redis artifact) on
 * loopback, one master per node, formed with {@code CLUSTER MEET}/{@code ADDSLOTS} and ready
 * ({@code cluster_state:ok}) when {@link #start(int)} returns. Never uses port 6379.
 *
 * <!-- snippet: consumers/plain/src/test/java/dev/quadrangle/examples/JavadocExamples.java#redis-cluster-nodes -->
 * <pre>{@code
 * try (RedisClusterNodes cluster = RedisClusterNodes.start(3)) {
 *     RedisClusterClient client = RedisClusterClient.create(cluster.uris().stream()
 *             .map(u -> RedisURI.create(u)).toList());
 * }
 * }</pre>
 *
 * <p>The caller owns it: {@link #close()} stops the nodes and deletes their files. Thread-safe.
 */
public final class RedisClusterNodes implements AutoCloseable {
    private final EmbeddedRedisCluster cluster;

    private RedisClusterNodes(EmbeddedRedisCluster cluster) {
        this.cluster = cluster;
    }

    /**
     * Starts and forms a cluster of masters (about two seconds for three).
     *
     * @param masters 1 to 16
     * @return the ready cluster
     * @throws IllegalArgumentException when {@code masters} is out of range
     * @throws ServiceStartException when it cannot start or form
     */
    public static RedisClusterNodes start(int masters) {
        return new RedisClusterNodes(EmbeddedRedisCluster.launch(masters));
    }

    /** @return {@code redis://127.0.0.1:port} of every node */
    public List<URI> uris() {
        return cluster.ports().stream().map(p -> URI.create("redis://127.0.0.1:" + p)).collect(Collectors.toList());
    }

    /** @return the client ports of the nodes */
    public List<Integer> ports() {
        return cluster.ports();
    }

    /** Stops every node and deletes their files. */
    @Override
    public void close() {
        cluster.close();
    }

    @Override
    public String toString() {
        return cluster.toString();
    }
}
