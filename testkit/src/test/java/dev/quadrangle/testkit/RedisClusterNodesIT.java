package dev.quadrangle.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RedisClusterNodesIT {

    @Test
    void threeMastersCoverEverySlotAndServeKeysOnEveryNode() {
        try (RedisClusterNodes cluster = RedisClusterNodes.start(3)) {
            assertThat(cluster.ports()).hasSize(3).doesNotHaveDuplicates().doesNotContain(6379);
            List<RedisURI> uris = cluster.uris().stream().map(u -> {
                RedisURI uri = RedisURI.create(u);
                uri.setLibraryName("");
                uri.setLibraryVersion("");
                return uri;
            }).collect(Collectors.toList());
            RedisClusterClient client = RedisClusterClient.create(uris);
            try (StatefulRedisClusterConnection<String, String> c = client.connect()) {
                String info = c.sync().clusterInfo();
                assertThat(info).contains("cluster_state:ok").contains("cluster_slots_assigned:16384")
                        .contains("cluster_known_nodes:3");
                for (int i = 0; i < 300; i++) {
                    c.sync().set("k" + i, "v" + i);
                }
                assertThat(c.sync().get("k299")).isEqualTo("v299");
                assertThat(c.sync().dbsize()).isEqualTo(300L);
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void mastersOutOfRangeAreRefused() {
        assertThatThrownBy(() -> RedisClusterNodes.start(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("masters must be between 1 and 16, was 0");
    }
}
