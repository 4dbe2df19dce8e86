package dev.quadrangle.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireFormatTest {

    @Test
    void invalidationMessagesRoundTrip() {
        InvalidationMessage message = InvalidationMessage.of("node-a", "pools", 42,
                List.of(InvalidationOp.key("topic/7"), InvalidationOp.tag("topic", 99), InvalidationOp.region(5)));
        InvalidationMessage read = InvalidationMessage.decode(message.encode());
        assertThat(read).isEqualTo(message);
    }

    @Test
    void keysAndTagsWithSeparatorsNewlinesAndTheLongestWidestTextRoundTrip() {
        String widestKey = "\u0800".repeat(KeyNamespace.MAX_KEY_CHARS);
        String widestTag = "\uFFFF".repeat(KeyNamespace.MAX_TAG_CHARS);
        InvalidationMessage message = InvalidationMessage.of("node-a", "pools", 7, List.of(
                InvalidationOp.key("a:b:~lease"), InvalidationOp.key("line\nbreak\r\n"), InvalidationOp.key("nul\u0000:x"),
                InvalidationOp.key("\uD83D\uDE00:k::"), InvalidationOp.key(widestKey), InvalidationOp.tag(widestTag, 3),
                InvalidationOp.tag("~tag:x", 4)));
        assertThat(InvalidationMessage.decode(message.encode())).isEqualTo(message);
    }

    @Test
    void foreignMessagesAreIgnored() {
        assertThat(InvalidationMessage.decode("hello".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(InvalidationMessage.decode(new byte[] {1, 0})).isNull();
    }

    @Test
    void envelopesCarryGenerationsAndFreshness() {
        byte[] bytes = Envelope.value(new Generations.Snapshot(7, 3), 1_000, 2_000, "payload".getBytes(StandardCharsets.UTF_8));
        Envelope e = Envelope.decode(bytes);
        assertThat(e.isTombstone()).isFalse();
        assertThat(new String(e.payload, StandardCharsets.UTF_8)).isEqualTo("payload");
        assertThat(e.isCurrent(new Generations.Snapshot(7, 3))).isTrue();
        assertThat(e.isCurrent(new Generations.Snapshot(6, 0))).isTrue();
        assertThat(e.isCurrent(new Generations.Snapshot(8, 3))).as("region invalidated since").isFalse();
        assertThat(e.isCurrent(new Generations.Snapshot(7, 4))).as("tag invalidated since").isFalse();
        assertThat(e.isFresh(1_999)).isTrue();
        assertThat(e.isFresh(2_000)).isFalse();
        assertThat(e.identity).hasSize(Envelope.IDENTITY_BYTES);
    }

    @Test
    void tombstonesAndForeignBytes() {
        Envelope tombstone = Envelope.decode(Envelope.tombstone());
        assertThat(tombstone.isTombstone()).isTrue();
        assertThat(tombstone.isCurrent(new Generations.Snapshot(0, 0))).isFalse();
        assertThat(Envelope.decode("plain text written by someone else".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(Envelope.decode(null)).isNull();
        assertThat(Envelope.decode(Envelope.tombstone())).extracting(t -> t.identity.length).isEqualTo(9);
    }

    @Test
    void pendingInvalidationsOverflowToTheWholeRegion() {
        PendingInvalidations pending = new PendingInvalidations(2);
        pending.add("a", InvalidationOp.key("1"));
        pending.add("a", InvalidationOp.key("1"));
        pending.add("b", InvalidationOp.key("2"));
        pending.add("a", InvalidationOp.key("3"));
        PendingInvalidations.Drained drained = pending.drain();
        assertThat(drained.wholeRegions()).containsExactly("a");
        assertThat(drained.ops()).containsOnlyKeys("b");
        assertThat(pending.isEmpty()).isTrue();
    }

    @Test
    void streamsWhoseNamesContainTheOldSeparatorStayApart() {
        // a message carries sender and region as it likes; joined with '\0' these two named one stream
        SequenceTracker tracker = new SequenceTracker();
        assertThat(tracker.observe("a\u0000b", "c", 1)).isEqualTo(SequenceTracker.Verdict.IN_ORDER);
        assertThat(tracker.observe("a", "b\u0000c", 5)).isEqualTo(SequenceTracker.Verdict.IN_ORDER);
        assertThat(tracker.observe("a\u0000b", "c", 2)).isEqualTo(SequenceTracker.Verdict.IN_ORDER);
    }

    @Test
    void sequenceNumbersRevealRepeatsAndGapsPerSenderAndRegion() {
        SequenceTracker tracker = new SequenceTracker();
        assertThat(tracker.observe("a", "pools", 5)).isEqualTo(SequenceTracker.Verdict.IN_ORDER);
        assertThat(tracker.observe("a", "pools", 6)).isEqualTo(SequenceTracker.Verdict.IN_ORDER);
        assertThat(tracker.observe("a", "pools", 6)).isEqualTo(SequenceTracker.Verdict.REPEAT);
        assertThat(tracker.observe("a", "grades", 1)).isEqualTo(SequenceTracker.Verdict.IN_ORDER);
        assertThat(tracker.observe("b", "pools", 1)).isEqualTo(SequenceTracker.Verdict.IN_ORDER);
        assertThat(tracker.observe("a", "pools", 9)).isEqualTo(SequenceTracker.Verdict.GAP);
        assertThat(tracker.observe("a", "pools", 10)).isEqualTo(SequenceTracker.Verdict.IN_ORDER);
        tracker.reset();
        assertThat(tracker.observe("a", "pools", 20)).isEqualTo(SequenceTracker.Verdict.IN_ORDER);
    }
}
