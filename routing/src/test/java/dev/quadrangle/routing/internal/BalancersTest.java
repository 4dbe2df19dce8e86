package dev.quadrangle.routing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.routing.LoadBalancer;
import dev.quadrangle.routing.ReplicaLoad;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BalancersTest {

    private record Load(String name, int inFlight, long latencyEwmaNanos) implements ReplicaLoad {
    }

    @Test
    void roundRobinCyclesThroughTheCandidates() {
        LoadBalancer balancer = LoadBalancer.roundRobin();
        List<Load> replicas = List.of(new Load("a", 0, 0), new Load("b", 0, 0), new Load("c", 0, 0));
        List<Integer> picks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            picks.add(balancer.choose(replicas));
        }
        assertThat(picks).containsExactly(0, 1, 2, 0, 1, 2);
    }

    @Test
    void leastInFlightPicksTheLeastBusy() {
        LoadBalancer balancer = LoadBalancer.leastInFlight();
        List<Load> replicas = List.of(new Load("a", 3, 0), new Load("b", 1, 0), new Load("c", 2, 0));
        for (int i = 0; i < 5; i++) {
            assertThat(balancer.choose(replicas)).isEqualTo(1);
        }
    }

    @Test
    void leastInFlightSharesTiesRoundRobin() {
        LoadBalancer balancer = LoadBalancer.leastInFlight();
        List<Load> replicas = List.of(new Load("a", 0, 0), new Load("b", 0, 0));
        assertThat(List.of(balancer.choose(replicas), balancer.choose(replicas))).containsExactlyInAnyOrder(0, 1);
    }

    @Test
    void latencyAwarePrefersTheFastReplicaUntilItIsBusy() {
        LoadBalancer balancer = LoadBalancer.latencyAware();
        List<Load> idle = List.of(new Load("slow", 0, 4_000_000), new Load("fast", 0, 1_000_000));
        assertThat(balancer.choose(idle)).isEqualTo(1);
        assertThat(balancer.choose(idle)).isEqualTo(1);
        // fast but with 4 connections in flight: 1 ms * 5 > 4 ms * 1
        List<Load> busy = List.of(new Load("slow", 0, 4_000_000), new Load("fast", 4, 1_000_000));
        assertThat(balancer.choose(busy)).isEqualTo(0);
    }

    @Test
    void ewmaFollowsLatencySamples() {
        Target target = new Target(EndpointSpec.ofUrl("r", JdbcUrl.parse("r", "jdbc:postgresql://h/d"), "u", null), null);
        target.recordLatency(1000);
        assertThat(target.latencyEwmaNanos()).isEqualTo(1000);
        target.recordLatency(2000);
        assertThat(target.latencyEwmaNanos()).isEqualTo(1200);
    }
}
