package dev.quadrangle.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CacheMetricsTest {

    @Test
    void eventsBecomeTaggedMeters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CacheMetrics metrics = new CacheMetrics();
        metrics.bindTo(registry);
        metrics.onGet("pools", CacheLevel.L2, true, 3);
        metrics.onLoad("pools", TimeUnit.MILLISECONDS.toNanos(7), true);
        metrics.onLoad("pools", TimeUnit.MILLISECONDS.toNanos(1), false);
        metrics.onFlush("pools", FlushReason.SEQUENCE_GAP);
        metrics.onEviction("pools", "expired");
        metrics.onRedisFailure("get", new IllegalStateException("down"));
        metrics.onBreakerStateChange(CircuitBreaker.State.CLOSED, CircuitBreaker.State.OPEN);

        assertThat(registry.get("quadrangle.cache.gets").tags("region", "pools", "level", "l2", "result", "hit").counter().count())
                .isEqualTo(3);
        assertThat(registry.get("quadrangle.cache.loads").tags("result", "success").timer().totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(7);
        assertThat(registry.get("quadrangle.cache.loads").tags("result", "failure").timer().count()).isEqualTo(1);
        assertThat(registry.get("quadrangle.cache.flushes").tags("reason", "sequence_gap").counter().count()).isEqualTo(1);
        assertThat(registry.get("quadrangle.cache.evictions").tags("cause", "expired").counter().count()).isEqualTo(1);
        assertThat(registry.get("quadrangle.cache.redis.failures").tags("operation", "get").counter().count()).isEqualTo(1);
        assertThat(registry.get("quadrangle.cache.breaker.state").tag("state", "open").gauge().value()).isEqualTo(1);
        assertThat(registry.get("quadrangle.cache.breaker.state").tag("state", "closed").gauge().value()).isEqualTo(0);
        assertThat(registry.get("quadrangle.cache.breaker.state").tag("state", "forced_open").gauge().value()).isEqualTo(0);
        metrics.onBreakerStateChange(CircuitBreaker.State.OPEN, CircuitBreaker.State.FORCED_OPEN);
        assertThat(registry.get("quadrangle.cache.breaker.state").tag("state", "forced_open").gauge().value()).isEqualTo(1);
        assertThat(registry.get("quadrangle.cache.breaker.state").tag("state", "open").gauge().value()).isEqualTo(0);
        assertThat(registry.get("quadrangle.cache.gets").meter().getId().getDescription()).isNotBlank();
    }

    @Test
    void aNewRegionShowsItsReadCountersAtZeroBeforeTheFirstRead() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CacheMetrics metrics = new CacheMetrics();
        metrics.bindTo(registry);
        metrics.onRegionCreated("pending");

        assertThat(registry.find("quadrangle.cache.gets").tag("region", "pending").counters()).hasSize(4)
                .allSatisfy(c -> assertThat(c.count()).isZero());
        assertThat(registry.find("quadrangle.cache.loads").tag("region", "pending").timers()).hasSize(2);
        metrics.onGet("pending", CacheLevel.L1, true, 2);
        assertThat(registry.get("quadrangle.cache.gets").tags("region", "pending", "level", "l1", "result", "hit")
                .counter().count()).isEqualTo(2);
    }
}
