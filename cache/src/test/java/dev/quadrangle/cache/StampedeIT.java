package dev.quadrangle.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.RedisNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@RealServices
class StampedeIT {
    private TestRedis redis;
    private CacheNode nodeA;
    private CacheNode nodeB;

    @BeforeEach
    void twoNodes(RedisNode node) {
        redis = new TestRedis(node);
        String app = "stampede" + System.nanoTime();
        nodeA = redis.node(app, "node-a");
        nodeB = redis.node(app, "node-b");
    }

    @AfterEach
    void close() {
        redis.close();
    }

    @Test
    void crossNodeSingleFlightLoadsOnceForTheWholeCluster() throws InterruptedException {
        RegionConfig<String, String> config = Scenarios.region("questions").crossNodeSingleFlight(true).build();
        int loads = Scenarios.stampede(nodeA.region(config), nodeB.region(config), "q42");
        System.out.println("stampede, cross-node single flight: loader ran " + loads + " time(s) for 1,000 gets");
        assertThat(loads).isEqualTo(1);
    }

    @Test
    void localSingleFlightLoadsOncePerNode() throws InterruptedException {
        RegionConfig<String, String> config = Scenarios.region("questions").build();
        int loads = Scenarios.stampede(nodeA.region(config), nodeB.region(config), "q43");
        System.out.println("stampede, local single flight: loader ran " + loads + " time(s) for 1,000 gets");
        assertThat(loads).isEqualTo(2);
    }
}
