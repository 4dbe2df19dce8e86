package dev.quadrangle.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BatchWriterMetricsTest {

    @Test
    void flushesBackPressureAndFailuresBecomeTaggedMeters() {
        BatchWriterMetrics metrics = new BatchWriterMetrics("answers");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        metrics.bindTo(registry);
        metrics.onFlush(500, TimeUnit.MILLISECONDS.toNanos(12));
        metrics.onFlush(200, TimeUnit.MILLISECONDS.toNanos(8));
        metrics.onBackPressure(TimeUnit.MILLISECONDS.toNanos(100), false);
        metrics.onBackPressure(TimeUnit.MILLISECONDS.toNanos(3), true);
        metrics.onFailure(7, new IllegalStateException("down"));

        assertThat(registry.get("quadrangle.batch.rows").tag("writer", "answers").counter().count()).isEqualTo(700);
        assertThat(registry.get("quadrangle.batch.flush").timer().count()).isEqualTo(2);
        assertThat(registry.get("quadrangle.batch.flush").timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(20);
        assertThat(registry.get("quadrangle.batch.rejected").counter().count()).isEqualTo(1);
        assertThat(registry.get("quadrangle.batch.backpressure").timer().count()).isEqualTo(2);
        assertThat(registry.get("quadrangle.batch.failed.rows").counter().count()).isEqualTo(7);
    }
}
