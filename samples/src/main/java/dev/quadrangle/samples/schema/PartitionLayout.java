package dev.quadrangle.samples.schema;

import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The partitions the seeds ask for, as plain PostgreSQL DDL derived from a {@link CampusCalendar}:
 * grades by term (a range of {@code created_at}) then by hash of class, answers and interactions by month,
 * audit logs by year.
 *
 * <p>The demo creates its partitions through core's partition manager ({@link CampusPartitions}); this
 * plain-DDL layout stays for callers that want the same tables without the manager (no retention, no
 * catalog). Names are built from numbers only, never from input text. Immutable and thread-safe.
 */
public final class PartitionLayout {
    /** Hash partitions of each term's grades, by class. */
    public static final int GRADE_CLASS_BUCKETS = 8;

    private final CampusCalendar calendar;

    /**
     * A layout for a calendar.
     *
     * @param calendar the campus calendar
     */
    public PartitionLayout(CampusCalendar calendar) {
        this.calendar = Objects.requireNonNull(calendar, "calendar");
    }

    /** Every {@code CREATE TABLE ... PARTITION OF} statement, parents before children. */
    public List<String> statements() {
        List<String> ddl = new ArrayList<>();
        for (CampusCalendar.Term term : calendar.terms()) {
            String termTable = gradeTermPartition(term.id());
            ddl.add("CREATE TABLE " + termTable + " PARTITION OF activity_grades FOR VALUES FROM ('"
                    + term.start().atOffset(ZoneOffset.UTC) + "') TO ('" + term.end().atOffset(ZoneOffset.UTC)
                    + "') PARTITION BY HASH (class_id)");
            for (int r = 0; r < GRADE_CLASS_BUCKETS; r++) {
                ddl.add("CREATE TABLE " + termTable + "_h" + r + " PARTITION OF " + termTable
                        + " FOR VALUES WITH (MODULUS " + GRADE_CLASS_BUCKETS + ", REMAINDER " + r + ")");
            }
        }
        for (YearMonth month : calendar.rawDataMonths()) {
            ddl.add(monthly("answers", month));
            ddl.add(monthly("user_interactions", month));
        }
        for (int year : calendar.auditYears()) {
            ddl.add("CREATE TABLE " + auditPartition(year) + " PARTITION OF audit_logs FOR VALUES FROM ('"
                    + year + "-01-01 00:00:00+00') TO ('" + (year + 1) + "-01-01 00:00:00+00')");
        }
        return List.copyOf(ddl);
    }

    /**
     * The name of a term's grade partition.
     *
     * @param termId the term id
     * @return e.g. {@code activity_grades_t2}
     */
    public static String gradeTermPartition(int termId) {
        return "activity_grades_t" + termId;
    }

    /**
     * The name of a monthly partition.
     *
     * @param table {@code answers} or {@code user_interactions}
     * @param month the month
     * @return e.g. {@code answers_y2026m11}
     */
    public static String monthPartition(String table, YearMonth month) {
        return table + "_y" + month.getYear() + "m" + String.format("%02d", month.getMonthValue());
    }

    /**
     * The name of a yearly audit log partition.
     *
     * @param year the year
     * @return e.g. {@code audit_logs_y2026}
     */
    public static String auditPartition(int year) {
        return "audit_logs_y" + year;
    }

    private static String monthly(String table, YearMonth month) {
        return "CREATE TABLE " + monthPartition(table, month) + " PARTITION OF " + table + " FOR VALUES FROM ('"
                + month.atDay(1).atStartOfDay(ZoneOffset.UTC).toOffsetDateTime() + "') TO ('"
                + month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toOffsetDateTime() + "')";
    }
}
