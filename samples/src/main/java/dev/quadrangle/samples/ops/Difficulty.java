package dev.quadrangle.samples.ops;

/** A question's difficulty, stored as 1 to 3. */
public enum Difficulty {
    /** Level 1. */
    EASY,
    /** Level 2. */
    MEDIUM,
    /** Level 3. */
    HARD;

    /** The stored level, 1 to 3. */
    public int level() {
        return ordinal() + 1;
    }

    /**
     * The difficulty of a stored level.
     *
     * @param level 1 to 3
     * @return the difficulty
     * @throws IllegalArgumentException for another level
     */
    public static Difficulty ofLevel(int level) {
        if (level < 1 || level > 3) {
            throw new IllegalArgumentException("difficulty level must be between 1 and 3, was " + level);
        }
        return values()[level - 1];
    }
}
