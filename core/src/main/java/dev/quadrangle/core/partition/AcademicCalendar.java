package dev.quadrangle.core.partition;

import dev.quadrangle.core.internal.Identifiers;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An academic calendar of named terms with explicit dates, for range partitions that follow terms
 * rather than calendar months (one partition per term). Terms must not overlap; gaps are allowed (a row
 * dated in a gap goes to the DEFAULT partition, or is rejected when there is none).
 *
 * <!-- snippet: consumers/plain/src/test/java/dev/quadrangle/examples/JavadocExamples.java#academic-calendar -->
 * <pre>{@code
 * AcademicCalendar calendar = AcademicCalendar.builder()
 *         .term("2026_fall", LocalDate.of(2026, 8, 15), LocalDate.of(2027, 1, 1))
 *         .term("2027_spring", LocalDate.of(2027, 1, 1), LocalDate.of(2027, 6, 15))
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class AcademicCalendar {
    /** The longest term name, in bytes, so that partition names stay within 63 bytes. */
    public static final int MAX_TERM_NAME_BYTES = 20;

    private final List<Term> terms;

    private AcademicCalendar(List<Term> terms) {
        this.terms = List.copyOf(terms);
    }

    /**
     * Starts a calendar.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The terms, ordered by start date. */
    public List<Term> terms() {
        return terms;
    }

    /**
     * The term that contains a date.
     *
     * @param date a date
     * @return the term whose {@code [start, end)} contains it, or empty when the date falls in a gap
     */
    public Optional<Term> termOf(LocalDate date) {
        return terms.stream().filter(t -> !date.isBefore(t.start()) && date.isBefore(t.end())).findFirst();
    }

    /**
     * The term with a name.
     *
     * @param name a term name
     * @return the term, or empty
     */
    public Optional<Term> term(String name) {
        return terms.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AcademicCalendar && ((AcademicCalendar) o).terms.equals(terms);
    }

    @Override
    public int hashCode() {
        return terms.hashCode();
    }

    @Override
    public String toString() {
        return "AcademicCalendar" + terms;
    }

    /**
     * One term: a name (used in the partition name) and the half-open date range {@code [start, end)}.
     *
     * @param name lowercase letters, digits and '_', at most {@value #MAX_TERM_NAME_BYTES} bytes
     * @param start the first day of the term
     * @param end the first day after the term
     */
    public record Term(String name, LocalDate start, LocalDate end) {
        /**
         * Validates the term.
         *
         * @throws IllegalArgumentException when the name is unsafe or too long, or end is not after start
         */
        public Term {
            Identifiers.check("term", name);
            if (name.length() > MAX_TERM_NAME_BYTES) {
                throw new IllegalArgumentException("term name '" + name + "' is " + name.length()
                        + " bytes; at most " + MAX_TERM_NAME_BYTES + " allowed");
            }
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            if (!end.isAfter(start)) {
                throw new IllegalArgumentException("term '" + name + "' must end after it starts, was ["
                        + start + ", " + end + ")");
            }
        }
    }

    /** Collects terms; {@link #build()} rejects overlaps and duplicate names. Not thread-safe. */
    public static final class Builder {
        private final List<Term> terms = new ArrayList<>();

        private Builder() {
        }

        /**
         * Adds a term.
         *
         * @param name the term name, e.g. {@code 2026_fall}
         * @param start the first day
         * @param end the first day after the term
         * @return this builder
         * @throws IllegalArgumentException when the term itself is invalid
         */
        public Builder term(String name, LocalDate start, LocalDate end) {
            terms.add(new Term(name, start, end));
            return this;
        }

        /**
         * Builds the calendar.
         *
         * @return the calendar
         * @throws IllegalStateException when it has no terms, two terms overlap or share a name
         */
        public AcademicCalendar build() {
            if (terms.isEmpty()) {
                throw new IllegalStateException("an academic calendar needs at least one term");
            }
            List<Term> sorted = new ArrayList<>(terms);
            sorted.sort(Comparator.comparing(Term::start));
            for (int i = 1; i < sorted.size(); i++) {
                Term previous = sorted.get(i - 1);
                Term current = sorted.get(i);
                if (current.start().isBefore(previous.end())) {
                    throw new IllegalStateException("terms '" + previous.name() + "' [" + previous.start() + ", "
                            + previous.end() + ") and '" + current.name() + "' [" + current.start() + ", "
                            + current.end() + ") overlap");
                }
            }
            long distinct = sorted.stream().map(Term::name).distinct().count();
            if (distinct != sorted.size()) {
                throw new IllegalStateException("term names must be unique, were " + sorted.stream().map(Term::name).toList());
            }
            return new AcademicCalendar(sorted);
        }
    }
}
