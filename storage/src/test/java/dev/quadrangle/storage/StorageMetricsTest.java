package dev.quadrangle.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class StorageMetricsTest {

    @Test
    void eventsBecomeQuadrangleStorageMeters() {
        StorageMetrics metrics = new StorageMetrics();
        metrics.onOffload(true, 100, 10); // before binding: dropped
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        metrics.bindTo(registry);
        metrics.onOffload(true, 1000, 200);
        metrics.onOffload(false, 50, 0);
        metrics.onResolve(false, 2_000_000, StorageListener.ResolveOutcome.SUCCESS);
        metrics.onResolve(true, 1_000, StorageListener.ResolveOutcome.SUCCESS);
        metrics.onChecksumFailure("k");
        metrics.onStoreRetry("get");
        metrics.onStoreRejected("get", "circuit_open");
        metrics.onReconcile(new ReconcileReport(10, 8, 3, 2, 1, List.of()));
        metrics.onOutboxProcessed(4, 1, 0);

        assertThat(registry.counter("quadrangle.storage.offload.writes", "placement", "offloaded").count()).isEqualTo(1);
        assertThat(registry.counter("quadrangle.storage.offload.bytes", "placement", "offloaded").count()).isEqualTo(1000);
        assertThat(registry.counter("quadrangle.storage.offload.bytes", "placement", "inline").count()).isEqualTo(50);
        assertThat(registry.counter("quadrangle.storage.offload.stored.bytes").count()).isEqualTo(200);
        assertThat(registry.timer("quadrangle.storage.resolve", "source", "store", "result", "success").count()).isEqualTo(1);
        assertThat(registry.timer("quadrangle.storage.resolve", "source", "cache", "result", "success").count()).isEqualTo(1);
        assertThat(registry.counter("quadrangle.storage.checksum.failures").count()).isEqualTo(1);
        assertThat(registry.counter("quadrangle.storage.store.retries", "operation", "get").count()).isEqualTo(1);
        assertThat(registry.counter("quadrangle.storage.store.rejected", "operation", "get", "reason", "circuit_open").count()).isEqualTo(1);
        assertThat(registry.get("quadrangle.storage.reconcile.orphans").gauge().value()).isEqualTo(3);
        assertThat(registry.get("quadrangle.storage.reconcile.dangling").gauge().value()).isZero();
        assertThat(registry.counter("quadrangle.storage.reconcile.orphans.deleted").count()).isEqualTo(2);
        assertThat(registry.counter("quadrangle.storage.outbox.processed", "result", "deleted").count()).isEqualTo(4);
        assertThat(registry.get("quadrangle.storage.resolve").meters()).allSatisfy(m -> assertThat(m.getId().getName()).startsWith("quadrangle."));
    }
}
