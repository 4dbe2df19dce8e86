package dev.quadrangle.core.partition;

import dev.quadrangle.core.internal.Identifiers;
import java.util.Objects;
import java.util.Optional;

/**
 * One level of partitioning: RANGE by time ({@link TimeInterval}) or by academic terms, LIST by a key
 * with partitions created on demand for new values, or HASH by a key with a fixed modulus.
 *
 * <p>Immutable and thread-safe.
 */
public final class PartitionLevel {
    /** The largest hash modulus accepted. */
    public static final int MAX_MODULUS = 1024;

    /** How a level splits rows. */
    public enum Strategy {
        /** Half-open ranges of a date or timestamp key. */
        RANGE,
        /** One partition per key value. */
        LIST,
        /** {@code MODULUS n, REMAINDER r} of the key's hash. */
        HASH
    }

    private final Strategy strategy;
    private final String column;
    private final TimeInterval interval;
    private final AcademicCalendar calendar;
    private final int modulus;

    private PartitionLevel(Strategy strategy, String column, TimeInterval interval, AcademicCalendar calendar, int modulus) {
        this.strategy = strategy;
        this.column = Identifiers.check("partition key column", column);
        this.interval = interval;
        this.calendar = calendar;
        this.modulus = modulus;
    }

    /**
     * RANGE by a date or timestamp column, one partition per interval.
     *
     * @param column the key column
     * @param interval the partition width
     * @return the level
     */
    public static PartitionLevel range(String column, TimeInterval interval) {
        return new PartitionLevel(Strategy.RANGE, column, Objects.requireNonNull(interval, "interval"), null, 0);
    }

    /**
     * RANGE by a date or timestamp column, one partition per academic term.
     *
     * @param column the key column
     * @param calendar the terms
     * @return the level
     */
    public static PartitionLevel terms(String column, AcademicCalendar calendar) {
        return new PartitionLevel(Strategy.RANGE, column, null, Objects.requireNonNull(calendar, "calendar"), 0);
    }

    /**
     * LIST by a key, one partition per value, created on demand.
     *
     * @param column the key column
     * @return the level
     */
    public static PartitionLevel list(String column) {
        return new PartitionLevel(Strategy.LIST, column, null, null, 0);
    }

    /**
     * HASH by a key.
     *
     * @param column the key column
     * @param modulus the number of partitions, 2 to {@value #MAX_MODULUS}
     * @return the level
     * @throws IllegalArgumentException when the modulus is out of range
     */
    public static PartitionLevel hash(String column, int modulus) {
        if (modulus < 2 || modulus > MAX_MODULUS) {
            throw new IllegalArgumentException("hash modulus must be between 2 and " + MAX_MODULUS + ", was " + modulus);
        }
        return new PartitionLevel(Strategy.HASH, column, null, null, modulus);
    }

    /** The strategy. */
    public Strategy strategy() {
        return strategy;
    }

    /** The partition key column. */
    public String column() {
        return column;
    }

    /** The time interval of a time RANGE level. */
    public Optional<TimeInterval> interval() {
        return Optional.ofNullable(interval);
    }

    /** The calendar of a term RANGE level. */
    public Optional<AcademicCalendar> calendar() {
        return Optional.ofNullable(calendar);
    }

    /** The modulus of a HASH level, 0 for other strategies. */
    public int modulus() {
        return modulus;
    }

    /** The longest partition name suffix this level adds, in bytes. */
    int maxSuffixBytes() {
        switch (strategy) {
            case RANGE:
                return interval != null ? interval.suffixLength() : 3 + AcademicCalendar.MAX_TERM_NAME_BYTES;
            case LIST:
                return 3 + PartitionNames.MAX_LIST_SUFFIX_BYTES;
            default:
                return 2 + String.valueOf(modulus - 1).length();
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PartitionLevel)) {
            return false;
        }
        PartitionLevel other = (PartitionLevel) o;
        return strategy == other.strategy && column.equals(other.column) && interval == other.interval
                && Objects.equals(calendar, other.calendar) && modulus == other.modulus;
    }

    @Override
    public int hashCode() {
        return Objects.hash(strategy, column, interval, calendar, modulus);
    }

    @Override
    public String toString() {
        switch (strategy) {
            case RANGE:
                return "RANGE(" + column + ") by " + (interval != null ? interval.name().toLowerCase(java.util.Locale.ROOT)
                        : "term of " + calendar.terms().size() + " terms");
            case LIST:
                return "LIST(" + column + ")";
            default:
                return "HASH(" + column + ") modulus " + modulus;
        }
    }
}
