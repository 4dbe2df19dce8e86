package dev.quadrangle.routing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.sql.SQLException;
import java.util.List;
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
 * With a cluster given as discovered nodes ({@link RoutingDataSourceBuilder#node}), also:
 * <ul>
 *   <li>{@code quadrangle.routing.node.role} (gauge; tag {@code node}): 1 primary, 0 replica, -1 unknown,
 *       as of the node's last probe</li>
 *   <li>{@code quadrangle.routing.writer.changes} (counter; tags {@code from}, {@code to}): a new writer
 *       found after another was known</li>
 *   <li>{@code quadrangle.routing.writer.detection} (timer): from the first sign of a writer's failure to
 *       the decision that it is no longer the writer</li>
 *   <li>{@code quadrangle.routing.writer.unknown} (timer): how long no writer was known, recorded when a
 *       new one is found</li>
 *   <li>{@code quadrangle.routing.writes.refused} (counter; tag {@code reason} {@code no_writer} or
 *       {@code split_brain}): write connections refused for want of a single writer</li>
 *   <li>{@code quadrangle.routing.split.brain} (gauge): 1 while more than one node answers as a primary</li>
 *   <li>{@code quadrangle.routing.split.brain.detections} (counter): split brains detected</li>
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
    private final Map<String, NodeStatus> nodes = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;

    /** Metrics not yet bound to a registry. */
    public RoutingMetrics() {
    }

    @Override
    public void bindTo(MeterRegistry meterRegistry) {
        this.registry = meterRegistry;
        statuses.values().forEach(status -> registerGauges(meterRegistry, status.name()));
        nodes.keySet().forEach(node -> registerNodeGauge(meterRegistry, node));
        registerSplitBrainGauge(meterRegistry);
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
    @Override
    public void onNodeStatus(NodeStatus status) {
        NodeStatus previous = nodes.put(status.name(), status);
        MeterRegistry r = registry;
        if (previous == null && r != null) {
            registerNodeGauge(r, status.name());
        }
    }

    private void registerNodeGauge(MeterRegistry r, String node) {
        Gauge.builder("quadrangle.routing.node.role", this, m -> m.nodes.get(node).role().gaugeValue())
                .description("Role of the node at its last probe: 1 primary, 0 replica, -1 unknown")
                .tag("node", node).register(r);
    }

    private void registerSplitBrainGauge(MeterRegistry r) {
        Gauge.builder("quadrangle.routing.split.brain", this,
                m -> m.nodes.values().stream().filter(n -> n.role() == NodeRole.PRIMARY).count() > 1 ? 1 : 0)
                .description("1 while more than one node answers as a primary, else 0").register(r);
    }

    @Override
    public void onWriterChange(WriterChange change) {
        MeterRegistry r = registry;
        if (r == null) {
            return;
        }
        if (change.current() == null) {
            timers.computeIfAbsent("writer.detection", key -> Timer.builder("quadrangle.routing.writer.detection")
                    .description("Time from the first sign of a writer's failure to the decision that it is lost")
                    .register(r)).record(change.detectionTime());
            return;
        }
        if (change.previous() == null) {
            return; // the first writer found at start is no change
        }
        String from = change.previous();
        String to = change.current();
        counters.computeIfAbsent("w|" + from + "|" + to, key -> Counter.builder("quadrangle.routing.writer.changes")
                .description("Changes of the node that writes go to").baseUnit("changes")
                .tag("from", from).tag("to", to).register(r)).increment();
        timers.computeIfAbsent("writer.unknown", key -> Timer.builder("quadrangle.routing.writer.unknown")
                .description("How long no writer was known before a new one was found")
                .register(r)).record(change.timeWithoutWriter());
    }

    @Override
    public void onSplitBrain(List<String> primaries, SplitBrainPolicy policy, String writer) {
        MeterRegistry r = registry;
        if (r != null) {
            counters.computeIfAbsent("split.brain", key -> Counter.builder("quadrangle.routing.split.brain.detections")
                    .description("Split brains detected: more than one node answering as a primary")
                    .baseUnit("detections").register(r)).increment();
        }
    }

    @Override
    public void onWriteRefused(String reason) {
        MeterRegistry r = registry;
        if (r != null) {
            counters.computeIfAbsent("refused|" + reason, key -> Counter.builder("quadrangle.routing.writes.refused")
                    .description("Write connections refused because no single writer was known")
                    .baseUnit("connections").tag("reason", reason).register(r)).increment();
        }
    }
}
