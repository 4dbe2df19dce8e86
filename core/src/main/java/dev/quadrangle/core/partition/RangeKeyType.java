package dev.quadrangle.core.partition;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The SQL type of a RANGE partition key column, which decides how partition bounds are written. */
public enum RangeKeyType {
    /** {@code date}: bounds are dates. */
    DATE,
    /** {@code timestamp} (without time zone): bounds are midnight local times. */
    TIMESTAMP,
    /** {@code timestamptz}: bounds are midnight in the spec's zone, with the zone's offset. */
    TIMESTAMPTZ;

    private static final DateTimeFormatter WITH_OFFSET = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssxxx", Locale.ROOT);

    /**
     * The bound literal of a day for this key type, e.g. {@code 2026-11-01 00:00:00+00:00}.
     *
     * @param day the day
     * @param zone the spec's zone
     * @return the text PostgreSQL reads as a value of the key type
     */
    public String literal(LocalDate day, ZoneId zone) {
        switch (this) {
            case DATE:
                return day.toString();
            case TIMESTAMP:
                return day + " 00:00:00";
            default:
                return WITH_OFFSET.format(day.atStartOfDay(zone));
        }
    }
}
