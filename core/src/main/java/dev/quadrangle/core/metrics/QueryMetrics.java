package dev.quadrangle.core.metrics;

import dev.quadrangle.core.jooq.QueryTimingSink;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Feeds query timings from a {@link dev.quadrangle.core.jooq.QueryTimingListener} into Micrometer as
 * the timer {@code quadrangle.query} with tags {@code type} (read, write, ddl, ...) and
 * {@code outcome} (success, error). Timings before {@link #bindTo} are dropped. Thread-safe.
 */
public final class QueryMetrics implements QueryTimingSink, MeterBinder {
    private final AtomicReference<MeterRegistry> registry = new AtomicReference<>();

    /** Creates the binder; bind it to a registry to start recording. */
    public QueryMetrics() {
    }

    @Override
    public void bindTo(MeterRegistry meterRegistry) {
        registry.set(meterRegistry);
    }

    @Override
    public void record(String type, long nanos, boolean failed) {
        MeterRegistry r = registry.get();
        if (r == null) {
            return;
        }
        Timer.builder("quadrangle.query").description("Time of queries run through jOOQ")
                .tag("type", type).tag("outcome", failed ? "error" : "success")
                .register(r).record(nanos, TimeUnit.NANOSECONDS);
    }
}
