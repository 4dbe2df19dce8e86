package dev.quadrangle.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.testkit.RedisClusterNodes;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The invalidation and stampede scenarios on a 3-master Redis Cluster on loopback. */
class RedisClusterIT {
    private static RedisClusterNodes cluster;
    private final List<RedisClusterClient> clients = new ArrayList<>();
    private final List<CacheNode> nodes = new ArrayList<>();
    private CacheNode nodeA;
    private CacheNode nodeB;

    @BeforeAll
    static void startCluster() {
        cluster = RedisClusterNodes.start(3);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @BeforeEach
    void twoNodes() {
        String app = "cluster" + System.nanoTime();
        nodeA = node(app, "node-a");
        nodeB = node(app, "node-b");
    }

    private CacheNode node(String app, String id) {
        RedisClusterClient client = RedisClusterClient.create(cluster.uris().stream().map(TestRedis::uri)
                .collect(Collectors.<RedisURI>toList()));
        clients.add(client);
        CacheNode node = CacheNode.builder().application(app).redisCluster(client).nodeId(id)
                .redisTimeout(TestRedis.PATIENT_TIMEOUT).build();
        nodes.add(node);
        return node;
    }

    @AfterEach
    void close() {
        nodes.forEach(CacheNode::close);
        clients.forEach(RedisClusterClient::shutdown);
    }

    @Test
    void keyTagAndRegionInvalidationsReachTheOtherNode() {
        RegionConfig<String, String> config = Scenarios.region("pools").build();
        Scenarios.invalidations(nodeA.region(config), nodeB.region(config));
    }

    @Test
    void propagationOfTenThousandInvalidations() {
        RegionConfig<String, String> config = Scenarios.region("pools").build();
        double[] ms = Scenarios.propagation(nodeA.region(config), nodeB.region(config), 10_000);
        System.out.printf("cache propagation over 10000 invalidations (3-master cluster): p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
                ms[0], ms[1], ms[2]);
    }

    @Test
    void getAllSpansSlots() {
        RegionConfig<String, String> config = Scenarios.region("bulk").build();
        MultiLevelCache<String, String> a = nodeA.region(config);
        MultiLevelCache<String, String> b = nodeB.region(config);
        List<String> keys = List.of("a1", "b2", "c3", "d4", "e5", "f6");
        keys.forEach(k -> a.put(k, "v-" + k));
        assertThat(b.getAll(keys, missing -> {
            throw new AssertionError("loaded " + missing);
        })).hasSize(6).containsEntry("f6", "v-f6");
    }

    @Test
    void stampedeWithCrossNodeSingleFlightLoadsOnce() throws InterruptedException {
        RegionConfig<String, String> config = Scenarios.region("questions").crossNodeSingleFlight(true).build();
        int loads = Scenarios.stampede(nodeA.region(config), nodeB.region(config), "q1");
        System.out.println("cluster stampede, cross-node single flight: loader ran " + loads + " time(s) for 1,000 gets");
        assertThat(loads).isEqualTo(1);
    }

    @Test
    void stampedeWithLocalSingleFlightLoadsOncePerNode() throws InterruptedException {
        RegionConfig<String, String> config = Scenarios.region("questions").build();
        int loads = Scenarios.stampede(nodeA.region(config), nodeB.region(config), "q2");
        System.out.println("cluster stampede, local single flight: loader ran " + loads + " time(s) for 1,000 gets");
        assertThat(loads).isEqualTo(2);
    }
}
