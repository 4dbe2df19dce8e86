package dev.quadrangle.samples.data;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One row in PostgreSQL's COPY text format, built field by field: tab separated, {@code \N} for null,
 * backslash, tab, newline and carriage return escaped. Reused for every row of a table.
 *
 * <p>Not thread-safe.
 */
public final class CopyLine {
    private final StringBuilder line = new StringBuilder(256);

    /** Clears the line for the next row. */
    public CopyLine reset() {
        line.setLength(0);
        return this;
    }

    /**
     * Appends a number.
     *
     * @param value the value
     * @return this line
     */
    public CopyLine add(long value) {
        separate();
        line.append(value);
        return this;
    }

    /**
     * Appends a floating-point number.
     *
     * @param value a finite value
     * @return this line
     */
    public CopyLine add(double value) {
        separate();
        line.append(value);
        return this;
    }

    /**
     * Appends a boolean.
     *
     * @param value the value
     * @return this line
     */
    public CopyLine add(boolean value) {
        separate();
        line.append(value ? 't' : 'f');
        return this;
    }

    /**
     * Appends a timestamp in ISO-8601 (UTC), or null.
     *
     * @param value the instant, may be {@code null}
     * @return this line
     */
    public CopyLine add(Instant value) {
        return value == null ? addNull() : addRaw(value.toString());
    }

    /**
     * Appends a date, or null.
     *
     * @param value the date, may be {@code null}
     * @return this line
     */
    public CopyLine add(LocalDate value) {
        return value == null ? addNull() : addRaw(value.toString());
    }

    /**
     * Appends text (escaped), or null.
     *
     * @param value the text, may be {@code null}
     * @return this line
     */
    public CopyLine add(CharSequence value) {
        if (value == null) {
            return addNull();
        }
        separate();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\': line.append("\\\\"); break;
                case '\t': line.append("\\t"); break;
                case '\n': line.append("\\n"); break;
                case '\r': line.append("\\r"); break;
                default: line.append(c);
            }
        }
        return this;
    }

    /** Appends a SQL null. */
    public CopyLine addNull() {
        return addRaw("\\N");
    }

    private CopyLine addRaw(String text) {
        separate();
        line.append(text);
        return this;
    }

    private void separate() {
        if (line.length() > 0) {
            line.append('\t');
        }
    }

    /** The row so far, without the trailing newline. */
    public CharSequence text() {
        return line;
    }

    @Override
    public String toString() {
        return line.toString();
    }
}
