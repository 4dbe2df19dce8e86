package dev.quadrangle.cache.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The bytes of one Redis entry: a kind byte and a random 8-byte version (together the entry's
 * identity, compared by the conditional fill), then for values and misses the generations they were
 * written under, when they were written and until when they are fresh, then the codec's bytes.
 */
final class Envelope {
    static final byte VALUE = 'V';
    static final byte NEGATIVE = 'N';
    static final byte TOMBSTONE = 'T';
    static final int IDENTITY_BYTES = 9;
    private static final int HEADER_BYTES = IDENTITY_BYTES + 4 * Long.BYTES;
    /** The identity a conditional fill expects when it saw no entry at all. */
    static final byte[] ABSENT = new byte[0];

    final byte kind;
    final byte[] identity;
    final long regionGen;
    final long tagGen;
    final long writtenAtMillis;
    final long freshUntilMillis;
    final byte[] payload;

    private Envelope(byte kind, byte[] identity, long regionGen, long tagGen, long writtenAtMillis,
            long freshUntilMillis, byte[] payload) {
        this.kind = kind;
        this.identity = identity;
        this.regionGen = regionGen;
        this.tagGen = tagGen;
        this.writtenAtMillis = writtenAtMillis;
        this.freshUntilMillis = freshUntilMillis;
        this.payload = payload;
    }

    static byte[] value(Generations.Snapshot gens, long writtenAt, long freshUntil, byte[] payload) {
        return entry(VALUE, gens, writtenAt, freshUntil, payload);
    }

    static byte[] negative(Generations.Snapshot gens, long writtenAt, long freshUntil) {
        return entry(NEGATIVE, gens, writtenAt, freshUntil, new byte[0]);
    }

    static byte[] tombstone() {
        return ByteBuffer.allocate(IDENTITY_BYTES).put(TOMBSTONE).putLong(ThreadLocalRandom.current().nextLong()).array();
    }

    private static byte[] entry(byte kind, Generations.Snapshot gens, long writtenAt, long freshUntil, byte[] payload) {
        return ByteBuffer.allocate(HEADER_BYTES + payload.length).put(kind)
                .putLong(ThreadLocalRandom.current().nextLong()).putLong(gens.regionGen()).putLong(gens.tagGen())
                .putLong(writtenAt).putLong(freshUntil).put(payload).array();
    }

    /**
     * Reads stored bytes; {@code null} for bytes this cache did not write (treated as absent).
     */
    static Envelope decode(byte[] bytes) {
        if (bytes == null || bytes.length < IDENTITY_BYTES) {
            return null;
        }
        byte kind = bytes[0];
        byte[] identity = Arrays.copyOf(bytes, IDENTITY_BYTES);
        if (kind == TOMBSTONE) {
            return new Envelope(kind, identity, 0, 0, 0, 0, null);
        }
        if ((kind != VALUE && kind != NEGATIVE) || bytes.length < HEADER_BYTES) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, IDENTITY_BYTES, HEADER_BYTES - IDENTITY_BYTES);
        return new Envelope(kind, identity, b.getLong(), b.getLong(), b.getLong(), b.getLong(),
                Arrays.copyOfRange(bytes, HEADER_BYTES, bytes.length));
    }

    boolean isTombstone() {
        return kind == TOMBSTONE;
    }

    boolean isNegative() {
        return kind == NEGATIVE;
    }

    /** Whether the entry was written under generations at least as new as the ones this node knows. */
    boolean isCurrent(Generations.Snapshot known) {
        return kind != TOMBSTONE && regionGen >= known.regionGen() && tagGen >= known.tagGen();
    }

    boolean isFresh(long nowMillis) {
        return nowMillis < freshUntilMillis;
    }
}
