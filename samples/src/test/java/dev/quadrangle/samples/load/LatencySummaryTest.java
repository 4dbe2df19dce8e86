package dev.quadrangle.samples.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

    @Test
    void percentilesOfAUniformSpreadAreExactToATenthOfAPercent() {
        Histogram h = new Histogram(3);
        for (long micros = 1; micros <= 100_000; micros++) {
            h.recordValue(micros);
        }
        LatencySummary s = LatencySummary.of(h);
        assertThat(s.count()).isEqualTo(100_000);
        assertThat(s.p50Ms()).isCloseTo(50.0, within(0.05));
        assertThat(s.p95Ms()).isCloseTo(95.0, within(0.095));
        assertThat(s.p99Ms()).isCloseTo(99.0, within(0.099));
        assertThat(s.maxMs()).isCloseTo(100.0, within(0.1));
        assertThat(s.meanMs()).isCloseTo(50.0, within(0.05));
        assertThat(s.curve()).containsOnlyKeys("p0", "p50", "p75", "p90", "p95", "p99", "p99.9", "p99.99", "p100");
        assertThat(s.curve().get("p99.9")).isCloseTo(99.9, within(0.1));
    }

    @Test
    void aSingleSlowCallShowsInTheMaximumNotTheMedian() {
        Histogram h = new Histogram(3);
        for (int i = 0; i < 999; i++) {
            h.recordValue(1_000);
        }
        h.recordValue(2_000_000);
        LatencySummary s = LatencySummary.of(h);
        assertThat(s.p50Ms()).isCloseTo(1.0, within(0.001));
        assertThat(s.p99Ms()).isCloseTo(1.0, within(0.001));
        assertThat(s.maxMs()).isCloseTo(2_000.0, within(2.0));
    }

    @Test
    void anEmptyHistogramSummarisesToZeros() {
        LatencySummary s = LatencySummary.of(new Histogram(3));
        assertThat(s).isEqualTo(new LatencySummary(0, 0, 0, 0, 0, 0, java.util.Map.of()));
    }

    @Test
    void curveLabelsDropTrailingZeros() {
        assertThat(LatencySummary.label(99)).isEqualTo("p99");
        assertThat(LatencySummary.label(99.99)).isEqualTo("p99.99");
    }
}
