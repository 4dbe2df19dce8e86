package dev.quadrangle.samples.ops;

import java.util.List;

/**
 * One page of a grade book.
 *
 * @param rows the rows, in (student, activity) order
 * @param next the cursor for the next page, or {@code null} when this page was the last
 */
public record GradeBookPage(List<GradeRow> rows, GradeBookCursor next) {
    /** Copies the rows. */
    public GradeBookPage {
        rows = List.copyOf(rows);
    }
}
