package dev.quadrangle.samples.data;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;

/**
 * A one-line console progress bar for the bulk load: overall percentage of the expected rows, the
 * current table and the rate. On a terminal it redraws in place at most every 200 ms; elsewhere (a log,
 * a CI console) it prints one line per finished table.
 *
 * <p>Not thread-safe: the loading thread drives it.
 */
public final class ProgressBar {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream out;
    private final boolean interactive;
    private final long expectedTotal;
    private final long startedNanos = System.nanoTime();
    private long done;
    private long lastDraw;
    private String table = "";

    /**
     * A progress bar.
     *
     * @param out where to print
     * @param interactive whether {@code out} is a terminal that understands carriage returns
     * @param expectedTotal the rows expected over all tables, more than 0
     */
    public ProgressBar(PrintStream out, boolean interactive, long expectedTotal) {
        this.out = Objects.requireNonNull(out, "out");
        this.interactive = interactive;
        if (expectedTotal <= 0) {
            throw new IllegalArgumentException("expectedTotal must be > 0, was " + expectedTotal);
        }
        this.expectedTotal = expectedTotal;
    }

    /**
     * A table starts.
     *
     * @param name the table
     */
    public void table(String name) {
        this.table = name;
    }

    /**
     * Rows were loaded.
     *
     * @param rows how many since the last call
     */
    public void advance(long rows) {
        done += rows;
        long now = System.nanoTime();
        if (interactive && now - lastDraw > REDRAW_NANOS) {
            lastDraw = now;
            out.print('\r' + render());
            out.flush();
        }
    }

    /**
     * A table finished.
     *
     * @param rows the table's rows
     */
    public void tableDone(long rows) {
        if (interactive) {
            out.print('\r' + render());
        } else {
            out.println(render() + String.format(Locale.ROOT, "  (%s: %,d rows)", table, rows));
        }
        out.flush();
    }

    /** The load finished: ends the line. */
    public void finish() {
        if (interactive) {
            table = "done";
            out.println('\r' + render());
        }
    }

    /** The bar as text, e.g. {@code [#########.....]  62%  answers  1,234,567 rows  310k rows/s}. */
    public String render() {
        double fraction = Math.min(1.0, (double) done / expectedTotal);
        int filled = (int) Math.round(fraction * WIDTH);
        double seconds = Math.max(1e-3, (System.nanoTime() - startedNanos) / 1e9);
        return String.format(Locale.ROOT, "  loading [%s%s] %3d%%  %-22s %,11d rows  %,6.0fk rows/s",
                "#".repeat(filled), ".".repeat(WIDTH - filled), (int) (fraction * 100), table, done,
                done / seconds / 1000);
    }

    /** The rows loaded so far. */
    public long done() {
        return done;
    }
}
