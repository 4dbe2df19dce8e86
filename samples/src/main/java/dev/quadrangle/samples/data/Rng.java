package dev.quadrangle.samples.data;

import java.util.SplittableRandom;

/**
 * Deterministic random streams: one independent generator per (seed, stream, entity id), so every
 * generated row is a function of the seed and its ids alone, whatever order rows are produced in.
 */
final class Rng {
    static final int SCHOOL = 1;
    static final int USER = 2;
    static final int ACTIVITY = 3;
    static final int GRADE = 4;
    static final int QUESTION = 5;
    static final int POOL = 6;
    static final int ANSWER = 7;
    static final int INTERACTION = 8;
    static final int AUDIT = 9;
    static final int CONTENT = 10;

    private Rng() {
    }

    /**
     * A generator for one entity.
     *
     * @param seed the data set's seed
     * @param stream which kind of entity (one of the constants)
     * @param id the entity's id
     * @return a fresh generator; the same arguments always give the same sequence
     */
    static SplittableRandom of(long seed, int stream, long id) {
        long mixed = seed * 0x9E3779B97F4A7C15L + stream * 0xBF58476D1CE4E5B9L + id * 0x94D049BB133111EBL;
        return new SplittableRandom(mix(mixed));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
