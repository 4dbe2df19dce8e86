package dev.quadrangle.samples.schema;

import dev.quadrangle.core.partition.AcademicCalendar;
import dev.quadrangle.core.partition.EnsureResult;
import dev.quadrangle.core.partition.PartitionLevel;
import dev.quadrangle.core.partition.PartitionManager;
import dev.quadrangle.core.partition.PartitionRange;
import dev.quadrangle.core.partition.PartitionSpec;
import dev.quadrangle.core.partition.Retention;
import dev.quadrangle.core.partition.RetentionResult;
import dev.quadrangle.core.partition.TimeInterval;
import dev.quadrangle.spi.ContentStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import javax.sql.DataSource;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The campus's partitioned tables as core {@link PartitionSpec}s, and their maintenance through core's
 * {@link PartitionManager}: grades by academic term (an {@link AcademicCalendar} of named terms) then by
 * hash of class (on Citus: distributed by class, {@link #GRADE_SHARDS} shards, one term partition per shard); answers and raw interactions by month, interactions kept 90 days; audit logs by year,
 * years older than {@link #AUDIT_KEEP} exported to a content store (S3) under {@link #AUDIT_ARCHIVE_PREFIX} when one is
 * given, or else moved to the {@link #ARCHIVE_SCHEMA} schema.
 *
 * <p>The parent tables come from {@code campus-tables.sql}; the manager creates every partition. The
 * generated history reaches back before "now", which a manager creates partitions for only as far as
 * {@code premake} reaches from its clock: {@link #ensure} therefore runs each spec once with the clock
 * at the oldest generated day (as if the application had been running since), then with the clock at
 * the calendar's anchor, which fills the gap up to now and creates the partitions ahead.
 *
 * <p>Immutable and thread-safe.
 */
public final class CampusPartitions {
    /** Hash partitions of each term's grades, by class. */
    public static final int GRADE_CLASS_BUCKETS = PartitionLayout.GRADE_CLASS_BUCKETS;
    /** Shards of the grades on Citus, where they take the place of the hash partitions by class. */
    public static final int GRADE_SHARDS = 32;
    /**
     * The small tables every school and class shares, which the grade book and the activity lists join: on Citus
     * they become reference tables (a copy on every node), in this order (a reference table's foreign keys may
     * point only at reference tables).
     */
    public static final List<String> REFERENCE_TABLES = List.of("schools", "terms", "subjects", "users");
    /** How long raw interactions stay (seed 002: "keep only 90 days of raw data"); older months are dropped. */
    public static final Period INTERACTION_KEEP = Period.ofDays(90);
    /** How long audit log years stay attached; older years move to the archive schema. */
    public static final Period AUDIT_KEEP = Period.ofYears(1);
    /** Where retention moves expired audit log partitions (still queryable there, by name). */
    public static final String ARCHIVE_SCHEMA = "campus_archive";

    /** {@code answers}, by month; the sample writes ids itself (allocated from {@code answers_id_seq}). */
    public static final PartitionSpec ANSWERS = PartitionSpec.builder("answers")
            .column("id", SQLDataType.BIGINT.notNull())
            .column("student_id", SQLDataType.BIGINT.notNull())
            .column("question_id", SQLDataType.BIGINT.notNull())
            .column("selected_option", SQLDataType.SMALLINT.notNull())
            .column("is_correct", SQLDataType.BOOLEAN.notNull())
            .column("time_taken_ms", SQLDataType.INTEGER.notNull())
            .column("answered_at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
            .primaryKey("id", "answered_at")
            .partitionBy(PartitionLevel.range("answered_at", TimeInterval.MONTH))
            .premake(2)
            .build();

    /** {@code user_interactions}, by month, 90 days kept; the id comes from the table's default. */
    public static final PartitionSpec USER_INTERACTIONS = PartitionSpec.builder("user_interactions")
            .column("user_id", SQLDataType.BIGINT.notNull())
            .column("interaction_type", SQLDataType.CLOB.notNull())
            .column("activity_id", SQLDataType.BIGINT)
            .column("question_id", SQLDataType.BIGINT)
            .column("created_at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
            .column("metadata", SQLDataType.JSONB)
            .partitionBy(PartitionLevel.range("created_at", TimeInterval.MONTH))
            .premake(2)
            .retention(Retention.drop(INTERACTION_KEEP))
            .build();

    /** Where retention exports expired audit log years when the campus has an archive store. */
    public static final String AUDIT_ARCHIVE_PREFIX = "campus-archive";

    /** {@code audit_logs}, by year, moved to the {@link #ARCHIVE_SCHEMA} schema after {@link #AUDIT_KEEP}. */
    public static final PartitionSpec AUDIT_LOGS = auditLogs(Retention.archiveToSchema(AUDIT_KEEP, ARCHIVE_SCHEMA));

    /** {@code audit_logs}, by year, exported under {@link #AUDIT_ARCHIVE_PREFIX} after {@link #AUDIT_KEEP}. */
    public static final PartitionSpec AUDIT_LOGS_TO_STORE = auditLogs(Retention.export(AUDIT_KEEP, AUDIT_ARCHIVE_PREFIX));

    private static PartitionSpec auditLogs(Retention retention) {
        return PartitionSpec.builder("audit_logs")
                .column("id", SQLDataType.BIGINT.notNull())
                .column("user_id", SQLDataType.BIGINT.notNull())
                .column("action", SQLDataType.CLOB.notNull())
                .column("entity_type", SQLDataType.CLOB.notNull())
                .column("entity_id", SQLDataType.BIGINT)
                .column("logged_at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
                .column("details", SQLDataType.JSONB)
                .primaryKey("id", "logged_at")
                .partitionBy(PartitionLevel.range("logged_at", TimeInterval.YEAR))
                .premake(1)
                .retention(retention)
                .build();
    }

    private static final DateTimeFormatter TERM_NAME = DateTimeFormatter.ofPattern("'term_'yyyyMMdd");

    private final CampusCalendar calendar;
    private final PartitionSpec grades;
    private final ContentStore archive;
    private final PartitionSpec auditLogs;

    /**
     * The partitions of a campus calendar, expired audit log years moved to the {@link #ARCHIVE_SCHEMA} schema.
     *
     * @param calendar the calendar the data is anchored in
     */
    public CampusPartitions(CampusCalendar calendar) {
        this(calendar, null);
    }

    /**
     * The partitions of a campus calendar, expired audit log years exported to a content store (S3 in the demo),
     * verified, then dropped; {@link #restoreAuditLogs} brings one back.
     *
     * @param calendar the calendar the data is anchored in
     * @param archive the store of the exported years (the host's, never closed here), or {@code null} for the
     *     archive schema
     */
    public CampusPartitions(CampusCalendar calendar, ContentStore archive) {
        this.calendar = Objects.requireNonNull(calendar, "calendar");
        this.grades = grades(calendar.terms());
        this.archive = archive;
        this.auditLogs = archive == null ? AUDIT_LOGS : AUDIT_LOGS_TO_STORE;
    }

    /**
     * The {@code activity_grades} spec for a list of terms: RANGE of {@code created_at} by term, then HASH
     * of {@code class_id} into {@value #GRADE_CLASS_BUCKETS}; one term created ahead. On a database with the
     * {@code citus} extension the same spec is distributed by {@code class_id} into {@value #GRADE_SHARDS} shards,
     * which take the place of the HASH level.
     *
     * @param terms the campus's terms (from a {@link CampusCalendar} or read back from the {@code terms} table)
     * @return the spec
     * @throws IllegalStateException when terms overlap
     */
    public static PartitionSpec grades(List<CampusCalendar.Term> terms) {
        return PartitionSpec.builder("activity_grades")
                .column("term_id", SQLDataType.INTEGER.notNull())
                .column("class_id", SQLDataType.BIGINT.notNull())
                .column("student_id", SQLDataType.BIGINT.notNull())
                .column("activity_id", SQLDataType.BIGINT.notNull())
                .column("score", SQLDataType.DOUBLE)
                .column("points", SQLDataType.INTEGER)
                .column("status", SQLDataType.CLOB.notNull())
                .column("feedback", SQLDataType.CLOB)
                .column("submitted_at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
                .column("graded_at", SQLDataType.TIMESTAMPWITHTIMEZONE)
                .column("graded_by_id", SQLDataType.BIGINT)
                .column("created_at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
                .column("updated_at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
                .primaryKey("class_id", "student_id", "activity_id", "created_at")
                .partitionBy(PartitionLevel.terms("created_at", academicCalendar(terms)))
                .subpartitionBy(PartitionLevel.hash("class_id", GRADE_CLASS_BUCKETS))
                .distributedBy("class_id", GRADE_SHARDS)
                .premake(1)
                .build();
    }

    /**
     * The campus terms as core's academic calendar, each named after its first day.
     *
     * @param terms the terms
     * @return the calendar
     * @throws IllegalStateException when terms overlap or the list is empty
     */
    public static AcademicCalendar academicCalendar(List<CampusCalendar.Term> terms) {
        AcademicCalendar.Builder b = AcademicCalendar.builder();
        for (CampusCalendar.Term t : terms) {
            b.term(termName(t), t.startsOn(), t.endsOn());
        }
        return b.build();
    }

    /**
     * The name of a term in the academic calendar (and so in its partitions' names).
     *
     * @param term the term
     * @return e.g. {@code term_20260923}
     */
    public static String termName(CampusCalendar.Term term) {
        return TERM_NAME.format(term.startsOn());
    }

    /** The {@code activity_grades} spec of this calendar. */
    public PartitionSpec grades() {
        return grades;
    }

    /** The {@code audit_logs} spec in force: {@link #AUDIT_LOGS_TO_STORE} with an archive store, else {@link #AUDIT_LOGS}. */
    public PartitionSpec auditLogs() {
        return auditLogs;
    }

    /** Every partitioned table's spec: grades, answers, interactions, audit logs. */
    public List<PartitionSpec> specs() {
        return List.of(grades, ANSWERS, USER_INTERACTIONS, auditLogs);
    }

    /**
     * Creates every partition the generated history and the next periods need: per spec, a run with the
     * clock at the oldest generated day, then one with the clock at the calendar's anchor.
     *
     * @param primary the primary (not closed here)
     * @return what the runs created, two per spec, in {@link #specs()} order
     * @throws dev.quadrangle.core.partition.PartitionMaintenanceException when a statement fails
     */
    public List<EnsureResult> ensure(DataSource primary) {
        Objects.requireNonNull(primary, "primary");
        PartitionManager live = manager(primary, calendar.anchor());
        List<EnsureResult> results = new ArrayList<>();
        for (PartitionSpec spec : specs()) {
            results.add(manager(primary, oldestDay(spec)).ensure(spec));
            results.add(live.ensure(spec));
        }
        return List.copyOf(results);
    }

    /**
     * Makes the {@link #REFERENCE_TABLES} Citus reference tables, so that a grade book read joins users and terms
     * on the shard of its class; does nothing on plain PostgreSQL.
     *
     * @param primary the primary (not closed here)
     * @return the tables made reference tables now (empty on plain PostgreSQL, or when they already were)
     * @throws dev.quadrangle.core.partition.PartitionMaintenanceException when Citus refuses one
     */
    public List<String> useReferenceTables(DataSource primary) {
        PartitionManager manager = manager(Objects.requireNonNull(primary, "primary"), calendar.anchor());
        List<String> made = new ArrayList<>();
        for (String table : REFERENCE_TABLES) {
            if (manager.ensureReferenceTable("public", table)) {
                made.add(table);
            }
        }
        return List.copyOf(made);
    }

    /**
     * Applies the retention of interactions and audit logs as of the calendar's anchor.
     *
     * @param primary the primary (not closed here)
     * @return one result per table with a retention
     * @throws dev.quadrangle.core.partition.PartitionMaintenanceException when a statement fails
     */
    public List<RetentionResult> applyRetention(DataSource primary) {
        PartitionManager live = manager(Objects.requireNonNull(primary, "primary"), calendar.anchor());
        return List.of(live.applyRetention(USER_INTERACTIONS), live.applyRetention(auditLogs));
    }

    /**
     * The rows of every attached partition that retention would take now, counted through the parent
     * (a range of the partition key), for reports; run it before {@link #applyRetention}.
     *
     * @param primary the primary (not closed here)
     * @return rows per partition name, in table then partition order
     * @throws SQLException when a count fails
     */
    public Map<String, Long> expiredRows(DataSource primary) throws SQLException {
        Map<String, Long> rows = new LinkedHashMap<>();
        for (PartitionSpec spec : List.of(USER_INTERACTIONS, auditLogs)) {
            LocalDate cutoff = spec.retention().orElseThrow().cutoff(calendar.today());
            for (String name : partitions(primary, spec)) {
                Optional<PartitionRange> range = spec.rangeNamed(name).filter(r -> !r.to().isAfter(cutoff));
                if (range.isPresent()) {
                    rows.put(name, countRange(primary, spec, range.get()));
                }
            }
        }
        return rows;
    }

    private static long countRange(DataSource primary, PartitionSpec spec, PartitionRange range) throws SQLException {
        try (Connection c = primary.getConnection()) {
            return DSL.using(c, SQLDialect.POSTGRES).fetchCount(spec.jooqTable(),
                    DSL.field(DSL.name(spec.first().column())).ge(DSL.val(range.from().atStartOfDay().atOffset(ZoneOffset.UTC)))
                            .and(DSL.field(DSL.name(spec.first().column()))
                                    .lt(DSL.val(range.to().atStartOfDay().atOffset(ZoneOffset.UTC)))));
        }
    }

    /**
     * The md5 of every row of an audit log partition's range (as text, in id order) and their count, read through
     * the parent, e.g. {@code 0f3a...e1/12,345}; run it before retention takes the partition and after a restore.
     *
     * @param primary the primary (not closed here)
     * @param partition an audit log partition name, e.g. {@code audit_logs_p2024}
     * @return {@code md5/rows}, {@code null/0} for no rows
     * @throws IllegalArgumentException when the name is not an audit log partition
     * @throws SQLException when the query fails
     */
    public String auditChecksum(DataSource primary, String partition) throws SQLException {
        PartitionRange range = auditLogs.rangeNamed(partition).orElseThrow(() -> new IllegalArgumentException(
                "partition must be one of audit_logs' yearly partitions, was '" + partition + "'"));
        try (Connection c = primary.getConnection()) {
            org.jooq.Record2<String, Integer> r = DSL.using(c, SQLDialect.POSTGRES)
                    .select(DSL.field("md5(string_agg(t::text, '|' order by id))", String.class), DSL.count())
                    .from(auditLogs.jooqTable().as("t"))
                    .where(DSL.field(DSL.name("logged_at")).ge(DSL.val(range.from().atStartOfDay().atOffset(ZoneOffset.UTC)))
                            .and(DSL.field(DSL.name("logged_at")).lt(DSL.val(range.to().atStartOfDay().atOffset(ZoneOffset.UTC)))))
                    .fetchOne();
            return r.value1() + "/" + r.value2();
        }
    }

    /**
     * The md5 and count ({@link #auditChecksum}) of every audit log partition retention would take now.
     *
     * @param primary the primary (not closed here)
     * @return {@code md5/rows} per partition name
     * @throws SQLException when a query fails
     */
    public Map<String, String> expiredAuditChecksums(DataSource primary) throws SQLException {
        Map<String, String> sums = new LinkedHashMap<>();
        LocalDate cutoff = auditLogs.retention().orElseThrow().cutoff(calendar.today());
        for (String name : partitions(primary, auditLogs)) {
            if (auditLogs.rangeNamed(name).filter(r -> !r.to().isAfter(cutoff)).isPresent()) {
                sums.put(name, auditChecksum(primary, name));
            }
        }
        return sums;
    }

    /**
     * Brings an exported audit log year back from the archive store: its rows are copied back (checked against the
     * SHA-256 recorded at export) and the partition is attached again; retention then leaves it alone.
     *
     * @param primary the primary (not closed here)
     * @param partition the exported partition, e.g. {@code audit_logs_p2024}
     * @return the rows restored
     * @throws dev.quadrangle.core.partition.PartitionMaintenanceException when the archive is missing or does not match
     */
    public long restoreAuditLogs(DataSource primary, String partition) {
        return manager(Objects.requireNonNull(primary, "primary"), calendar.anchor()).restore(auditLogs, partition);
    }

    /**
     * The partitions the manager sees attached to a table (first level), by name.
     *
     * @param primary the primary
     * @param spec one of {@link #specs()}
     * @return the names, sorted
     */
    public List<String> partitions(DataSource primary, PartitionSpec spec) {
        return manager(primary, calendar.anchor()).partitions(spec);
    }

    private Instant oldestDay(PartitionSpec spec) {
        LocalDate today = calendar.today();
        LocalDate oldest;
        switch (spec.table()) {
            case "activity_grades":
                oldest = calendar.term(CampusCalendar.PREVIOUS_TERM).startsOn();
                break;
            case "answers":
                oldest = today.minusDays(CampusCalendar.ANSWER_HISTORY.toDays());
                break;
            case "user_interactions":
                oldest = today.minusDays(CampusCalendar.INTERACTION_HISTORY.toDays());
                break;
            default:
                oldest = today.minusDays(CampusCalendar.AUDIT_HISTORY.toDays());
                break;
        }
        return oldest.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private PartitionManager manager(DataSource primary, Instant now) {
        PartitionManager.Builder builder = PartitionManager.builder(primary).clock(Clock.fixed(now, ZoneOffset.UTC));
        if (archive != null) {
            builder.contentStore(archive);
        }
        return builder.build();
    }
}
