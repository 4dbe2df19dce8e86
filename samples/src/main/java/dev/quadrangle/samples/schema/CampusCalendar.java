package dev.quadrangle.samples.schema;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The campus's dates, all derived from one anchor instant ("now" of the generated data set): the
 * terms, the months kept for raw answers and interactions, and the years of audit logs.
 *
 * <p>Everything is computed in UTC, so a calendar is a pure function of its anchor. Immutable and
 * thread-safe.
 */
public final class CampusCalendar {
    /** How long raw interactions are kept (seed 002: "keep only 90 days of raw data"). */
    public static final Duration INTERACTION_RETENTION = Duration.ofDays(90);
    /**
     * How far back generated raw interactions reach: a month more than they are kept, so that the load is
     * followed by a retention run that has whole expired months to drop.
     */
    public static final Duration INTERACTION_HISTORY = Duration.ofDays(120);
    /** How far back generated answers reach. */
    public static final Duration ANSWER_HISTORY = Duration.ofDays(90);
    /** How far back generated audit logs reach (two years, so they span several yearly partitions). */
    public static final Duration AUDIT_HISTORY = Duration.ofDays(730);
    /** The id of the term before the current one. */
    public static final int PREVIOUS_TERM = 1;
    /** The id of the term the anchor falls in. */
    public static final int CURRENT_TERM = 2;
    /** The id of the next term, created ahead and still empty. */
    public static final int NEXT_TERM = 3;

    private static final int CURRENT_TERM_DAYS_BEFORE = 60;
    private static final int TERM_DAYS = 120;
    private static final int MONTHS_AHEAD = 2;

    private final Instant anchor;

    private CampusCalendar(Instant anchor) {
        this.anchor = anchor;
    }

    /**
     * A calendar around an anchor instant, truncated to whole seconds.
     *
     * @param anchor the data set's "now"; generated history lies before it
     * @return the calendar
     */
    public static CampusCalendar anchoredAt(Instant anchor) {
        return new CampusCalendar(Objects.requireNonNull(anchor, "anchor").truncatedTo(ChronoUnit.SECONDS));
    }

    /** The data set's "now". */
    public Instant anchor() {
        return anchor;
    }

    /** The anchor's date in UTC. */
    public LocalDate today() {
        return LocalDate.ofInstant(anchor, ZoneOffset.UTC);
    }

    /** The three terms: previous, current (holding the anchor) and next, in that order. */
    public List<Term> terms() {
        LocalDate currentStart = today().minusDays(CURRENT_TERM_DAYS_BEFORE);
        return List.of(
                term(PREVIOUS_TERM, currentStart.minusDays(TERM_DAYS), currentStart),
                term(CURRENT_TERM, currentStart, currentStart.plusDays(TERM_DAYS)),
                term(NEXT_TERM, currentStart.plusDays(TERM_DAYS), currentStart.plusDays(2L * TERM_DAYS)));
    }

    /**
     * One term by id.
     *
     * @param id {@link #PREVIOUS_TERM}, {@link #CURRENT_TERM} or {@link #NEXT_TERM}
     * @return the term
     * @throws IllegalArgumentException for another id
     */
    public Term term(int id) {
        return terms().stream().filter(t -> t.id() == id).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("term id must be 1, 2 or 3, was " + id));
    }

    /** The months that hold answers and interactions: from the oldest generated to two months ahead. */
    public List<YearMonth> rawDataMonths() {
        YearMonth first = YearMonth.from(today().minus(Math.max(ANSWER_HISTORY.toDays(),
                INTERACTION_HISTORY.toDays()), ChronoUnit.DAYS));
        YearMonth last = YearMonth.from(today()).plusMonths(MONTHS_AHEAD);
        List<YearMonth> months = new ArrayList<>();
        for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
            months.add(m);
        }
        return List.copyOf(months);
    }

    /** The years that hold audit logs: from two years back to the next year. */
    public List<Integer> auditYears() {
        int first = today().minusDays(AUDIT_HISTORY.toDays()).getYear();
        int last = today().getYear() + 1;
        return java.util.stream.IntStream.rangeClosed(first, last).boxed().toList();
    }

    private static Term term(int id, LocalDate start, LocalDate end) {
        int year = start.getMonthValue() >= 8 ? start.getYear() : start.getYear() - 1;
        String academicYear = year + "/" + String.format("%02d", (year + 1) % 100);
        return new Term(id, "Term " + id + " " + academicYear, academicYear, start, end);
    }

    /**
     * One academic term.
     *
     * @param id the term id
     * @param name a display name
     * @param academicYear e.g. {@code "2026/27"}
     * @param startsOn first day (inclusive)
     * @param endsOn last day (exclusive)
     */
    public record Term(int id, String name, String academicYear, LocalDate startsOn, LocalDate endsOn) {
        /** The term's start as an instant (midnight UTC). */
        public Instant start() {
            return startsOn.atStartOfDay(ZoneOffset.UTC).toInstant();
        }

        /** The term's end as an instant (midnight UTC, exclusive). */
        public Instant end() {
            return endsOn.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
    }
}
