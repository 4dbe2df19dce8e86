package dev.quadrangle.cache.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Follows each sender's sequence numbers per region and says whether a message is the next one, a
 * repeat, or shows that messages were missed in between.
 */
final class SequenceTracker {
    /** What a message's sequence number says. */
    enum Verdict {
        /** The first message seen from this sender for this region, or the next one. */
        IN_ORDER,
        /** A number already seen: drop the message. */
        REPEAT,
        /** Numbers were skipped: messages were lost, flush the region. */
        GAP
    }

    /** One sender's messages for one region; a record, so that no sender or region name can spell another pair. */
    private record Stream(String sender, String region) {
    }

    private final Map<Stream, Long> lastSeen = new ConcurrentHashMap<>();

    Verdict observe(String sender, String region, long sequence) {
        Stream stream = new Stream(sender, region);
        Long last = lastSeen.get(stream);
        if (last != null && sequence <= last) {
            return Verdict.REPEAT;
        }
        lastSeen.put(stream, sequence);
        return last != null && sequence > last + 1 ? Verdict.GAP : Verdict.IN_ORDER;
    }

    /** Forgets everything (after a resubscription, when the regions were flushed anyway). */
    void reset() {
        lastSeen.clear();
    }
}
