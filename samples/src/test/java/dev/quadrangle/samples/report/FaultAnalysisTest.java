package dev.quadrangle.samples.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FaultAnalysisTest {

    @Test
    void measuresEachFaultWindowAgainstTheRestOfTheRun() {
        List<CampusReport.FaultEffect> effects = FaultAnalysis.of(SampleReports.load(true), List.of("primary", "standby"));
        assertThat(effects).extracting(CampusReport.FaultEffect::service).containsExactly("standby", "redis", "s3");
        CampusReport.FaultEffect standby = effects.get(0);
        assertThat(standby.fromSecond()).isEqualTo(4.0);
        assertThat(standby.toSecond()).isEqualTo(10.4);
        // points 5..10 lie inside, and point 11 covers 10..11, overlapping the restart
        assertThat(standby.fallbacks()).isEqualTo(30);
        assertThat(standby.ops()).isEqualTo(700);
        assertThat(standby.worstP99Ms()).isEqualTo(250.0);
        assertThat(standby.baselineP99Ms()).isEqualTo(3.0);
        assertThat(standby.usedByOperations()).isTrue();
        CampusReport.FaultEffect redis = effects.get(1);
        assertThat(redis.toSecond()).isEqualTo(7.0 + 0.3 + FaultAnalysis.REDIS_WINDOW_SECONDS);
        assertThat(redis.usedByOperations()).isFalse();
        assertThat(redis.summary()).contains("this backend does not use redis");
    }

    @Test
    void aRunWithoutChaosHasNoFaults() {
        assertThat(FaultAnalysis.of(SampleReports.load(false), List.of("primary"))).isEmpty();
    }
}
