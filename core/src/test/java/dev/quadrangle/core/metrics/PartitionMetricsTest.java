package dev.quadrangle.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.core.partition.PartitionLevel;
import dev.quadrangle.core.partition.PartitionSpec;
import dev.quadrangle.core.partition.Retention;
import dev.quadrangle.core.partition.TimeInterval;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PartitionMetricsTest {
    static final PartitionSpec SPEC = PartitionSpec.builder("answer")
            .partitionBy(PartitionLevel.range("created_at", TimeInterval.MONTH)).build();

    @Test
    void listenerEventsBecomeTaggedMeters() {
        PartitionMetrics metrics = new PartitionMetrics();
        metrics.onEnsured(SPEC, 3, 0, Instant.ofEpochSecond(100));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        metrics.bindTo(registry);
        metrics.onEnsured(SPEC, 4, 12, Instant.ofEpochSecond(200));
        metrics.onLockRetry(SPEC, 1);
        metrics.onLockRetry(SPEC, 2);
        metrics.onArchived(SPEC, "answer_p202401", Retention.Action.EXPORT, 4096);
        metrics.onSkipped(SPEC, "ensure");

        assertThat(registry.get("quadrangle.partition.ahead").tag("table", "public.answer").gauge().value()).isEqualTo(4);
        assertThat(registry.get("quadrangle.partition.default.rows").gauge().value()).isEqualTo(12);
        assertThat(registry.get("quadrangle.partition.maintenance.last.success").gauge().value()).isEqualTo(200);
        assertThat(registry.get("quadrangle.partition.lock.retries").counter().count()).isEqualTo(2);
        assertThat(registry.get("quadrangle.partition.archived.bytes").counter().count()).isEqualTo(4096);
        assertThat(registry.get("quadrangle.partition.archived").tag("action", "export").counter().count()).isEqualTo(1);
        assertThat(registry.get("quadrangle.partition.skipped").tag("operation", "ensure").counter().count()).isEqualTo(1);
    }
}
