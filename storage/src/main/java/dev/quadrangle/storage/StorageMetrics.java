package dev.quadrangle.storage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Micrometer metrics for the storage module: pass it as the {@link StorageListener} of the stores,
 * offloader, outbox processor and reconciler, and bind it to a registry. Events before binding are
 * dropped. Needs {@code io.micrometer:micrometer-core} (an optional dependency). Thread-safe.
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>type</th><th>tags</th></tr>
 * <tr><td>{@code quadrangle.storage.offload.writes}</td><td>counter</td><td>{@code placement=inline|offloaded}</td></tr>
 * <tr><td>{@code quadrangle.storage.offload.bytes}</td><td>counter (bytes, uncompressed)</td><td>{@code placement}</td></tr>
 * <tr><td>{@code quadrangle.storage.offload.stored.bytes}</td><td>counter (bytes written to the store)</td><td></td></tr>
 * <tr><td>{@code quadrangle.storage.resolve}</td><td>timer</td><td>{@code source=cache|store}, {@code result=success|unavailable|integrity_failure|denied}</td></tr>
 * <tr><td>{@code quadrangle.storage.checksum.failures}</td><td>counter</td><td></td></tr>
 * <tr><td>{@code quadrangle.storage.store.retries}</td><td>counter</td><td>{@code operation}</td></tr>
 * <tr><td>{@code quadrangle.storage.store.rejected}</td><td>counter</td><td>{@code operation}, {@code reason=circuit_open|bulkhead_full}</td></tr>
 * <tr><td>{@code quadrangle.storage.reconcile.orphans}</td><td>gauge (last run)</td><td></td></tr>
 * <tr><td>{@code quadrangle.storage.reconcile.dangling}</td><td>gauge (last run)</td><td></td></tr>
 * <tr><td>{@code quadrangle.storage.reconcile.orphans.deleted}</td><td>counter</td><td></td></tr>
 * <tr><td>{@code quadrangle.storage.outbox.processed}</td><td>counter</td><td>{@code result=deleted|kept|failed}</td></tr>
 * </table>
 */
public final class StorageMetrics implements MeterBinder, StorageListener {
    private final AtomicLong lastOrphans = new AtomicLong();
    private final AtomicLong lastDangling = new AtomicLong();
    private volatile MeterRegistry registry;
    private volatile Map<ResolveOutcome, Timer> storeResolves;
    private volatile Map<ResolveOutcome, Timer> cacheResolves;

    /** Creates unbound metrics. */
    public StorageMetrics() {
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Map<ResolveOutcome, Timer> store = new EnumMap<>(ResolveOutcome.class);
        Map<ResolveOutcome, Timer> cache = new EnumMap<>(ResolveOutcome.class);
        for (ResolveOutcome outcome : ResolveOutcome.values()) {
            store.put(outcome, resolveTimer(registry, "store", outcome));
            cache.put(outcome, resolveTimer(registry, "cache", outcome));
        }
        Gauge.builder("quadrangle.storage.reconcile.orphans", lastOrphans, AtomicLong::get)
                .description("Orphan objects (unreferenced, older than the grace period) found by the last reconcile")
                .baseUnit("objects").register(registry);
        Gauge.builder("quadrangle.storage.reconcile.dangling", lastDangling, AtomicLong::get)
                .description("Rows whose content reference points at no object, found by the last reconcile")
                .baseUnit("references").register(registry);
        this.storeResolves = store;
        this.cacheResolves = cache;
        this.registry = registry;
    }

    private static Timer resolveTimer(MeterRegistry registry, String source, ResolveOutcome outcome) {
        return Timer.builder("quadrangle.storage.resolve")
                .description("Time to resolve a content reference to verified content")
                .tag("source", source)
                .tag("result", outcome.name().toLowerCase(java.util.Locale.ROOT))
                .register(registry);
    }

    private Counter counter(String name, String description, String unit, String... tags) {
        return Counter.builder(name).description(description).baseUnit(unit).tags(tags).register(registry);
    }

    @Override
    public void onOffload(boolean offloaded, long contentBytes, long storedBytes) {
        if (registry == null) {
            return;
        }
        String placement = offloaded ? "offloaded" : "inline";
        counter("quadrangle.storage.offload.writes", "Payloads written, inline or offloaded", "payloads",
                "placement", placement).increment();
        counter("quadrangle.storage.offload.bytes", "Uncompressed payload bytes written, inline or offloaded", "bytes",
                "placement", placement).increment(contentBytes);
        if (offloaded) {
            counter("quadrangle.storage.offload.stored.bytes", "Compressed bytes written to the content store", "bytes")
                    .increment(storedBytes);
        }
    }

    @Override
    public void onResolve(boolean fromCache, long nanos, ResolveOutcome outcome) {
        Map<ResolveOutcome, Timer> timers = fromCache ? cacheResolves : storeResolves;
        if (timers != null) {
            timers.get(outcome).record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void onChecksumFailure(String key) {
        if (registry != null) {
            counter("quadrangle.storage.checksum.failures", "Objects that did not match their reference", "objects").increment();
        }
    }

    @Override
    public void onStoreRetry(String operation) {
        if (registry != null) {
            counter("quadrangle.storage.store.retries", "Content store calls retried after a transient failure", "calls",
                    "operation", operation).increment();
        }
    }

    @Override
    public void onStoreRejected(String operation, String reason) {
        if (registry != null) {
            counter("quadrangle.storage.store.rejected", "Content store calls refused by the circuit breaker or bulkhead",
                    "calls", "operation", operation, "reason", reason).increment();
        }
    }

    @Override
    public void onReconcile(ReconcileReport report) {
        lastOrphans.set(report.orphansFound());
        lastDangling.set(report.danglingCount());
        if (registry != null) {
            counter("quadrangle.storage.reconcile.orphans.deleted", "Orphan objects deleted by the reconciler", "objects")
                    .increment(report.orphansDeleted());
        }
    }

    @Override
    public void onOutboxProcessed(int deleted, int kept, int failed) {
        if (registry == null) {
            return;
        }
        String description = "Outbox entries processed: object deleted, kept (still referenced), or failed (retried later)";
        counter("quadrangle.storage.outbox.processed", description, "entries", "result", "deleted").increment(deleted);
        counter("quadrangle.storage.outbox.processed", description, "entries", "result", "kept").increment(kept);
        counter("quadrangle.storage.outbox.processed", description, "entries", "result", "failed").increment(failed);
    }
}
