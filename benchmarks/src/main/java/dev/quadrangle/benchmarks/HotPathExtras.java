package dev.quadrangle.benchmarks;

import dev.quadrangle.samples.data.CampusScale;
import dev.quadrangle.samples.schema.CampusCalendar;
import dev.quadrangle.samples.schema.PartitionLayout;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link HotPathBenchmark} needs beyond the samples' generated campus, as SQL run after the load:
 *
 * <ul>
 *   <li>{@value #HISTORY_TERMS} archived terms before the generated ones (two academic years), each with
 *       the class's 12 activities (small archived content) and about 95 % of the grades, generated
 *       deterministically in the database: the generator's two terms hold 830,000 grades at 50 schools, the
 *       seeds speak of millions;</li>
 *   <li>{@code audit_logs_unindexed}: an unpartitioned copy of {@code audit_logs} with the primary key only,
 *       as seed 004's table is before the change that adds its {@code (user_id, timestamp)} index and
 *       partitions: the "before" of the audit log pair;</li>
 *   <li>{@code audit_logs_flat}: an unpartitioned copy with the same primary key and the same
 *       {@code (user_id, logged_at DESC)} index as the partitions, to show what partitioning alone changes;</li>
 *   <li>{@code answers_ingest}: an empty table shaped like {@code answers} (monthly partitions, same
 *       index), which the answer ingest pair writes to and empties, so the data set is never changed.</li>
 * </ul>
 *
 * <p>Stateless; thread-safe.
 */
final class HotPathExtras {
    /** Archived terms added before the generated ones. */
    static final int HISTORY_TERMS = 6;
    /** The id of the most recent archived term; older ones count up from it. */
    static final int FIRST_HISTORY_TERM_ID = 11;
    /** Days in one term, as in the samples' calendar. */
    static final int TERM_DAYS = 120;

    private HotPathExtras() {
    }

    /**
     * The id of an archived term.
     *
     * @param age 1 for the term before the samples' previous term, up to {@value #HISTORY_TERMS}
     * @return the term id
     */
    static int historyTermId(int age) {
        return FIRST_HISTORY_TERM_ID + age - 1;
    }

    /**
     * Every statement, in order.
     *
     * @param calendar the campus calendar
     * @param scale the campus scale
     * @return the statements
     */
    static List<String> statements(CampusCalendar calendar, CampusScale scale) {
        List<String> sql = new ArrayList<>();
        LocalDate previousStart = calendar.term(CampusCalendar.PREVIOUS_TERM).startsOn();
        for (int age = 1; age <= HISTORY_TERMS; age++) {
            sql.addAll(historyTerm(age, previousStart, scale));
        }
        sql.addAll(flatAuditLog());
        sql.addAll(answerIngestTable(calendar));
        return List.copyOf(sql);
    }

    private static List<String> historyTerm(int age, LocalDate previousStart, CampusScale scale) {
        int termId = historyTermId(age);
        LocalDate start = previousStart.minusDays((long) TERM_DAYS * age);
        int year = start.getMonthValue() >= 8 ? start.getYear() : start.getYear() - 1;
        String academicYear = year + "/" + String.format("%02d", (year + 1) % 100);
        String shift = "interval '" + TERM_DAYS * age + " days'";
        List<String> sql = new ArrayList<>();
        sql.add("INSERT INTO terms (id, name, academic_year, starts_on, ends_on) VALUES (" + termId + ", 'Term " + termId
                + " " + academicYear + "', '" + academicYear + "', DATE '" + start + "', DATE '"
                + start.plusDays(TERM_DAYS) + "')");
        String termTable = PartitionLayout.gradeTermPartition(termId);
        String from = start.atStartOfDay(ZoneOffset.UTC).toOffsetDateTime().toString();
        String to = start.plusDays(TERM_DAYS).atStartOfDay(ZoneOffset.UTC).toOffsetDateTime().toString();
        sql.add("CREATE TABLE " + termTable + " PARTITION OF activity_grades FOR VALUES FROM ('" + from + "') TO ('" + to
                + "') PARTITION BY HASH (class_id)");
        for (int r = 0; r < PartitionLayout.GRADE_CLASS_BUCKETS; r++) {
            sql.add("CREATE TABLE " + termTable + "_h" + r + " PARTITION OF " + termTable + " FOR VALUES WITH (MODULUS "
                    + PartitionLayout.GRADE_CLASS_BUCKETS + ", REMAINDER " + r + ")");
        }
        // the previous term's 12 activities per class, moved back by whole terms, with new ids after the generated ones
        int perClass = CampusScale.ACTIVITIES_PER_CLASS_PER_TERM;
        long idBase = scale.activities() + (long) (age - 1) * scale.classes() * perClass;
        sql.add("INSERT INTO activities (id, class_id, term_id, subject_id, title, purpose, status, is_gradable, max_score,"
                + " passing_score, due_at, created_at, content)"
                + " SELECT " + idBase + " + (a.class_id - 1) * " + perClass + " + (a.id - 1) % "
                + (perClass * CampusScale.TERMS_WITH_ACTIVITIES) + " + 1, a.class_id, " + termId + ", a.subject_id,"
                + " a.title, a.purpose, 'ARCHIVED', a.is_gradable, a.max_score, a.passing_score, a.due_at - " + shift + ","
                + " a.created_at - " + shift + ", jsonb_build_object('archived', true, 'copyOf', a.id)"
                + " FROM activities a WHERE a.term_id = " + CampusCalendar.PREVIOUS_TERM + " ORDER BY a.id");
        // about 95 % handed in and graded, deterministic in the ids
        sql.add("INSERT INTO activity_grades (term_id, class_id, student_id, activity_id, score, points, status, feedback,"
                + " submitted_at, graded_at, graded_by_id, created_at, updated_at)"
                + " SELECT " + termId + ", st.class_id, st.user_id, a.id, g.score, round(g.score), 'GRADED', NULL,"
                + " g.handed_in, a.due_at + interval '2 days', st.class_id, g.handed_in, a.due_at + interval '2 days'"
                + " FROM students st JOIN activities a ON a.class_id = st.class_id AND a.term_id = " + termId
                + " CROSS JOIN LATERAL (SELECT 40 + ((st.user_id * 31 + a.id * 17) % 601) / 10.0 AS score,"
                // handed in up to five days before the due date, and within the term, whose range holds the grade
                + " least(a.due_at - ((st.user_id + a.id) % 7200) * interval '1 minute',"
                + " timestamptz '" + to + "' - interval '1 minute') AS handed_in) g"
                + " WHERE (st.user_id * 7919 + a.id * 104729) % 100 < 95"
                + " ORDER BY st.user_id, a.id");
        return sql;
    }

    private static List<String> flatAuditLog() {
        return List.of(
                "CREATE TABLE audit_logs_flat (LIKE audit_logs INCLUDING DEFAULTS INCLUDING CONSTRAINTS)",
                "INSERT INTO audit_logs_flat SELECT * FROM audit_logs ORDER BY id",
                "ALTER TABLE audit_logs_flat ADD PRIMARY KEY (id, logged_at)",
                "CREATE INDEX audit_logs_flat_user_time_idx ON audit_logs_flat (user_id, logged_at DESC)",
                // the table as seed 004 has it before its fixes: no (user_id, timestamp) index, no partitions
                "CREATE TABLE audit_logs_unindexed (LIKE audit_logs INCLUDING DEFAULTS INCLUDING CONSTRAINTS)",
                "INSERT INTO audit_logs_unindexed SELECT * FROM audit_logs ORDER BY id",
                "ALTER TABLE audit_logs_unindexed ADD PRIMARY KEY (id, logged_at)");
    }

    private static List<String> answerIngestTable(CampusCalendar calendar) {
        List<String> sql = new ArrayList<>();
        sql.add("CREATE SEQUENCE answers_ingest_id_seq");
        sql.add("CREATE TABLE answers_ingest (id bigint NOT NULL DEFAULT nextval('answers_ingest_id_seq'),"
                + " student_id bigint NOT NULL, question_id bigint NOT NULL, selected_option smallint NOT NULL,"
                + " is_correct boolean NOT NULL, time_taken_ms integer NOT NULL, answered_at timestamptz NOT NULL,"
                + " PRIMARY KEY (id, answered_at)) PARTITION BY RANGE (answered_at)");
        for (YearMonth month : calendar.rawDataMonths()) {
            sql.add("CREATE TABLE " + PartitionLayout.monthPartition("answers_ingest", month)
                    + " PARTITION OF answers_ingest FOR VALUES FROM ('"
                    + month.atDay(1).atStartOfDay(ZoneOffset.UTC).toOffsetDateTime() + "') TO ('"
                    + month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toOffsetDateTime() + "')");
        }
        sql.add("CREATE INDEX answers_ingest_student_time_idx ON answers_ingest (student_id, answered_at DESC)");
        return sql;
    }
}
