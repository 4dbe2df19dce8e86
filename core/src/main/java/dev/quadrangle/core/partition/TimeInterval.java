package dev.quadrangle.core.partition;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/**
 * The width of a time-range partition. Periods start at midnight in the spec's zone; weeks start on
 * Monday (ISO weeks).
 *
 * <p>Each interval names its partitions with a fixed-width suffix: {@code _p20261122} (day),
 * {@code _p2026w47} (week), {@code _p202611} (month), {@code _p2026} (year).
 */
public enum TimeInterval {
    /** One partition per calendar day. */
    DAY("'_p'yyyyMMdd"),
    /** One partition per ISO week (Monday to Sunday). */
    WEEK("'_p'YYYY'w'ww"),
    /** One partition per calendar month. */
    MONTH("'_p'yyyyMM"),
    /** One partition per calendar year. */
    YEAR("'_p'yyyy");

    private final DateTimeFormatter suffix;

    TimeInterval(String pattern) {
        this.suffix = DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
    }

    /**
     * The first day of the period that contains a date.
     *
     * @param date any date
     * @return the period's first day
     */
    public LocalDate floor(LocalDate date) {
        switch (this) {
            case DAY:
                return date;
            case WEEK:
                return date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH:
                return date.withDayOfMonth(1);
            default:
                return date.withDayOfYear(1);
        }
    }

    /**
     * The first day of the period after the one starting at {@code start}.
     *
     * @param start a period's first day
     * @return the next period's first day
     */
    public LocalDate next(LocalDate start) {
        switch (this) {
            case DAY:
                return start.plusDays(1);
            case WEEK:
                return start.plusWeeks(1);
            case MONTH:
                return start.plusMonths(1);
            default:
                return start.plusYears(1);
        }
    }

    /**
     * The partition name suffix of the period starting at {@code start}, e.g. {@code _p202611}.
     *
     * @param start a period's first day
     * @return the suffix
     */
    public String suffix(LocalDate start) {
        if (this == WEEK) {
            return String.format(Locale.ROOT, "_p%04dw%02d", start.get(IsoFields.WEEK_BASED_YEAR),
                    start.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        }
        return suffix.format(start);
    }

    /** The length in bytes of every suffix of this interval. */
    int suffixLength() {
        return suffix(LocalDate.of(2026, 1, 5)).length();
    }
}
