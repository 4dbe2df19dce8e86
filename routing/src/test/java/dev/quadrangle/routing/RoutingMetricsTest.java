package dev.quadrangle.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The meters of discovered nodes: roles, writer changes, refused writes and split brains. */
class RoutingMetricsTest {

    private static NodeStatus node(String name, NodeRole role, boolean writer) {
        return new NodeStatus(name, role, writer, -1, null);
    }

    @Test
    void nodeRolesAreGaugesAndTwoPrimariesRaiseTheSplitBrainGauge() {
        MeterRegistry registry = new SimpleMeterRegistry();
        RoutingMetrics metrics = new RoutingMetrics();
        metrics.onNodeStatus(node("a", NodeRole.PRIMARY, true)); // before binding: registered at bindTo
        metrics.bindTo(registry);
        metrics.onNodeStatus(node("b", NodeRole.REPLICA, false));
        metrics.onNodeStatus(node("c", NodeRole.UNKNOWN, false));

        assertThat(registry.get("quadrangle.routing.node.role").tag("node", "a").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("quadrangle.routing.node.role").tag("node", "b").gauge().value()).isEqualTo(0.0);
        assertThat(registry.get("quadrangle.routing.node.role").tag("node", "c").gauge().value()).isEqualTo(-1.0);
        assertThat(registry.get("quadrangle.routing.split.brain").gauge().value()).isEqualTo(0.0);

        metrics.onNodeStatus(node("b", NodeRole.PRIMARY, false));
        metrics.onSplitBrain(List.of("a", "b"), SplitBrainPolicy.REFUSE_WRITES, null);
        assertThat(registry.get("quadrangle.routing.split.brain").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("quadrangle.routing.split.brain.detections").counter().count()).isEqualTo(1.0);
    }

    @Test
    void aFailoverCountsOneChangeWithItsDetectionAndTimeWithoutAWriter() {
        MeterRegistry registry = new SimpleMeterRegistry();
        RoutingMetrics metrics = new RoutingMetrics();
        metrics.bindTo(registry);
        metrics.onWriterChange(new WriterChange(null, "a", Duration.ZERO, Duration.ZERO)); // the start: no change
        metrics.onWriterChange(new WriterChange("a", null, Duration.ofMillis(40), Duration.ZERO));
        metrics.onWriteRefused("no_writer");
        metrics.onWriterChange(new WriterChange("a", "b", Duration.ZERO, Duration.ofMillis(1500)));

        assertThat(registry.find("quadrangle.routing.writer.changes").counters()).hasSize(1);
        assertThat(registry.get("quadrangle.routing.writer.changes").tag("from", "a").tag("to", "b").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.get("quadrangle.routing.writer.detection").timer().totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(40.0);
        assertThat(registry.get("quadrangle.routing.writer.unknown").timer().totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(1500.0);
        assertThat(registry.get("quadrangle.routing.writes.refused").tag("reason", "no_writer").counter().count())
                .isEqualTo(1.0);
    }
}
