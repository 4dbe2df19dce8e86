package dev.quadrangle.cache.internal;

/**
 * One invalidation: of a key (by its text form), of a tag (to a generation) or of a whole region (to a
 * generation).
 *
 * @param kind {@link #KEY}, {@link #TAG} or {@link #REGION}
 * @param text the key text, the tag, or empty for a region
 * @param generation the new generation of a tag or region; 0 for a key
 */
record InvalidationOp(byte kind, String text, long generation) {
    static final byte KEY = 'K';
    static final byte TAG = 'T';
    static final byte REGION = 'R';

    static InvalidationOp key(String keyText) {
        return new InvalidationOp(KEY, keyText, 0);
    }

    static InvalidationOp tag(String tag, long generation) {
        return new InvalidationOp(TAG, tag, generation);
    }

    static InvalidationOp region(long generation) {
        return new InvalidationOp(REGION, "", generation);
    }
}
