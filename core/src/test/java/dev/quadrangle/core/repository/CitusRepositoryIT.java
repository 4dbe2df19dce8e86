package dev.quadrangle.core.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quadrangle.core.partition.AcademicCalendar;
import dev.quadrangle.core.partition.PartitionLevel;
import dev.quadrangle.core.partition.PartitionManager;
import dev.quadrangle.core.partition.PartitionSpec;
import dev.quadrangle.core.partition.TimeInterval;
import dev.quadrangle.core.testing.CitusMetadata;
import dev.quadrangle.core.testing.MutableClock;
import dev.quadrangle.core.testing.StatementCapture;
import dev.quadrangle.testkit.CitusDatabase;
import dev.quadrangle.testkit.RealCitus;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repositories over a table distributed by class on a real Citus coordinator: every read and write that carries
 * the class runs as one task on one shard (the server's own {@code EXPLAIN} of the very statements the repository
 * ran), keyset pages walk a class, COPY ingest in both formats reaches the shards, row-level security isolates
 * tenants, and a row without a partition is reported as such.
 */
@RealCitus
class CitusRepositoryIT {
    private static final Logger LOG = LoggerFactory.getLogger(CitusRepositoryIT.class);
    static final OffsetDateTime FALL = OffsetDateTime.of(2026, 9, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    static final OffsetDateTime SPRING = OffsetDateTime.of(2027, 2, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    static final PartitionSpec GRADES = PartitionSpec.builder("grades")
            .column("class_id", SQLDataType.BIGINT.notNull())
            .column("student_id", SQLDataType.BIGINT.notNull())
            .column("activity_id", SQLDataType.BIGINT.notNull())
            .column("score", SQLDataType.DOUBLE)
            .column("created_at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
            .primaryKey("class_id", "student_id", "activity_id", "created_at")
            .partitionBy(PartitionLevel.terms("created_at", AcademicCalendar.builder()
                    .term("fall_2026", LocalDate.of(2026, 9, 1), LocalDate.of(2027, 2, 1))
                    .term("spring_2027", LocalDate.of(2027, 2, 1), LocalDate.of(2027, 7, 1)).build()))
            .subpartitionBy(PartitionLevel.hash("class_id", 8))
            .distributedBy("class_id", 16)
            .build();

    static DataSource citus;
    static PartitionManager manager;

    @BeforeAll
    static void load(CitusDatabase db) {
        citus = db.dataSource();
        manager = PartitionManager.builder(citus).clock(new MutableClock(Instant.parse("2026-10-05T00:00:00Z"))).build();
        manager.ensure(GRADES);
        List<Object[]> rows = new ArrayList<>();
        for (long classId = 1; classId <= 30; classId++) {
            for (long student = 0; student < 20; student++) {
                for (long activity = 0; activity < 5; activity++) {
                    rows.add(new Object[] {classId, classId * 1000 + student, activity, (double) activity,
                            FALL.plusDays(student + activity * 3).plusSeconds(classId)});
                }
            }
        }
        // binary COPY: every column has a standard type
        assertThat(PartitionedRepository.builder(GRADES, citus).build().copyInsert(rows)).isEqualTo(3000);
    }

    static PartitionScope fallOf(long classId) {
        return PartitionScope.between("created_at", FALL, SPRING).and("class_id", classId);
    }

    static void assertOneTask(StatementCapture capture, List<StatementCapture.Captured> statements) throws SQLException {
        assertThat(statements).isNotEmpty();
        for (StatementCapture.Captured statement : statements) {
            List<String> plan = capture.explain(statement);
            LOG.info("plan of {}\n{}", statement.sql(), String.join("\n", plan));
            assertThat(plan).as(statement.sql()).first().asString().startsWith("Custom Scan (Citus Adaptive)");
            assertThat(plan).as(statement.sql()).anyMatch(l -> l.trim().equals("Task Count: 1"));
        }
    }

    @Test
    void readsCarryingTheClassRunAsOneTaskOnOneShard() throws SQLException {
        StatementCapture capture = new StatementCapture(citus);
        PartitionedRepository repository = PartitionedRepository.builder(GRADES, capture.dataSource()).build();
        assertThat(repository.count(fallOf(7), DSL.noCondition())).isEqualTo(100);
        assertThat(repository.find(fallOf(7), DSL.field(DSL.name("activity_id")).eq(2L), 1000)).hasSize(20);
        List<Record> walked = new ArrayList<>();
        PageRequest request = PageRequest.orderBy("student_id", "activity_id").limit(30);
        for (int i = 0; i < 10; i++) {
            KeysetPage page = repository.page(fallOf(7), DSL.noCondition(), request);
            walked.addAll(page.rows());
            if (page.nextAfter().isEmpty()) {
                break;
            }
            request = request.after(page.nextAfter().get());
        }
        // a keyset walk of the class: 100 rows in key order, each once
        assertThat(walked).hasSize(100).extracting(r -> r.get("student_id", Long.class) * 10 + r.get("activity_id", Long.class))
                .isSorted().doesNotHaveDuplicates();
        List<StatementCapture.Captured> reads = capture.matching("\"grades\"");
        assertThat(reads).hasSizeGreaterThanOrEqualTo(6);
        assertOneTask(capture, reads);
    }

    @Test
    void writesCarryingTheClassRunAsOneTaskOnOneShard() throws SQLException {
        StatementCapture capture = new StatementCapture(citus);
        PartitionedRepository repository = PartitionedRepository.builder(GRADES, capture.dataSource()).build();
        OffsetDateTime at = FALL.plusDays(40);
        assertThat(repository.insertIgnoringDuplicates(List.<Object[]>of(new Object[] {9L, 99001L, 77L, 1.0, at},
                new Object[] {9L, 99002L, 77L, 2.0, at}))).isEqualTo(2);
        assertThat(repository.insertIgnoringDuplicates(List.<Object[]>of(new Object[] {9L, 99001L, 77L, 5.0, at}))).isZero();
        assertThat(repository.upsert(List.<Object[]>of(new Object[] {9L, 99001L, 77L, 9.5, at}), List.of("score"))).isEqualTo(1);
        assertThat(repository.find(fallOf(9), DSL.field(DSL.name("student_id")).eq(99001L), 10))
                .singleElement().satisfies(r -> assertThat(r.get("score", Double.class)).isEqualTo(9.5));
        assertOneTask(capture, capture.matching("insert into"));
    }

    @Test
    void copyIngestInTextFormatReachesTheShards() throws SQLException {
        // a numeric column makes the repository fall back to text COPY
        PartitionSpec marks = PartitionSpec.builder("marks")
                .column("class_id", SQLDataType.BIGINT.notNull())
                .column("mark", SQLDataType.NUMERIC(5, 2).notNull())
                .column("note", SQLDataType.CLOB)
                .column("at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
                .partitionBy(PartitionLevel.range("at", TimeInterval.MONTH))
                .distributedBy("class_id", 4)
                .build();
        manager.ensure(marks);
        PartitionedRepository repository = PartitionedRepository.builder(marks, citus).build();
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            rows.add(new Object[] {(long) (i % 8), new BigDecimal("12.50").add(BigDecimal.valueOf(i)),
                    i % 3 == 0 ? null : "tab\there \\ line\nend", FALL.plusMonths(1).plusMinutes(i)});
        }
        assertThat(repository.copyInsert(rows)).isEqualTo(400);
        PartitionScope scope = PartitionScope.between("at", FALL.plusMonths(1), FALL.plusMonths(2)).and("class_id", 3L);
        assertThat(repository.count(scope, DSL.noCondition())).isEqualTo(50);
        assertThat(repository.find(scope, DSL.field(DSL.name("note")).isNotNull(), 100))
                .allMatch(r -> r.get("note", String.class).equals("tab\there \\ line\nend"));
        assertThat(new CitusMetadata(citus).placement("marks_p202610").column()).isEqualTo("class_id");
    }

    @Test
    void rowLevelSecurityIsolatesTenantsOfADistributedTable(CitusDatabase db) throws SQLException {
        PartitionSpec spec = PartitionSpec.builder("tenant_marks")
                .column("id", SQLDataType.BIGINT.notNull())
                .column("school_id", SQLDataType.BIGINT.notNull())
                .column("class_id", SQLDataType.BIGINT.notNull())
                .column("score", SQLDataType.INTEGER)
                .column("at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
                .primaryKey("id", "at", "class_id")
                .partitionBy(PartitionLevel.range("at", TimeInterval.MONTH))
                .distributedBy("class_id", 4)
                .tenantColumn("school_id")
                .premake(1)
                .build();
        manager.ensure(spec);
        new CitusMetadata(citus).execute(
                "do $$ begin create role quadrangle_citus_app login; exception when duplicate_object then null; end $$",
                "grant select, insert, update on tenant_marks to quadrangle_citus_app");
        PGSimpleDataSource app = new PGSimpleDataSource();
        app.setUrl(db.jdbcUrl());
        app.setUser("quadrangle_citus_app");
        PartitionedRepository repository = PartitionedRepository.builder(spec, app).build();
        OffsetDateTime oct = OffsetDateTime.of(2026, 10, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        for (long school = 1; school <= 2; school++) {
            List<Object[]> rows = new ArrayList<>();
            for (long i = 0; i < 100; i++) {
                rows.add(new Object[] {school * 1000 + i, school, i % 4, (int) i, oct.plusHours(i)});
            }
            assertThat(repository.forTenant(school).copyInsert(rows)).isEqualTo(100);
        }
        PartitionScope classTwo = PartitionScope.between("at", oct, oct.plusMonths(1)).and("class_id", 2L);
        assertThat(repository.forTenant(1L).count(classTwo, DSL.noCondition())).isEqualTo(25);
        assertThat(repository.forTenant(1L).find(classTwo, DSL.noCondition(), 100))
                .hasSize(25).allMatch(r -> r.get("school_id", Long.class) == 1L);
        assertThat(repository.forTenant(3L).count(classTwo, DSL.noCondition())).isZero();
        // a tenant with quotes and a backslash reaches the policy intact: as a value, which is no school id
        assertThatThrownBy(() -> repository.forTenant("1' or 'x' = 'x \\").count(classTwo, DSL.noCondition()))
                .hasMessageContaining("invalid input syntax for type bigint: \"1' or 'x' = 'x \\\"");
        assertThatThrownBy(() -> repository.forTenant(1L).insertIgnoringDuplicates(
                List.<Object[]>of(new Object[] {5000L, 2L, 2L, 1, oct})))
                .hasMessageContaining("new row violates row-level security policy");
        assertThatThrownBy(() -> repository.forTenant(1L).upsert(List.<Object[]>of(new Object[] {2000L, 1L, 0L, 99, oct}),
                List.of("score"))).hasMessageContaining("row-level security");
        assertThat(repository.forTenant(2L).find(PartitionScope.between("at", oct, oct.plusMonths(1)).and("class_id", 0L),
                DSL.field(DSL.name("id")).eq(2000L), 10)).singleElement()
                .satisfies(r -> assertThat(r.get("score", Integer.class)).isZero());
    }

    @Test
    void aRowWithoutAPartitionIsReportedAsSuch() {
        PartitionedRepository repository = PartitionedRepository.builder(GRADES, citus).build();
        OffsetDateTime summer = OffsetDateTime.of(2027, 8, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        assertThatThrownBy(() -> repository.copyInsert(List.<Object[]>of(new Object[] {4L, 4001L, 1L, 1.0, summer})))
                .isInstanceOf(NoPartitionException.class)
                .hasMessageStartingWith("no partition of table public.grades for created_at = 2027-08-01 00:00:00+00 (spec:"
                        + " public.grades RANGE(created_at) by term of 2 terms then HASH(class_id) modulus 8, distributed by"
                        + " class_id into 16 shards)");
        assertThatThrownBy(() -> repository.insertIgnoringDuplicates(List.<Object[]>of(new Object[] {4L, 4001L, 1L, 1.0, summer})))
                .isInstanceOf(NoPartitionException.class);
    }
}
