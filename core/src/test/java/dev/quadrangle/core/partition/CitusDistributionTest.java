package dev.quadrangle.core.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;

/** The Citus shape of a spec, checked without a server: what build() refuses and what the layout is. */
class CitusDistributionTest {

    /** The seeds' grade table: by academic term, then by hash of the class. */
    static PartitionSpec.Builder grades() {
        AcademicCalendar calendar = AcademicCalendar.builder()
                .term("fall_2026", LocalDate.of(2026, 9, 1), LocalDate.of(2027, 1, 31))
                .term("spring_2027", LocalDate.of(2027, 2, 1), LocalDate.of(2027, 7, 1)).build();
        return PartitionSpec.builder("activity_grades")
                .column("class_id", SQLDataType.BIGINT.notNull())
                .column("student_id", SQLDataType.BIGINT.notNull())
                .column("activity_id", SQLDataType.BIGINT.notNull())
                .column("school_id", SQLDataType.INTEGER.notNull())
                .column("created_at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
                .primaryKey("class_id", "student_id", "activity_id", "created_at")
                .partitionBy(PartitionLevel.terms("created_at", calendar));
    }

    @Test
    void onCitusTheHashLevelOnTheDistributionColumnGivesWayToTheShards() {
        PartitionSpec spec = grades().subpartitionBy(PartitionLevel.hash("class_id", 8)).distributedBy("class_id", 32).build();
        assertThat(spec.levels()).hasSize(2);
        PartitionSpec citus = spec.citusLayout();
        assertThat(citus.levels()).containsExactly(spec.first());
        assertThat(citus.citusDistribution()).isEqualTo(spec.citusDistribution());
        assertThat(citus.citusLayout()).isSameAs(citus);
        assertThat(citus.toString()).isEqualTo("public.activity_grades RANGE(created_at) by term of 2 terms, distributed by"
                + " class_id into 32 shards");
        // the partition names of the RANGE level are the same in both layouts
        assertThat(citus.rangeContaining(LocalDate.of(2026, 10, 1))).isEqualTo(spec.rangeContaining(LocalDate.of(2026, 10, 1)));
    }

    @Test
    void aSingleLevelSpecIsItsOwnLayoutAndReadsMustNameTheDistributionColumn() {
        PartitionSpec spec = grades().distributedBy("class_id", 4).build();
        assertThat(spec.citusLayout()).isSameAs(spec);
        assertThat(spec.scopeColumns()).containsExactly("created_at", "class_id");
        assertThat(grades().build().scopeColumns()).containsExactly("created_at");
        assertThat(grades().subpartitionBy(PartitionLevel.hash("class_id", 8)).distributedBy("class_id", 4).build()
                .scopeColumns()).containsExactly("created_at", "class_id");
        assertThatThrownBy(() -> grades().build().citusLayout()).isInstanceOf(IllegalStateException.class)
                .hasMessage("table activity_grades has no Citus distribution: set distributedBy(...) on its spec");
    }

    @Test
    void specsCitusCannotDistributeAreRefusedSayingWhy() {
        // Citus 13: "distributing multi-level partitioned tables is not supported"
        assertThatThrownBy(() -> grades().primaryKey("class_id", "student_id", "activity_id", "created_at", "school_id")
                .subpartitionBy(PartitionLevel.list("school_id")).distributedBy("class_id", 32).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("table activity_grades: Citus cannot distribute a table partitioned on two levels (RANGE(created_at)"
                        + " by term of 2 terms then LIST(school_id)): it refuses partitions that are partitioned themselves, so"
                        + " on Citus only one level can stay local; drop the second level or the distribution");
        assertThatThrownBy(() -> grades().subpartitionBy(PartitionLevel.hash("student_id", 8)).distributedBy("class_id", 32)
                .build())
                .hasMessage("table activity_grades: the level HASH(student_id) modulus 8 would stay a local level on Citus, which"
                        + " already splits rows by the hash of distribution column class_id; distribute by student_id so that"
                        + " its shards take the level's place, or drop the level");
        assertThatThrownBy(() -> PartitionSpec.builder("answers").column("user_id", SQLDataType.BIGINT.notNull())
                .partitionBy(PartitionLevel.hash("user_id", 8)).distributedBy("user_id", 32).build())
                .hasMessage("table answers: on Citus the shards of distribution column user_id take the place of the level"
                        + " HASH(user_id) modulus 8, which leaves no partition level; give the table a RANGE or LIST level, or"
                        + " distribute it as a plain table");
        assertThatThrownBy(() -> grades().primaryKey("student_id", "activity_id", "created_at").distributedBy("class_id", 32)
                .build())
                .hasMessage("table activity_grades: primary key (student_id, activity_id, created_at) must include distribution"
                        + " column class_id, because Citus enforces uniqueness within each shard only");
        assertThatThrownBy(() -> grades().unique("student_id", "activity_id", "created_at").distributedBy("class_id", 32).build())
                .hasMessage("table activity_grades: unique constraint (student_id, activity_id, created_at) must include"
                        + " distribution column class_id, because Citus enforces uniqueness within each shard only");
        assertThatThrownBy(() -> grades().distributedBy("teacher_id", 32).build())
                .hasMessage("table activity_grades: distribution column 'teacher_id' is not a declared column; declared:"
                        + " [class_id, student_id, activity_id, school_id, created_at]");
    }

    @Test
    void badDistributionSettingsAreRefusedAtOnce() {
        assertThatThrownBy(() -> grades().distributedBy("class_id", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shard count must be between 1 and 64000, was 0");
        assertThatThrownBy(() -> grades().distributedBy("class_id", 64_001))
                .hasMessage("shard count must be between 1 and 64000, was 64001");
        assertThatThrownBy(() -> grades().distributedBy("Class", 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("distribution column name 'Class' has unsafe characters");
    }

    @Test
    void theDistributionIsPartOfTheSpecAndItsDdlBindsItsValues() {
        PartitionSpec spec = grades().distributedBy("class_id", 32).retention(Retention.drop(Period.ofYears(2))).build();
        assertThat(spec.toBuilder().build()).isEqualTo(spec).hasSameHashCodeAs(spec);
        assertThat(spec).isNotEqualTo(grades().retention(Retention.drop(Period.ofYears(2))).build());
        assertThat(spec.toBuilder().distributedBy("class_id", 16).build()).isNotEqualTo(spec);
        CitusDistribution distribution = spec.citusDistribution().orElseThrow();
        assertThat(distribution.sql(spec)).isEqualTo(
                "select create_distributed_table('\"public\".\"activity_grades\"'::regclass, 'class_id', shard_count => 32)");
        assertThat(distribution.query(spec).getBindValues()).isEqualTo(List.of("\"public\".\"activity_grades\"", "class_id", 32));
    }
}
