package dev.quadrangle.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReplicationLagProbeTest {

    @Test
    void percentileUsesNearestRank() {
        long[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertThat(ReplicationLagProbe.percentile(sorted, 50)).isEqualTo(5);
        assertThat(ReplicationLagProbe.percentile(sorted, 99)).isEqualTo(10);
        assertThat(ReplicationLagProbe.percentile(sorted, 0)).isEqualTo(1);
        assertThat(ReplicationLagProbe.percentile(new long[] {42}, 99)).isEqualTo(42);
    }

    @Test
    void percentileRejectsBadInput() {
        assertThatThrownBy(() -> ReplicationLagProbe.percentile(new long[0], 50))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no samples");
        assertThatThrownBy(() -> ReplicationLagProbe.percentile(new long[] {1}, 101))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("percentile must be in [0, 100], was 101.0");
    }
}
