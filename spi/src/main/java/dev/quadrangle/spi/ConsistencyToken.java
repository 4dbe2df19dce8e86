package dev.quadrangle.spi;

import java.util.Locale;

/**
 * A position in the primary's write-ahead log that a reader must see: a read carrying this token is
 * served only by a server whose replay position has reached it (read-your-writes).
 *
 * <p>The string form ({@link #asString()}, e.g. {@code "q1.0000000016B374D848"}) is stable and
 * opaque to applications, so a web application can carry it across requests and nodes in a header or
 * cookie. Immutable and thread-safe; ordered by log position.
 */
public final class ConsistencyToken implements Comparable<ConsistencyToken> {
    private static final String PREFIX = "q1.";

    private final long walPosition;

    private ConsistencyToken(long walPosition) {
        this.walPosition = walPosition;
    }

    /**
     * A token for a log position.
     *
     * @param walPosition the 64-bit log sequence number, not negative
     * @return the token
     * @throws IllegalArgumentException when the position is negative
     */
    public static ConsistencyToken ofWalPosition(long walPosition) {
        if (walPosition < 0) {
            throw new IllegalArgumentException("walPosition must be >= 0, was " + walPosition);
        }
        return new ConsistencyToken(walPosition);
    }

    /**
     * A token for a log position in PostgreSQL's text form, as returned by {@code pg_current_wal_lsn()}.
     *
     * @param lsn e.g. {@code "16/B374D848"}
     * @return the token
     * @throws IllegalArgumentException when the text is not a log sequence number
     */
    public static ConsistencyToken ofLsn(String lsn) {
        int slash = lsn == null ? -1 : lsn.indexOf('/');
        if (slash <= 0 || slash == lsn.length() - 1 || slash > 8 || lsn.length() - slash - 1 > 8) {
            throw new IllegalArgumentException("not a PostgreSQL LSN: '" + lsn + "'");
        }
        try {
            long high = Long.parseLong(lsn.substring(0, slash), 16);
            long low = Long.parseLong(lsn.substring(slash + 1), 16);
            return new ConsistencyToken((high << 32) | low);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a PostgreSQL LSN: '" + lsn + "'", e);
        }
    }

    /**
     * Parses the string form produced by {@link #asString()}.
     *
     * @param text the token as carried by the application
     * @return the token
     * @throws IllegalArgumentException when the text is not a token of this version
     */
    public static ConsistencyToken parse(String text) {
        if (text == null || !text.startsWith(PREFIX) || text.length() != PREFIX.length() + 16) {
            throw new IllegalArgumentException("not a Quadrangle consistency token: '" + abbreviate(text) + "'");
        }
        try {
            return new ConsistencyToken(Long.parseUnsignedLong(text.substring(PREFIX.length()), 16));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a Quadrangle consistency token: '" + abbreviate(text) + "'", e);
        }
    }

    private static String abbreviate(String text) {
        return text == null ? "null" : text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    /** The 64-bit log sequence number. */
    public long walPosition() {
        return walPosition;
    }

    /** The position in PostgreSQL's text form, e.g. {@code "16/B374D848"}, for {@code ::pg_lsn} binds. */
    public String lsn() {
        return Long.toHexString(walPosition >>> 32).toUpperCase(Locale.ROOT) + "/"
                + Long.toHexString(walPosition & 0xFFFFFFFFL).toUpperCase(Locale.ROOT);
    }

    /** The stable string form, for headers and cookies. */
    public String asString() {
        return PREFIX + String.format(Locale.ROOT, "%016X", walPosition);
    }

    /**
     * The later of two tokens.
     *
     * @param other another token, may be {@code null}
     * @return this token or {@code other}, whichever is further in the log
     */
    public ConsistencyToken max(ConsistencyToken other) {
        return other == null || compareTo(other) >= 0 ? this : other;
    }

    /**
     * Whether a server that has replayed up to {@code replayedPosition} satisfies this token.
     *
     * @param replayedPosition a replay position as a 64-bit log sequence number
     * @return {@code true} when the position is at or past this token
     */
    public boolean isSatisfiedBy(long replayedPosition) {
        return Long.compareUnsigned(replayedPosition, walPosition) >= 0;
    }

    @Override
    public int compareTo(ConsistencyToken other) {
        return Long.compareUnsigned(walPosition, other.walPosition);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConsistencyToken && ((ConsistencyToken) o).walPosition == walPosition;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(walPosition);
    }

    @Override
    public String toString() {
        return "ConsistencyToken[" + lsn() + "]";
    }
}
