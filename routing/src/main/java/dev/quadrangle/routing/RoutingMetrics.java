package dev.quadrangle.routing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Micrometer metrics of a routing data source: a {@link RoutingListener} to pass to
 * {@link RoutingDataSourceBuilder#listener(RoutingListener)}, bound to a registry with
 * {@link #bindTo(MeterRegistry)}. Micrometer is an optional dependency: only this class needs it.
 *
 * <ul>
 *   <li>{@code quadrangle.routing.connections} (counter; tags {@code target}, {@code reason}): connections
 *       routed, {@code reason} one of {@link RouteReason#tag()}</li>
 *   <li>{@code quadrangle.routing.replica.lag} (gauge, seconds; tag {@code replica}) and
 *       {@code quadrangle.routing.replica.lag.bytes} (gauge, bytes): replay lag at the last probe,
 *       {@code -1} when unknown</li>
 *   <li>{@code quadrangle.routing.replica.eligible} (gauge, 1 or 0; tag {@code replica})</li>
 *   <li>{@code quadrangle.routing.replica.breaker.state} (gauge; tags {@code replica}, {@code state}): 1 for
 *       the breaker's current state, 0 for the others</li>
 *   <li>{@code quadrangle.routing.probe.failures} (counter; tag {@code target})</li>
 *   <li>{@code quadrangle.routing.retries} (counter; tags {@code from}, {@code to})</li>
 *   <li>{@code quadrangle.routing.token.capture} (timer; tag {@code mode} {@code commit} or
 *       {@code separate}): time to capture a write's WAL position</li>
 * </ul>
 * HikariCP's own pool metrics come from its tracker: pass
 * {@code new MicrometerMetricsTrackerFactory(registry)} to
 * {@link RoutingDataSourceBuilder#poolMetrics(com.zaxxer.hikari.metrics.MetricsTrackerFactory)}; the pools
 * are named {@code quadrangle-primary} and {@code quadrangle-<replica>}.
 *
 * <p>Events that arrive before {@link #bindTo(MeterRegistry)} are not counted. Thread-safe.
 */
public final class RoutingMetrics implements RoutingListener, MeterBinder {
    private static final String[] BREAKER_STATES = {"CLOSED", "OPEN", "HALF_OPEN", "DISABLED", "FORCED_OPEN",
        "METRICS_ONLY"};

    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, ReplicaStatus> statuses = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;

    /** Metrics not yet bound to a registry. */
    public RoutingMetrics() {
    }

    @Override
    public void bindTo(MeterRegistry meterRegistry) {
        this.registry = meterRegistry;
        statuses.values().forEach(status -> registerGauges(meterRegistry, status.name()));
    }

    @Override
    public void onRouted(String target, RouteReason reason) {
        MeterRegistry r = registry;
        if (r != null) {
            counters.computeIfAbsent("c|" + target + "|" + reason.tag(), key -> Counter.builder("quadrangle.routing.connections")
                    .description("Connections routed, by target server and reason")
                    .baseUnit("connections").tag("target", target).tag("reason", reason.tag()).register(r)).increment();
        }
    }

    @Override
    public void onReplicaStatus(ReplicaStatus status) {
        ReplicaStatus previous = statuses.put(status.name(), status);
        MeterRegistry r = registry;
        if (previous == null && r != null) {
            registerGauges(r, status.name());
        }
    }

    private void registerGauges(MeterRegistry r, String replica) {
        Gauge.builder("quadrangle.routing.replica.lag", this, m -> m.lagSeconds(replica))
                .description("Replay lag of the replica at the last probe, -1 when unknown")
                .baseUnit("seconds").tag("replica", replica).register(r);
        Gauge.builder("quadrangle.routing.replica.lag.bytes", this, m -> m.status(replica).lagBytes())
                .description("Replay lag of the replica in WAL bytes at the last probe, -1 when unknown")
                .baseUnit("bytes").tag("replica", replica).register(r);
        Gauge.builder("quadrangle.routing.replica.eligible", this, m -> m.status(replica).eligible() ? 1 : 0)
                .description("Whether reads are routed to the replica (1) or it is ejected (0)")
                .tag("replica", replica).register(r);
        for (String state : BREAKER_STATES) {
            Gauge.builder("quadrangle.routing.replica.breaker.state", this,
                    m -> state.equals(m.status(replica).breakerState()) ? 1 : 0)
                    .description("1 for the current state of the replica's circuit breaker, 0 for the others")
                    .tag("replica", replica).tag("state", state.toLowerCase(java.util.Locale.ROOT)).register(r);
        }
    }

    private ReplicaStatus status(String replica) {
        return statuses.get(replica);
    }

    private double lagSeconds(String replica) {
        long millis = status(replica).lagMillis();
        return millis < 0 ? -1 : millis / 1000.0;
    }

    @Override
    public void onProbeFailure(String target, Exception error) {
        MeterRegistry r = registry;
        if (r != null) {
            counters.computeIfAbsent("p|" + target, key -> Counter.builder("quadrangle.routing.probe.failures")
                    .description("Failed health probes").baseUnit("probes").tag("target", target).register(r))
                    .increment();
        }
    }

    @Override
    public void onRetry(String failedTarget, String retryTarget, SQLException cause) {
        MeterRegistry r = registry;
        if (r != null) {
            counters.computeIfAbsent("r|" + failedTarget + "|" + retryTarget, key -> Counter
                    .builder("quadrangle.routing.retries")
                    .description("Idempotent reads retried on another server after a connection error")
                    .baseUnit("retries").tag("from", failedTarget).tag("to", retryTarget).register(r)).increment();
        }
    }

    @Override
    public void onTokenCaptured(long nanos, boolean piggybacked) {
        MeterRegistry r = registry;
        if (r != null) {
            String mode = piggybacked ? "commit" : "separate";
            timers.computeIfAbsent(mode, key -> Timer.builder("quadrangle.routing.token.capture")
                    .description("Time to capture a write's WAL position for read-your-writes")
                    .tag("mode", mode).register(r)).record(nanos, TimeUnit.NANOSECONDS);
        }
    }
}
