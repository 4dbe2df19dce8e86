package dev.quadrangle.cache;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CacheNodeBuilderTest {

    @Test
    void applicationAndClientAreRequired() {
        assertThatThrownBy(() -> CacheNode.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessage("application must be set");
        assertThatThrownBy(() -> CacheNode.builder().application("campus").build()).isInstanceOf(IllegalStateException.class)
                .hasMessage("a Redis client must be set with redis(...) or redisCluster(...)");
        assertThatThrownBy(() -> CacheNode.builder().redis((RedisClient) null)).isInstanceOf(NullPointerException.class)
                .hasMessage("client must not be null");
    }

    @Test
    void badValuesAreRefused() {
        assertThatThrownBy(() -> CacheNode.builder().application("Campus App")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("application must match");
        assertThatThrownBy(() -> CacheNode.builder().redisTimeout(Duration.ofMillis(5))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("redisTimeout must be between PT0.01S and PT1M, was PT0.005S");
        assertThatThrownBy(() -> CacheNode.builder().degradedL1Ttl(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("degradedL1Ttl must be between PT0.001S and PT10M, was PT0S");
        assertThatThrownBy(() -> CacheNode.builder().pendingInvalidations(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pendingInvalidations must be between 1 and 1000000, was 0");
    }
}
