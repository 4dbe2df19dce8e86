package dev.quadrangle.samples.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class OperationStatsTest {

    @Test
    void warmUpCallsAndErrorsAreSetApartFromTheMeasuredOnes() {
        OperationStats stats = new OperationStats(OperationKind.QUESTION_SET);
        for (int i = 0; i < 10; i++) {
            stats.success(50_000);
        }
        stats.failure(new IllegalStateException("cold"));
        stats.drainInterval();
        stats.endWarmup();
        stats.success(1_000);
        stats.success(2_000);
        stats.failure(new IllegalStateException("warm"));
        stats.drainInterval();
        assertThat(stats.warmupCalls()).isEqualTo(10);
        assertThat(stats.warmupErrors()).isEqualTo(1);
        assertThat(stats.total().getTotalCount()).isEqualTo(2);
        assertThat(stats.total().getMaxValue()).isLessThan(2_010);
        assertThat(stats.errors()).isEqualTo(1);
        assertThat(stats.errorMessages()).containsOnlyKeys("IllegalStateException: cold", "IllegalStateException: warm");
    }

    @Test
    void intervalsDrainWhatWasRecordedSinceTheLastDrain() {
        OperationStats stats = new OperationStats(OperationKind.SUBMIT_ANSWER);
        stats.success(100);
        assertThat(stats.drainInterval().getTotalCount()).isEqualTo(1);
        assertThat(stats.drainInterval().getTotalCount()).isZero();
        stats.failure(new RuntimeException("x"));
        assertThat(stats.drainIntervalErrors()).isEqualTo(1);
        assertThat(stats.drainIntervalErrors()).isZero();
        assertThat(stats.total().getTotalCount()).isEqualTo(1);
    }

    @Test
    void errorMessagesNameTheRootCauseOnOneLine() {
        RuntimeException e = new RuntimeException("outer", new SQLException("FATAL: terminating connection\n  detail"));
        assertThat(OperationStats.describe(e)).isEqualTo("SQLException: FATAL: terminating connection");
    }
}
