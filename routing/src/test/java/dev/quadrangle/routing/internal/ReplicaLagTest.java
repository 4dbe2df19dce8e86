package dev.quadrangle.routing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplicaLagTest {

    @Test
    void idlePrimaryMeansNoLagWhateverTheReplayTimestampSays() {
        // nothing written for an hour: replay = receive = primary, the timestamp is an hour old
        assertThat(ReplicaLag.millis(5000L, 5000L, 5000L, 3_600_000L)).isZero();
        assertThat(ReplicaLag.bytes(5000L, 5000L)).isZero();
    }

    @Test
    void replayBehindTheReceivedWalCountsTheAgeOfTheLastReplayedTransaction() {
        assertThat(ReplicaLag.millis(9000L, 5000L, 9000L, 1200L)).isEqualTo(1200);
        assertThat(ReplicaLag.bytes(9000L, 5000L)).isEqualTo(4000);
    }

    @Test
    void replayAheadOfThePrimaryPositionReadEarlierIsCaughtUp() {
        assertThat(ReplicaLag.millis(5000L, 5100L, 5100L, 900L)).isZero();
        assertThat(ReplicaLag.bytes(5000L, 5100L)).isZero();
    }

    @Test
    void receivedEverythingButNotYetReplayedIsLag() {
        assertThat(ReplicaLag.millis(9000L, 8000L, 9000L, 300L)).isEqualTo(300);
    }

    @Test
    void unknownPositionsGiveUnknownLag() {
        assertThat(ReplicaLag.millis(9000L, null, null, null)).isEqualTo(ReplicaLag.UNKNOWN);
        assertThat(ReplicaLag.bytes(null, 5000L)).isEqualTo(ReplicaLag.UNKNOWN);
        assertThat(ReplicaLag.millis(9000L, 5000L, 9000L, null)).isEqualTo(ReplicaLag.UNKNOWN);
        // primary unreachable: caught up with what was received
        assertThat(ReplicaLag.millis(null, 5000L, 5000L, 99_999L)).isZero();
    }
}
