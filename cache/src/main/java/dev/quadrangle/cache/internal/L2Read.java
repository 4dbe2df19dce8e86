package dev.quadrangle.cache.internal;

/**
 * What one read of a key in Redis found: nothing usable because Redis was unavailable, or the entry's
 * identity (empty when the key was absent) and its decoded envelope (or {@code null}).
 */
final class L2Read {
    static final L2Read UNAVAILABLE = new L2Read(false, null, null, null);

    final boolean available;
    final byte[] identity;
    final Envelope envelope;
    final Generations.Snapshot generations;

    private L2Read(boolean available, byte[] identity, Envelope envelope, Generations.Snapshot generations) {
        this.available = available;
        this.identity = identity;
        this.envelope = envelope;
        this.generations = generations;
    }

    static L2Read of(byte[] raw, Generations.Snapshot generations) {
        Envelope envelope = Envelope.decode(raw);
        byte[] identity = raw == null ? Envelope.ABSENT
                : java.util.Arrays.copyOf(raw, Math.min(raw.length, Envelope.IDENTITY_BYTES));
        return new L2Read(true, identity, envelope, generations);
    }

    /** Whether the entry is a value or a cached miss written under the generations known now. */
    boolean isCurrent() {
        return available && envelope != null && envelope.isCurrent(generations);
    }
}
