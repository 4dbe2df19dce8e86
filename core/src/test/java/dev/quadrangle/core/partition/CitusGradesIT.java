package dev.quadrangle.core.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quadrangle.core.repository.KeysetPage;
import dev.quadrangle.core.repository.PageRequest;
import dev.quadrangle.core.repository.PartitionScope;
import dev.quadrangle.core.repository.PartitionedRepository;
import dev.quadrangle.core.testing.CitusMetadata;
import dev.quadrangle.core.testing.MutableClock;
import dev.quadrangle.storage.InMemoryContentStore;
import dev.quadrangle.testkit.CitusDatabase;
import dev.quadrangle.testkit.RealCitus;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;

/**
 * The seeds' grade table (term, then class) on a real Citus coordinator: created and distributed by class,
 * premade, written, read on one shard, retained, archived and restored; then the partition lifecycle's other
 * paths (DEFAULT rows, archive schema, LIST values, reference tables, tables the manager must not touch).
 */
@RealCitus
class CitusGradesIT {
    static final AcademicCalendar TERMS = AcademicCalendar.builder()
            .term("fall_2026", LocalDate.of(2026, 9, 1), LocalDate.of(2027, 2, 1))
            .term("spring_2027", LocalDate.of(2027, 2, 1), LocalDate.of(2027, 7, 1))
            .term("fall_2027", LocalDate.of(2027, 9, 1), LocalDate.of(2028, 2, 1))
            .build();
    static final OffsetDateTime FALL = OffsetDateTime.of(2026, 9, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    static final OffsetDateTime SPRING = OffsetDateTime.of(2027, 2, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    static final int SHARDS = 16;

    /** The seeds' grade table as the samples declare it: by term, then by hash of the class; on Citus by class. */
    static PartitionSpec.Builder grades(String table) {
        return PartitionSpec.builder(table)
                .column("term_id", SQLDataType.INTEGER.notNull())
                .column("class_id", SQLDataType.BIGINT.notNull())
                .column("student_id", SQLDataType.BIGINT.notNull())
                .column("activity_id", SQLDataType.BIGINT.notNull())
                .column("score", SQLDataType.DOUBLE)
                .column("status", SQLDataType.CLOB.notNull())
                .column("created_at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
                .primaryKey("class_id", "student_id", "activity_id", "created_at")
                .index("student_id")
                .partitionBy(PartitionLevel.terms("created_at", TERMS))
                .subpartitionBy(PartitionLevel.hash("class_id", 8))
                .distributedBy("class_id", SHARDS)          // on Citus: shards in place of the HASH level
                .premake(1);
    }

    /** 20 classes x 10 students x 6 activities in a term. */
    static List<Object[]> termGrades(int termId, OffsetDateTime start) {
        List<Object[]> rows = new ArrayList<>();
        for (long classId = 1; classId <= 20; classId++) {
            for (long student = 0; student < 10; student++) {
                for (long activity = 0; activity < 6; activity++) {
                    rows.add(new Object[] {termId, classId, classId * 100 + student, activity, (double) (student + activity),
                            activity % 2 == 0 ? "GRADED" : "SUBMITTED", start.plusDays(activity * 7 + student).plusMinutes(classId)});
                }
            }
        }
        return rows;
    }

    static PartitionScope classInTerm(long classId, OffsetDateTime from, OffsetDateTime to) {
        return PartitionScope.between("created_at", from, to).and("class_id", classId);
    }

    @Test
    void theGradeTableIsDistributedByClassPremadeWrittenReadOnOneShardRetainedArchivedAndRestored(CitusDatabase db)
            throws SQLException {
        PartitionSpec spec = grades("activity_grades").retention(Retention.export(Period.ofMonths(6), "archive/grades")).build();
        InMemoryContentStore store = InMemoryContentStore.named("archives");
        MutableClock clock = new MutableClock(Instant.parse("2026-10-05T00:00:00Z"));
        PartitionManager manager = PartitionManager.builder(db.dataSource()).clock(clock).contentStore(store).build();
        CitusMetadata citus = new CitusMetadata(db.dataSource());

        EnsureResult ensured = manager.ensure(spec);
        // the current term and one ahead; on Citus the shards take the place of the HASH level
        assertThat(ensured.created()).containsExactly("activity_grades", "activity_grades_t_fall_2026",
                "activity_grades_t_spring_2027");
        assertThat(citus.queryLong("select count(*) from pg_class where relname like 'activity\\_grades\\_t\\_fall\\_2026\\_h%'"))
                .isZero();
        CitusMetadata.Placement parent = citus.placement("activity_grades");
        assertThat(parent).isEqualTo(new CitusMetadata.Placement("h", "s", "class_id", parent.colocation(), SHARDS));
        for (String partition : manager.partitions(spec)) {
            assertThat(citus.placement(partition)).as(partition)
                    .isEqualTo(new CitusMetadata.Placement("h", "s", "class_id", parent.colocation(), SHARDS));
        }

        PartitionedRepository repository = PartitionedRepository.builder(spec, db.dataSource()).build();
        assertThat(repository.copyInsert(termGrades(1, FALL))).isEqualTo(1200);
        assertThat(repository.copyInsert(termGrades(2, SPRING))).isEqualTo(1200);
        // the rows are in the shards: the coordinator's own tables stay empty
        assertThat(citus.queryLong("select pg_relation_size('activity_grades_t_fall_2026')")).isZero();

        assertThat(repository.count(classInTerm(7, FALL, SPRING), DSL.noCondition())).isEqualTo(60);
        List<String> plan = repository.explainFind(classInTerm(7, FALL, SPRING), DSL.field(DSL.name("status")).eq("GRADED"));
        assertThat(plan).anyMatch(l -> l.trim().equals("Task Count: 1")).anyMatch(l -> l.contains("on activity_grades_t_fall_2026_"));
        List<Record> book = new ArrayList<>();
        PageRequest request = PageRequest.orderBy("student_id", "activity_id").limit(25);
        for (int i = 0; i < 10; i++) {
            KeysetPage page = repository.page(classInTerm(7, FALL, SPRING), DSL.noCondition(), request);
            book.addAll(page.rows());
            if (page.nextAfter().isEmpty()) {
                break;
            }
            request = request.after(page.nextAfter().get());
        }
        assertThat(book).hasSize(60).allMatch(r -> r.get("class_id", Long.class) == 7L);
        Set<String> keys = new HashSet<>();
        book.forEach(r -> keys.add(r.get("student_id") + "/" + r.get("activity_id")));
        assertThat(keys).hasSize(60);
        String fallRows = "select coalesce(md5(string_agg(g::text, '|' order by class_id, student_id, activity_id)), 'none')"
                + " || '/' || count(*) from activity_grades g where created_at >= '2026-09-01' and created_at < '2027-02-01'";
        String before = citus.queryString(fallRows);

        // a year later the fall term is past its six months: detached (not concurrently), exported, verified, dropped
        clock.set(Instant.parse("2027-09-10T00:00:00Z"));
        assertThat(manager.ensure(spec).created()).containsExactly("activity_grades_t_fall_2027");
        RetentionResult retained = manager.applyRetention(spec);
        assertThat(retained.archived()).extracting(ArchivedPartition::partition, ArchivedPartition::state, ArchivedPartition::rows)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("activity_grades_t_fall_2026", "DROPPED", 1200L));
        assertThat(manager.partitions(spec)).containsExactly("activity_grades_t_fall_2027", "activity_grades_t_spring_2027");
        assertThat(citus.placement("activity_grades_t_fall_2026")).isNull();
        assertThat(store.describe("archive/grades/public/activity_grades/activity_grades_t_fall_2026.copy.gz")).isPresent();
        assertThat(citus.queryString(fallRows)).isEqualTo("none/0");

        long restored = manager.restore(spec, "activity_grades_t_fall_2026");
        assertThat(restored).isEqualTo(1200);
        assertThat(citus.queryString(fallRows)).isEqualTo(before);
        assertThat(citus.placement("activity_grades_t_fall_2026"))
                .isEqualTo(new CitusMetadata.Placement("h", "s", "class_id", parent.colocation(), SHARDS));
        assertThat(citus.queryLong("select pg_relation_size('activity_grades_t_fall_2026')")).isZero();
        assertThat(repository.count(classInTerm(7, FALL, SPRING), DSL.noCondition())).isEqualTo(60);
    }

    @Test
    void rowsWaitingInTheDefaultPartitionMoveIntoTheirNewDistributedPartition(CitusDatabase db) throws SQLException {
        PartitionSpec spec = grades("default_grades").defaultPartition(true).premake(0)
                .retention(Retention.drop(Period.ofMonths(6))).build();
        MutableClock clock = new MutableClock(Instant.parse("2026-10-05T00:00:00Z"));
        PartitionManager manager = PartitionManager.builder(db.dataSource()).clock(clock).build();
        CitusMetadata citus = new CitusMetadata(db.dataSource());
        assertThat(manager.ensure(spec).created()).containsExactly("default_grades", "default_grades_t_fall_2026",
                "default_grades_default");
        PartitionedRepository repository = PartitionedRepository.builder(spec, db.dataSource()).build();
        // spring has no partition yet (premake 0), and July is between terms: both wait in DEFAULT
        repository.copyInsert(termGrades(2, SPRING));
        repository.copyInsert(List.<Object[]>of(new Object[] {0, 3L, 301L, 99L, 1.0, "GRADED", OffsetDateTime.parse("2027-07-15T00:00:00Z")}));
        assertThat(manager.rowsInDefault(spec)).isEqualTo(1201);

        clock.set(Instant.parse("2027-02-03T00:00:00Z"));
        EnsureResult ensured = manager.ensure(spec);
        assertThat(ensured.created()).containsExactly("default_grades_t_spring_2027");
        assertThat(ensured.rowsMovedFromDefault()).isEqualTo(1200);
        assertThat(ensured.rowsInDefault()).isEqualTo(1);
        assertThat(citus.placement("default_grades_t_spring_2027").column()).isEqualTo("class_id");
        assertThat(citus.placement("default_grades_t_spring_2027").colocation()).isEqualTo(citus.placement("default_grades").colocation());
        assertThat(citus.queryLong("select pg_relation_size('default_grades_t_spring_2027')")).isZero();
        assertThat(repository.count(classInTerm(7, SPRING, SPRING.plusMonths(5)), DSL.noCondition())).isEqualTo(60);

        // with a DEFAULT partition PostgreSQL detaches without CONCURRENTLY anyway; the fall term is dropped
        clock.set(Instant.parse("2027-08-10T00:00:00Z"));
        assertThat(manager.applyRetention(spec).archived()).extracting(ArchivedPartition::partition)
                .containsExactly("default_grades_t_fall_2026");
        assertThat(manager.partitions(spec)).containsExactly("default_grades_default", "default_grades_t_spring_2027");
    }

    @Test
    void archiveToSchemaKeepsTheDistributedPartitionQueryableAndRestoresIt(CitusDatabase db) throws SQLException {
        PartitionSpec spec = PartitionSpec.builder("class_events")
                .column("class_id", SQLDataType.BIGINT.notNull())
                .column("id", SQLDataType.BIGINT.notNull())
                .column("at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
                .primaryKey("class_id", "id", "at")
                .partitionBy(PartitionLevel.range("at", TimeInterval.MONTH))
                .distributedBy("class_id", 4)
                .premake(1)
                .retention(Retention.archiveToSchema(Period.ofMonths(1), "grades_archive"))
                .build();
        MutableClock clock = new MutableClock(Instant.parse("2026-11-05T00:00:00Z"));
        PartitionManager manager = PartitionManager.builder(db.dataSource()).clock(clock).build();
        CitusMetadata citus = new CitusMetadata(db.dataSource());
        manager.ensure(spec);
        citus.execute("insert into class_events select g % 10, g, timestamptz '2026-11-01' + g * interval '1 minute'"
                + " from generate_series(1, 500) g");

        clock.set(Instant.parse("2027-01-10T00:00:00Z"));
        manager.ensure(spec);
        assertThat(manager.applyRetention(spec).archived()).extracting(ArchivedPartition::partition, ArchivedPartition::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("class_events_p202611", "ARCHIVED"));
        assertThat(citus.queryLong("select count(*) from grades_archive.class_events_p202611")).isEqualTo(500);
        assertThat(citus.placement("grades_archive.class_events_p202611").column()).isEqualTo("class_id");
        assertThat(citus.queryLong("select count(*) from class_events")).isZero();

        assertThat(manager.restore(spec, "class_events_p202611")).isEqualTo(500);
        assertThat(citus.queryLong("select count(*) from class_events where class_id = 3")).isEqualTo(50);
    }

    @Test
    void listValuesOfADistributedTableGetDistributedPartitions(CitusDatabase db) throws SQLException {
        PartitionSpec spec = PartitionSpec.builder("school_grades")
                .column("school_id", SQLDataType.INTEGER.notNull())
                .column("class_id", SQLDataType.BIGINT.notNull())
                .column("score", SQLDataType.INTEGER)
                .partitionBy(PartitionLevel.list("school_id"))
                .distributedBy("class_id", 4)
                .build();
        PartitionManager manager = PartitionManager.builder(db.dataSource()).build();
        manager.ensure(spec);
        assertThat(manager.ensureListValue(spec, 12)).containsExactly("school_grades_l_12");
        CitusMetadata citus = new CitusMetadata(db.dataSource());
        assertThat(citus.placement("school_grades_l_12").colocation()).isEqualTo(citus.placement("school_grades").colocation());
        PartitionedRepository repository = PartitionedRepository.builder(spec, db.dataSource()).createListValues(manager).build();
        // value 13 has no partition: the repository creates it on demand, distributed
        assertThat(repository.insertIgnoringDuplicates(List.<Object[]>of(new Object[] {12, 5L, 90}, new Object[] {13, 5L, 80})))
                .isEqualTo(2);
        assertThat(manager.partitions(spec)).containsExactly("school_grades_l_12", "school_grades_l_13");
        assertThat(citus.placement("school_grades_l_13").column()).isEqualTo("class_id");
        assertThat(repository.count(PartitionScope.equal("school_id", 13).and("class_id", 5L), DSL.noCondition())).isEqualTo(1);
    }

    @Test
    void sharedTablesBecomeReferenceTablesThatJoinOnTheShard(CitusDatabase db) throws SQLException {
        CitusMetadata citus = new CitusMetadata(db.dataSource());
        citus.execute("create table subjects (id integer primary key, name text not null)",
                "insert into subjects values (1, 'algebra'), (2, 'biology')",
                "create table schools (id integer primary key, name text not null)",
                "insert into schools values (1, 'north')",
                "create table teachers (id bigint primary key, school_id integer not null references schools (id))",
                "insert into teachers values (10, 1)");
        PartitionManager manager = PartitionManager.builder(db.dataSource())
                .clock(new MutableClock(Instant.parse("2026-10-05T00:00:00Z"))).build();
        boolean madeNow = manager.ensureReferenceTable("public", "subjects"); // false on plain PostgreSQL
        assertThat(madeNow).isTrue();
        assertThat(manager.ensureReferenceTable("public", "subjects")).isFalse();
        // a table other tables point at keeps its local copy; the referencing table becomes a Citus-local table
        assertThat(manager.ensureReferenceTable("public", "schools")).isTrue();
        assertThat(citus.placement("subjects").replication()).isEqualTo("t");
        assertThat(citus.placement("schools").replication()).isEqualTo("t");
        assertThat(citus.queryLong("select pg_relation_size('subjects')")).isZero();
        assertThat(citus.queryLong("select count(*) from subjects")).isEqualTo(2);
        assertThat(citus.queryLong("select count(*) from teachers t join schools s on s.id = t.school_id")).isEqualTo(1);

        PartitionSpec spec = grades("subject_grades").build();
        manager.ensure(spec);
        PartitionedRepository.builder(spec, db.dataSource()).build().copyInsert(termGrades(1, FALL));
        List<String> plan = citus.explain("select s.name, count(*) from subject_grades g join subjects s on s.id = g.activity_id"
                + " where g.class_id = 7 and g.created_at >= '2026-09-01' and g.created_at < '2027-02-01' group by s.name");
        assertThat(plan).anyMatch(l -> l.trim().equals("Task Count: 1")).noneMatch(l -> l.contains("Distributed Subplan"));
        assertThat(citus.queryLong("select count(*) from subject_grades g join subjects s on s.id = g.activity_id"
                + " where g.class_id = 7 and g.created_at >= '2026-09-01' and g.created_at < '2027-02-01'")).isEqualTo(20);

        assertThatThrownBy(() -> manager.ensureReferenceTable("public", "subject_grades"))
                .isInstanceOf(PartitionMaintenanceException.class)
                .hasMessage("table public.subject_grades is distributed by class_id; a reference table is copied whole to every"
                        + " node instead, so undistribute it first (undistribute_table) if that is what you want");
        assertThatThrownBy(() -> manager.ensureReferenceTable("public", "no_such_table"))
                .hasMessage("table public.no_such_table does not exist; create it before making it a Citus reference table");
    }

    @Test
    void tablesTheManagerMustNotDistributeItselfAreReportedWithTheFix(CitusDatabase db) throws SQLException {
        CitusMetadata citus = new CitusMetadata(db.dataSource());
        PartitionManager manager = PartitionManager.builder(db.dataSource())
                .clock(new MutableClock(Instant.parse("2026-10-05T00:00:00Z"))).build();
        // created by hand on Citus before the spec had a distribution: distributing it now would copy every row
        citus.execute("create table hand_grades (term_id integer not null, class_id bigint not null, student_id bigint not null,"
                + " activity_id bigint not null, score double precision, status text not null, created_at timestamptz not null,"
                + " primary key (class_id, student_id, activity_id, created_at)) partition by range (created_at)",
                "create table hand_grades_t_fall_2026 partition of hand_grades for values from ('2026-09-01') to ('2027-02-01')");
        assertThatThrownBy(() -> manager.ensure(grades("hand_grades").build()))
                .isInstanceOf(PartitionMaintenanceException.class)
                .hasMessage("table public.hand_grades has partitions but is not distributed, and its spec is distributed by"
                        + " class_id into 16 shards; distributing a table in use copies every row through the coordinator,"
                        + " which the manager leaves to you: run select create_distributed_table('\"public\".\"hand_grades\"'"
                        + "::regclass, 'class_id', shard_count => 16) once (it needs a single-level table), or remove the"
                        + " distribution from the spec");
        assertThat(citus.placement("hand_grades")).isNull();

        citus.execute("create table student_grades (term_id integer not null, class_id bigint not null,"
                + " student_id bigint not null, activity_id bigint not null, score double precision, status text not null,"
                + " created_at timestamptz not null, primary key (class_id, student_id, activity_id, created_at))"
                + " partition by range (created_at)",
                "select create_distributed_table('student_grades', 'student_id', shard_count => 4)");
        assertThatThrownBy(() -> manager.ensure(grades("student_grades").build()))
                .hasMessage("table public.student_grades is distributed by student_id but its spec is distributed by class_id"
                        + " into 16 shards; Citus cannot change the column of a table in use: change the spec, or"
                        + " redistribute the table with alter_distributed_table");
        assertThat(manager.partitions(grades("student_grades").build())).isEmpty();
    }

    @Test
    void aTableDistributedByHandIsMaintainedTheWayCitusAcceptsWhateverTheSpecSays(CitusDatabase db) throws SQLException {
        // the spec knows nothing of Citus; the operator distributed the table: the server decides
        PartitionSpec spec = PartitionSpec.builder("hand_events")
                .column("class_id", SQLDataType.BIGINT.notNull())
                .column("at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
                .partitionBy(PartitionLevel.range("at", TimeInterval.MONTH))
                .premake(0)
                .retention(Retention.drop(Period.ofMonths(1)))
                .build();
        MutableClock clock = new MutableClock(Instant.parse("2026-11-05T00:00:00Z"));
        PartitionManager manager = PartitionManager.builder(db.dataSource()).clock(clock).build();
        CitusMetadata citus = new CitusMetadata(db.dataSource());
        manager.ensure(spec);
        assertThat(citus.placement("hand_events")).isNull();
        citus.execute("select create_distributed_table('hand_events', 'class_id', shard_count => 4)",
                "insert into hand_events select g % 5, timestamptz '2026-11-01' + g * interval '1 minute' from generate_series(1, 100) g");
        clock.set(Instant.parse("2027-01-10T00:00:00Z"));
        assertThat(manager.ensure(spec).created()).containsExactly("hand_events_p202612", "hand_events_p202701");
        assertThat(citus.placement("hand_events_p202701").colocation()).isEqualTo(citus.placement("hand_events").colocation());
        assertThat(manager.applyRetention(spec).archived()).extracting(ArchivedPartition::partition)
                .containsExactly("hand_events_p202611");
        assertThat(citus.queryLong("select count(*) from hand_events")).isZero();
    }
}
