package dev.quadrangle.core.partition;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A first-level RANGE partition of a spec: its name and its half-open date range {@code [from, to)}
 * (midnight in the spec's zone).
 *
 * @param name the partition's table name
 * @param from the first day it holds
 * @param to the first day it no longer holds
 */
public record PartitionRange(String name, LocalDate from, LocalDate to) {
    /** Validates the range. */
    public PartitionRange {
        Objects.requireNonNull(name, "name");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("partition range " + name + " must end after it starts, was [" + from + ", " + to + ")");
        }
    }
}
