package dev.quadrangle.core.metrics;

import dev.quadrangle.core.batch.BatchWriter;
import dev.quadrangle.core.batch.BatchWriterListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Batch writer metrics for Micrometer, tagged {@code writer}: the timer {@code quadrangle.batch.flush},
 * counters {@code quadrangle.batch.rows}, {@code quadrangle.batch.failed.rows},
 * {@code quadrangle.batch.rejected}, the timer {@code quadrangle.batch.backpressure} and, once
 * {@link #monitor} is called, the gauge {@code quadrangle.batch.queued}. Pass it as the writer's
 * listener. Thread-safe.
 */
public final class BatchWriterMetrics implements BatchWriterListener, MeterBinder {
    private final String writer;
    private final AtomicReference<MeterRegistry> registry = new AtomicReference<>();
    private final AtomicReference<BatchWriter> monitored = new AtomicReference<>();

    /**
     * Creates the binder.
     *
     * @param writer the value of the {@code writer} tag, e.g. the table name
     */
    public BatchWriterMetrics(String writer) {
        this.writer = Objects.requireNonNull(writer, "writer");
    }

    /**
     * Reports a writer's queue depth as the gauge {@code quadrangle.batch.queued}.
     *
     * @param batchWriter the writer this binder listens to
     * @return this
     */
    public BatchWriterMetrics monitor(BatchWriter batchWriter) {
        monitored.set(Objects.requireNonNull(batchWriter, "batchWriter"));
        MeterRegistry r = registry.get();
        if (r != null) {
            registerGauge(r);
        }
        return this;
    }

    @Override
    public void bindTo(MeterRegistry meterRegistry) {
        registry.set(meterRegistry);
        if (monitored.get() != null) {
            registerGauge(meterRegistry);
        }
    }

    private void registerGauge(MeterRegistry r) {
        Gauge.builder("quadrangle.batch.queued", monitored, m -> m.get() == null ? 0 : m.get().queued())
                .description("Rows waiting in the batch writer's queue").baseUnit("rows").tag("writer", writer).register(r);
    }

    @Override
    public void onFlush(int rows, long nanos) {
        MeterRegistry r = registry.get();
        if (r != null) {
            Timer.builder("quadrangle.batch.flush").description("Time to write one batch").tag("writer", writer)
                    .register(r).record(nanos, TimeUnit.NANOSECONDS);
            Counter.builder("quadrangle.batch.rows").description("Rows written").baseUnit("rows").tag("writer", writer)
                    .register(r).increment(rows);
        }
    }

    @Override
    public void onBackPressure(long nanos, boolean accepted) {
        MeterRegistry r = registry.get();
        if (r != null) {
            Timer.builder("quadrangle.batch.backpressure").description("Time producers waited on a full queue")
                    .tag("writer", writer).register(r).record(nanos, TimeUnit.NANOSECONDS);
            if (!accepted) {
                Counter.builder("quadrangle.batch.rejected").description("Rows refused because the queue stayed full")
                        .baseUnit("rows").tag("writer", writer).register(r).increment();
            }
        }
    }

    @Override
    public void onFailure(int rows, RuntimeException failure) {
        MeterRegistry r = registry.get();
        if (r != null) {
            Counter.builder("quadrangle.batch.failed.rows").description("Rows handed to the failure handler")
                    .baseUnit("rows").tag("writer", writer).register(r).increment(rows);
        }
    }
}
