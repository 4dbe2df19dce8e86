package dev.quadrangle.routing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.routing.SplitBrainPolicy;
import dev.quadrangle.routing.internal.WriterElection.Candidate;
import dev.quadrangle.routing.internal.WriterElection.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriterElectionTest {
    private static Candidate primary(String name, long timeline) {
        return new Candidate(name, true, false, timeline, null);
    }

    private static Candidate standby(String name) {
        return new Candidate(name, true, true, -1, null);
    }

    private static Candidate down(String name) {
        return new Candidate(name, false, false, -1, "Connection refused");
    }

    @Test
    void theOneNodeNotInRecoveryIsTheWriter() {
        Outcome outcome = WriterElection.elect(List.of(standby("a"), primary("b", 1), down("c")),
                SplitBrainPolicy.REFUSE_WRITES);
        assertThat(outcome.writer()).isEqualTo("b");
        assertThat(outcome.primaries()).containsExactly("b");
        assertThat(outcome.problem()).isNull();
    }

    @Test
    void noPrimaryMeansNoWriterAndSaysWhatEachNodeIs() {
        Outcome outcome = WriterElection.elect(List.of(down("a"), standby("b")), SplitBrainPolicy.REFUSE_WRITES);
        assertThat(outcome.writer()).isNull();
        assertThat(outcome.problem()).isEqualTo(
                "no node answers as a primary: a is unreachable (Connection refused); b is in recovery");
    }

    @Test
    void splitBrainRefusesWritesToBothByDefault() {
        Outcome outcome = WriterElection.elect(List.of(primary("a", 1), primary("b", 2), standby("c")),
                SplitBrainPolicy.REFUSE_WRITES);
        assertThat(outcome.writer()).isNull();
        assertThat(outcome.primaries()).containsExactly("a", "b");
        assertThat(outcome.problem()).isEqualTo("split brain: nodes a, b answer as primaries (pg_is_in_recovery() is"
                + " false); writes to all of them are refused (splitBrainPolicy REFUSE_WRITES)");
    }

    @Test
    void splitBrainPrefersTheHighestTimelineWhenAsked() {
        Outcome outcome = WriterElection.elect(List.of(primary("a", 1), primary("b", 2)),
                SplitBrainPolicy.PREFER_HIGHEST_TIMELINE);
        assertThat(outcome.writer()).isEqualTo("b");
        assertThat(outcome.problem()).isEqualTo("split brain: nodes a, b answer as primaries (pg_is_in_recovery() is"
                + " false); writes go to b, on the highest timeline 2 (splitBrainPolicy PREFER_HIGHEST_TIMELINE)");
    }

    @Test
    void splitBrainOnTheSameTimelineRefusesWritesEvenWhenPreferringTheHighest() {
        Outcome outcome = WriterElection.elect(List.of(primary("a", 1), primary("b", 3), primary("c", 3)),
                SplitBrainPolicy.PREFER_HIGHEST_TIMELINE);
        assertThat(outcome.writer()).isNull();
        assertThat(outcome.problem()).isEqualTo("split brain: nodes a, b, c answer as primaries (pg_is_in_recovery()"
                + " is false) and no single one is on the highest timeline (3); writes to all of them are refused"
                + " (splitBrainPolicy PREFER_HIGHEST_TIMELINE)");
    }

    @Test
    void theTimelineIsReadFromTheWalFileName() {
        assertThat(NodeDiscovery.timeline("000000030000000000000005")).isEqualTo(3);
        assertThat(NodeDiscovery.timeline("0000000A0000000100000005")).isEqualTo(10);
        assertThat(NodeDiscovery.timeline(null)).isEqualTo(-1);
        assertThat(NodeDiscovery.timeline("xyz")).isEqualTo(-1);
    }
}
