package dev.quadrangle.core.metrics;

import dev.quadrangle.core.partition.PartitionListener;
import dev.quadrangle.core.partition.PartitionSpec;
import dev.quadrangle.core.partition.Retention;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Partition lifecycle metrics for Micrometer, fed as the {@link PartitionListener} of a
 * {@link dev.quadrangle.core.partition.PartitionManager}. Per table (tag {@code table}):
 * <ul>
 *   <li>{@code quadrangle.partition.ahead} — RANGE partitions created ahead of today;</li>
 *   <li>{@code quadrangle.partition.maintenance.last.success} — epoch seconds of the last successful run;</li>
 *   <li>{@code quadrangle.partition.default.rows} — rows left in the DEFAULT partition;</li>
 *   <li>{@code quadrangle.partition.lock.retries} — DDL retried after {@code lock_timeout};</li>
 *   <li>{@code quadrangle.partition.archived.bytes} — compressed bytes exported;</li>
 *   <li>{@code quadrangle.partition.archived} — partitions archived or dropped;</li>
 *   <li>{@code quadrangle.partition.skipped} and {@code quadrangle.partition.failures}.</li>
 * </ul>
 * Events before {@link #bindTo} are kept in the gauges and counted from binding on. Thread-safe.
 */
public final class PartitionMetrics implements PartitionListener, MeterBinder {
    private final AtomicReference<MeterRegistry> registry = new AtomicReference<>();
    private final Map<String, TableGauges> tables = new ConcurrentHashMap<>();

    /** The gauge values of one table. */
    private static final class TableGauges {
        final AtomicLong ahead = new AtomicLong();
        final AtomicLong lastSuccess = new AtomicLong();
        final AtomicLong defaultRows = new AtomicLong();
    }

    /** Creates the binder. */
    public PartitionMetrics() {
    }

    @Override
    public void bindTo(MeterRegistry meterRegistry) {
        registry.set(meterRegistry);
        tables.forEach((table, g) -> registerGauges(meterRegistry, table, g));
    }

    private TableGauges gauges(PartitionSpec spec) {
        String table = spec.schema() + "." + spec.table();
        return tables.computeIfAbsent(table, t -> {
            TableGauges g = new TableGauges();
            MeterRegistry r = registry.get();
            if (r != null) {
                registerGauges(r, t, g);
            }
            return g;
        });
    }

    private static void registerGauges(MeterRegistry r, String table, TableGauges g) {
        Gauge.builder("quadrangle.partition.ahead", g.ahead, AtomicLong::doubleValue)
                .description("RANGE partitions created ahead of the current one").tag("table", table).register(r);
        Gauge.builder("quadrangle.partition.maintenance.last.success", g.lastSuccess, AtomicLong::doubleValue)
                .description("When maintenance last succeeded").baseUnit("seconds").tag("table", table).register(r);
        Gauge.builder("quadrangle.partition.default.rows", g.defaultRows, AtomicLong::doubleValue)
                .description("Rows left in the DEFAULT partition").baseUnit("rows").tag("table", table).register(r);
    }

    private Counter counter(String name, String description, String unit, PartitionSpec spec, String... tags) {
        MeterRegistry r = registry.get();
        if (r == null) {
            return null;
        }
        return Counter.builder(name).description(description).baseUnit(unit).tag("table", spec.schema() + "." + spec.table())
                .tags(tags).register(r);
    }

    private void increment(Counter counter, double amount) {
        if (counter != null) {
            counter.increment(amount);
        }
    }

    @Override
    public void onEnsured(PartitionSpec spec, int partitionsAhead, long rowsInDefault, Instant at) {
        TableGauges g = gauges(spec);
        g.ahead.set(partitionsAhead);
        g.defaultRows.set(rowsInDefault);
        g.lastSuccess.set(at.getEpochSecond());
    }

    @Override
    public void onRetentionApplied(PartitionSpec spec, Instant at) {
        gauges(spec).lastSuccess.set(at.getEpochSecond());
    }

    @Override
    public void onSkipped(PartitionSpec spec, String operation) {
        increment(counter("quadrangle.partition.skipped", "Runs skipped because another node maintains the table",
                "runs", spec, "operation", operation), 1);
    }

    @Override
    public void onLockRetry(PartitionSpec spec, int attempt) {
        increment(counter("quadrangle.partition.lock.retries", "DDL statements retried after lock_timeout",
                "retries", spec), 1);
    }

    @Override
    public void onArchived(PartitionSpec spec, String partition, Retention.Action action, long bytes) {
        increment(counter("quadrangle.partition.archived", "Partitions detached and archived or dropped", "partitions",
                spec, "action", action.name().toLowerCase(java.util.Locale.ROOT)), 1);
        increment(counter("quadrangle.partition.archived.bytes", "Compressed bytes of exported partitions", "bytes", spec),
                bytes);
    }

    @Override
    public void onFailure(PartitionSpec spec, RuntimeException failure) {
        increment(counter("quadrangle.partition.failures", "Failed maintenance runs", "runs", spec), 1);
    }
}
