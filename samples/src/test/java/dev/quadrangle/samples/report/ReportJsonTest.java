package dev.quadrangle.samples.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ReportJsonTest {

    private static JsonNode json(boolean chaos) throws Exception {
        return new ObjectMapper().readTree(ReportJson.toJson(SampleReports.report(chaos)));
    }

    @Test
    void carriesPerOperationPercentilesAsNumbers() throws Exception {
        JsonNode op = json(false).path("load").path("operations").get(0);
        assertThat(op.path("name").asText()).isEqualTo("questionSet");
        assertThat(op.path("route").asText()).isEqualTo("replica");
        assertThat(op.path("count").asLong()).isEqualTo(2_001);
        assertThat(op.path("latency").path("p50Ms").isNumber()).isTrue();
        assertThat(op.path("latency").path("p50Ms").asDouble()).isBetween(1.99, 2.01);
        assertThat(op.path("latency").path("p99Ms").asDouble()).isBetween(2.97, 2.99);
        assertThat(op.path("latency").path("curve").path("p99.9").asDouble()).isBetween(2.99, 3.01);
    }

    @Test
    void carriesTotalsAndTheDerivedVerdicts() throws Exception {
        JsonNode root = json(false);
        assertThat(root.path("load").path("totalOps").asLong()).isEqualTo(2_003);
        assertThat(root.path("load").path("totalErrors").asLong()).isEqualTo(1);
        assertThat(root.path("load").path("peakConnections").asInt()).isEqualTo(30);
        assertThat(root.path("load").path("routes").path("replicaFallbacks").asLong()).isEqualTo(30);
        assertThat(root.path("load").path("routes").path("replicaOverflows").asLong()).isEqualTo(7);
        assertThat(root.path("answers").path("stored").asLong()).isEqualTo(2);
        assertThat(root.path("answers").path("lost").asLong()).isZero();
        assertThat(root.path("answers").path("nothingLost").asBoolean()).isTrue();
        assertThat(root.path("connections").path("withinBudget").asBoolean()).isTrue();
        assertThat(root.path("dataset").path("totalRows").asLong()).isEqualTo(24_002);
        assertThat(root.path("load").path("timeline")).hasSize(20);
        assertThat(root.path("faults")).isEmpty();
        assertThat(root.path("replicationLag").path("p99Ms").asDouble()).isEqualTo(1.74);
    }

    @Test
    void chaosRunsCarryTheirEventsAndFaultEffects() throws Exception {
        JsonNode root = json(true);
        assertThat(root.path("load").path("events")).hasSize(5);
        assertThat(root.path("faults")).hasSize(3);
        JsonNode standby = root.path("faults").get(0);
        assertThat(standby.path("service").asText()).isEqualTo("standby");
        assertThat(standby.path("fallbacks").asLong()).isEqualTo(30);
        assertThat(standby.path("usedByOperations").asBoolean()).isTrue();
        assertThat(root.path("faults").get(2).path("usedByOperations").asBoolean()).isFalse();
    }
}
