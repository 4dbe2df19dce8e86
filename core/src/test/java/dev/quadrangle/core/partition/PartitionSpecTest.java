package dev.quadrangle.core.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quadrangle.core.internal.PartitionDdl;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;

class PartitionSpecTest {

    static PartitionSpec.Builder grades() {
        return PartitionSpec.builder("activity_grade")
                .column("id", SQLDataType.BIGINT.notNull())
                .column("class_id", SQLDataType.BIGINT.notNull())
                .column("student_id", SQLDataType.BIGINT.notNull())
                .column("submitted_at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
                .partitionBy(PartitionLevel.range("submitted_at", TimeInterval.MONTH));
    }

    @Test
    void uniqueConstraintsMustIncludeThePartitionKey() {
        assertThatThrownBy(() -> grades().unique("class_id", "student_id").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("table activity_grade: unique constraint (class_id, student_id) must include the partition key"
                        + " column(s) submitted_at, because PostgreSQL enforces uniqueness within each partition only");
        assertThatThrownBy(() -> grades().primaryKey("id", "submitted_at").subpartitionBy(PartitionLevel.hash("student_id", 4)).build())
                .hasMessage("table activity_grade: primary key (id, submitted_at) must include the partition key column(s)"
                        + " student_id, because PostgreSQL enforces uniqueness within each partition only");
        assertThat(grades().primaryKey("id", "submitted_at").unique("student_id", "submitted_at", "class_id").build()
                .uniqueKeys()).containsExactly(java.util.List.of("student_id", "submitted_at", "class_id"));
    }

    @Test
    void badNamesAreRejected() {
        assertThatThrownBy(() -> PartitionSpec.builder("Grades"))
                .hasMessage("table name 'Grades' has unsafe characters; allowed: lowercase letters, digits and '_', not starting with a digit");
        assertThatThrownBy(() -> PartitionSpec.builder("x\"; drop table y; --"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has unsafe characters");
        assertThatThrownBy(() -> PartitionSpec.builder("a".repeat(64)))
                .hasMessage("table name '" + "a".repeat(64) + "' is 64 bytes; PostgreSQL identifiers must be at most 63 bytes");
        String longName = "a".repeat(50);
        assertThatThrownBy(() -> PartitionSpec.builder(longName).partitionBy(PartitionLevel.range("at", TimeInterval.DAY))
                .subpartitionBy(PartitionLevel.hash("user_id", 16)).build())
                .hasMessage("table name '" + longName + "' is 50 bytes; with partition suffixes of up to 14 bytes it must be"
                        + " at most 49 bytes so that partition names stay within 63 bytes");
    }

    @Test
    void overlappingTermsAreRejected() {
        assertThatThrownBy(() -> AcademicCalendar.builder()
                .term("fall_2026", LocalDate.of(2026, 8, 15), LocalDate.of(2027, 1, 10))
                .term("spring_2027", LocalDate.of(2027, 1, 5), LocalDate.of(2027, 6, 1)).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("terms 'fall_2026' [2026-08-15, 2027-01-10) and 'spring_2027' [2027-01-05, 2027-06-01) overlap");
        assertThatThrownBy(() -> AcademicCalendar.builder().term("x", LocalDate.of(2026, 1, 2), LocalDate.of(2026, 1, 2)))
                .hasMessage("term 'x' must end after it starts, was [2026-01-02, 2026-01-02)");
    }

    @Test
    void levelsAreCheckedTogether() {
        assertThatThrownBy(() -> PartitionSpec.builder("t").partitionBy(PartitionLevel.hash("user_id", 8))
                .defaultPartition(true).build())
                .hasMessage("table t: a HASH-partitioned table cannot have a DEFAULT partition");
        assertThatThrownBy(() -> PartitionSpec.builder("t").partitionBy(PartitionLevel.list("class_id"))
                .subpartitionBy(PartitionLevel.hash("user_id", 8)).build())
                .hasMessage("table t: a second level must be HASH or LIST under a RANGE first level (RANGE->HASH,"
                        + " RANGE->LIST), was LIST(class_id) then HASH(user_id) modulus 8");
        assertThatThrownBy(() -> PartitionSpec.builder("t").partitionBy(PartitionLevel.list("class_id"))
                .retention(Retention.drop(Period.ofYears(2))).build())
                .hasMessage("table t: retention needs a RANGE first level, was LIST(class_id)");
        assertThatThrownBy(() -> PartitionLevel.hash("user_id", 1)).hasMessage("hash modulus must be between 2 and 1024, was 1");
        assertThatThrownBy(() -> grades().column("payload", SQLDataType.CLOB)
                .partitionBy(PartitionLevel.range("payload", TimeInterval.DAY)).build())
                .hasMessage("table activity_grade: RANGE key column 'payload' must be date, timestamp or timestamptz, was clob");
        assertThatThrownBy(() -> grades().premake(-1)).hasMessage("premake must be between 0 and 1000, was -1");
    }

    @Test
    void rangesAreNamedAndReadBackForEveryInterval() {
        for (TimeInterval interval : TimeInterval.values()) {
            PartitionSpec spec = PartitionSpec.builder("answer").partitionBy(PartitionLevel.range("created_at", interval)).build();
            PartitionRange range = spec.rangeContaining(LocalDate.of(2026, 11, 22)).orElseThrow();
            assertThat(spec.rangeNamed(range.name())).contains(range);
            assertThat(spec.rangeAfter(range).orElseThrow().from()).isEqualTo(range.to());
        }
        PartitionSpec weekly = PartitionSpec.builder("answer").partitionBy(PartitionLevel.range("created_at", TimeInterval.WEEK)).build();
        assertThat(weekly.rangeContaining(LocalDate.of(2027, 1, 1)).orElseThrow())
                .isEqualTo(new PartitionRange("answer_p2026w53", LocalDate.of(2026, 12, 28), LocalDate.of(2027, 1, 4)));
        assertThat(weekly.rangeNamed("answer_p202611")).isEmpty();
        assertThat(weekly.rangeNamed("other_p2026w01")).isEmpty();
    }

    @Test
    void termsMapDatesToTheirTermAndGapsToNone() {
        AcademicCalendar calendar = AcademicCalendar.builder()
                .term("fall_2026", LocalDate.of(2026, 8, 15), LocalDate.of(2027, 1, 1))
                .term("spring_2027", LocalDate.of(2027, 1, 10), LocalDate.of(2027, 6, 1)).build();
        PartitionSpec spec = PartitionSpec.builder("grade").partitionBy(PartitionLevel.terms("graded_at", calendar)).build();
        assertThat(spec.rangeContaining(LocalDate.of(2026, 11, 22)).orElseThrow().name()).isEqualTo("grade_t_fall_2026");
        assertThat(spec.rangeContaining(LocalDate.of(2027, 1, 5))).isEmpty();
        assertThat(spec.rangeAfter(spec.rangeNamed("grade_t_fall_2026").orElseThrow()).orElseThrow().name())
                .isEqualTo("grade_t_spring_2027");
    }

    @Test
    void ddlQuotesEveryIdentifierAndInlinesBounds() {
        PartitionSpec spec = grades().schema("school_data").primaryKey("id", "submitted_at").zone(ZoneId.of("Europe/Paris"))
                .subpartitionBy(PartitionLevel.hash("student_id", 4)).primaryKey("id", "submitted_at", "student_id").build();
        PartitionRange range = spec.rangeContaining(LocalDate.of(2026, 7, 3)).orElseThrow();
        String attach = DSL.using(SQLDialect.POSTGRES).render(PartitionDdl.attach(spec, spec.table(), range.name(),
                PartitionDdl.rangeBound(spec, range)));
        assertThat(attach).isEqualTo("alter table \"school_data\".\"activity_grade\" attach partition"
                + " \"school_data\".\"activity_grade_p202607\" for values from ('2026-07-01 00:00:00+02:00')"
                + " to ('2026-08-01 00:00:00+02:00')");
        String create = DSL.using(SQLDialect.POSTGRES).render(PartitionDdl.createParent(spec));
        assertThat(create).startsWith("create table if not exists \"school_data\".\"activity_grade\" (")
                .contains("constraint \"activity_grade_pkey\" primary key (\"id\", \"submitted_at\", \"student_id\")")
                .endsWith("partition by RANGE (\"submitted_at\")");
        assertThat(DSL.using(SQLDialect.POSTGRES).render(PartitionDdl.listBound("it's"))).isEqualTo("for values in ('it''s')");
    }

    @Test
    void listPartitionNamesAreSafeForAnyValue() {
        PartitionSpec spec = PartitionSpec.builder("grade").partitionBy(PartitionLevel.list("class_id")).build();
        assertThat(spec.listPartitionName("grade", 42L)).isEqualTo("grade_l_42");
        assertThat(spec.listPartitionName("grade", "Class 7B; drop")).matches("grade_lx_[0-9a-f]{16}");
        assertThat(spec.listPartitionName("grade", "Class 7B; drop")).isNotEqualTo(spec.listPartitionName("grade", "Class 7C; drop"));
    }

    @Test
    void aValueSpellingAnotherValuesDigestGetsADifferentName() {
        PartitionSpec spec = PartitionSpec.builder("grade").partitionBy(PartitionLevel.list("school")).build();
        String digestName = spec.listPartitionName("grade", "School-A");
        assertThat(digestName).isEqualTo("grade_lx_796276af9ffeb914");
        String squatter = digestName.substring("grade_lx_".length());
        assertThat(spec.listPartitionName("grade", squatter)).isEqualTo("grade_l_796276af9ffeb914");
        assertThat(spec.listPartitionName("grade", "x" + squatter.substring(0, 12))).isEqualTo("grade_l_x796276af9ffe");
        // values with '_' or "default" are never spelled out: they could read as a longer name or a DEFAULT partition
        assertThat(spec.listPartitionName("grade", "math_pkey")).startsWith("grade_lx_");
        assertThat(spec.listPartitionName("grade", "default")).startsWith("grade_lx_");
        assertThat(spec.listPartitionName("grade", "a".repeat(20))).isEqualTo("grade_l_" + "a".repeat(20));
        assertThat(spec.listPartitionName("grade", "a".repeat(21))).startsWith("grade_lx_");
    }

    @Test
    void theLongestListNamesOfTheLongestAcceptedTableFitInAnIdentifier() {
        // RANGE by day adds "_p20261122" (10), LIST at most "_l_" + 20 (23): 63 - 33 = 30
        String table = "t".repeat(30);
        PartitionSpec spec = PartitionSpec.builder(table).partitionBy(PartitionLevel.range("at", TimeInterval.DAY))
                .subpartitionBy(PartitionLevel.list("class_id")).subpartitionDefault(true).build();
        String range = spec.rangeContaining(LocalDate.of(2026, 11, 22)).orElseThrow().name();
        assertThat(spec.listPartitionName(range, "a".repeat(20))).hasSize(63);
        assertThat(spec.listPartitionName(range, "any value at all, of any length " + "x".repeat(100))).hasSizeLessThan(63);
        assertThat(spec.subpartitionDefaultName(range)).hasSizeLessThan(63);
        assertThatThrownBy(() -> PartitionSpec.builder(table + "t").partitionBy(PartitionLevel.range("at", TimeInterval.DAY))
                .subpartitionBy(PartitionLevel.list("class_id")).build())
                .hasMessageContaining("it must be at most 30 bytes");
    }

    @Test
    void termsNamedLikeAnotherTermsPartitionsAreRejected() {
        AcademicCalendar calendar = AcademicCalendar.builder()
                .term("fall", LocalDate.of(2026, 8, 15), LocalDate.of(2027, 1, 1))
                .term("fall_l_7", LocalDate.of(2027, 1, 5), LocalDate.of(2027, 6, 1)).build();
        PartitionSpec.Builder byTerm = PartitionSpec.builder("grade").partitionBy(PartitionLevel.terms("at", calendar));
        assertThat(byTerm.build().rangeNamed("grade_t_fall_l_7")).isPresent();
        assertThatThrownBy(() -> byTerm.subpartitionBy(PartitionLevel.list("class_id")).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("table grade: term 'fall_l_7' would be named like a partition of term 'fall' under"
                        + " LIST(class_id) (grade_t_fall_l_7); rename one of the terms");
        AcademicCalendar hashed = AcademicCalendar.builder()
                .term("spring", LocalDate.of(2027, 1, 5), LocalDate.of(2027, 6, 1))
                .term("spring_h3", LocalDate.of(2027, 6, 5), LocalDate.of(2027, 8, 1)).build();
        assertThatThrownBy(() -> PartitionSpec.builder("grade").partitionBy(PartitionLevel.terms("at", hashed))
                .subpartitionBy(PartitionLevel.hash("student_id", 4)).build())
                .hasMessageContaining("term 'spring_h3' would be named like a partition of term 'spring'");
        AcademicCalendar defaults = AcademicCalendar.builder()
                .term("fall", LocalDate.of(2026, 8, 15), LocalDate.of(2027, 1, 1))
                .term("fall_default", LocalDate.of(2027, 1, 5), LocalDate.of(2027, 6, 1)).build();
        PartitionSpec.Builder listed = PartitionSpec.builder("grade").partitionBy(PartitionLevel.terms("at", defaults))
                .subpartitionBy(PartitionLevel.list("class_id"));
        assertThat(listed.build().levels()).hasSize(2);
        assertThatThrownBy(() -> listed.subpartitionDefault(true).build())
                .hasMessageContaining("term 'fall_default' would be named like a partition of term 'fall'");
    }

    @Test
    void aCopiedBuilderBuildsAnEqualSpec() {
        PartitionSpec spec = grades().primaryKey("id", "submitted_at").premake(5).defaultPartition(true)
                .retention(Retention.archiveToSchema(Period.ofYears(7), "archive")).build();
        assertThat(spec.toBuilder().build()).isEqualTo(spec).hasSameHashCodeAs(spec);
        assertThat(spec.toBuilder().premake(2).build()).isNotEqualTo(spec);
        assertThat(spec.toString()).isEqualTo("public.activity_grade RANGE(submitted_at) by month with DEFAULT, keep P7Y then"
                + " ARCHIVE_SCHEMA to archive");
    }

    @Test
    void anArchiveSchemaThatIsTheTablesOwnSchemaIsRejected() {
        // the detached partition would already "exist in the archive schema" and be merged into itself, then dropped
        assertThatThrownBy(() -> grades().schema("school_data").retention(Retention.archiveToSchema(Period.ofYears(1),
                "school_data")).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("table activity_grade: retention archive schema 'school_data' is the table's own schema;"
                        + " archived partitions must move to another schema");
        assertThatThrownBy(() -> grades().retention(Retention.archiveToSchema(Period.ofYears(1), "public")).build())
                .hasMessageContaining("retention archive schema 'public' is the table's own schema");
        assertThat(grades().schema("school_data").retention(Retention.archiveToSchema(Period.ofYears(1), "public")).build()
                .retention()).isPresent();
    }

    @Test
    void retentionArgumentsAreChecked() {
        assertThatThrownBy(() -> Retention.drop(Period.ZERO)).hasMessage("retention period must be positive, was P0D");
        assertThatThrownBy(() -> Retention.export(Period.ofDays(1), "../etc"))
                .hasMessage("archive key prefix '../etc' must not contain a '.' or '..' segment");
        assertThat(Retention.drop(Period.ofYears(2)).cutoff(LocalDate.of(2026, 11, 22))).isEqualTo(LocalDate.of(2024, 11, 22));
    }
}
