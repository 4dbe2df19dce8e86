package dev.quadrangle.core.repository;

import java.util.List;
import java.util.Optional;
import org.jooq.Record;

/**
 * One page of a keyset query.
 *
 * @param rows the rows, at most the requested limit
 * @param nextAfter the sort key of the last row when the page is full (pass it to
 *     {@link PageRequest#after}), empty on the last page
 */
public record KeysetPage(List<Record> rows, Optional<List<Object>> nextAfter) {
    /** Copies the rows. */
    public KeysetPage {
        rows = List.copyOf(rows);
    }
}
