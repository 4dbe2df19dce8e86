package dev.quadrangle.testkit.internal;

/** PostgreSQL log sequence numbers ({@code "16/B374D848"}) as comparable longs. */
public final class Lsn {
    private Lsn() {
    }

    /**
     * Parses an LSN in PostgreSQL's text form.
     *
     * @param text e.g. {@code "0/3000148"}
     * @return the 64-bit position
     * @throws IllegalArgumentException when the text is not an LSN
     */
    public static long parse(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            throw new IllegalArgumentException("not a PostgreSQL LSN: '" + text + "'");
        }
        try {
            long high = Long.parseLong(text.substring(0, slash), 16);
            long low = Long.parseLong(text.substring(slash + 1), 16);
            if (high > 0xFFFFFFFFL || low > 0xFFFFFFFFL || high < 0 || low < 0) {
                throw new IllegalArgumentException("not a PostgreSQL LSN: '" + text + "'");
            }
            return (high << 32) | low;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a PostgreSQL LSN: '" + text + "'", e);
        }
    }
}
