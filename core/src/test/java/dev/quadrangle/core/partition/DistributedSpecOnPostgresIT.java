package dev.quadrangle.core.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quadrangle.core.repository.PartitionScope;
import dev.quadrangle.core.repository.PartitionedRepository;
import dev.quadrangle.core.testing.MutableClock;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.SQLException;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/** The same spec that Citus distributes by class is an ordinary term-then-class table on plain PostgreSQL. */
@RealServices
class DistributedSpecOnPostgresIT {

    @Test
    void onPlainPostgresTheHashLevelIsCreatedAndNothingIsDistributed(TestDatabase db) throws SQLException {
        PartitionSpec spec = CitusGradesIT.grades("pg_grades").retention(Retention.drop(Period.ofMonths(6))).build();
        MutableClock clock = new MutableClock(Instant.parse("2026-10-05T00:00:00Z"));
        PartitionManager manager = PartitionManager.builder(db.primary()).clock(clock).build();
        EnsureResult ensured = manager.ensure(spec);
        assertThat(ensured.created()).containsExactly("pg_grades", "pg_grades_t_fall_2026", "pg_grades_t_spring_2027");
        assertThat(PartitionManagerIT.count(db, "select count(*) from pg_inherits where inhparent = 'pg_grades_t_fall_2026'::regclass"))
                .isEqualTo(8);
        assertThat(PartitionManagerIT.count(db, "select count(*) from pg_extension where extname = 'citus'")).isZero();
        assertThat(manager.ensureReferenceTable("public", "pg_grades")).isFalse();

        PartitionedRepository repository = PartitionedRepository.builder(spec, db.primary()).build();
        assertThat(repository.copyInsert(CitusGradesIT.termGrades(1, CitusGradesIT.FALL))).isEqualTo(1200);
        PartitionScope classSeven = CitusGradesIT.classInTerm(7, CitusGradesIT.FALL, CitusGradesIT.SPRING);
        assertThat(repository.count(classSeven, DSL.noCondition())).isEqualTo(60);
        List<String> plan = repository.explainFind(classSeven, DSL.noCondition());
        // one leaf of the HASH level is scanned, and no Citus node is in the plan
        java.util.Set<String> leaves = new java.util.TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("pg_grades_t_fall_2026_h\\d+\\b").matcher(String.join("\n", plan));
        while (m.find()) {
            leaves.add(m.group());
        }
        assertThat(leaves).as(String.join("\n", plan)).hasSize(1);
        assertThat(plan).noneMatch(l -> l.contains("Citus"));
        assertThatThrownBy(() -> repository.count(PartitionScope.between("created_at", CitusGradesIT.FALL, CitusGradesIT.SPRING),
                DSL.noCondition())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("a query on table pg_grades must constrain partition key column class_id");

        // retention detaches and drops as on any PostgreSQL table
        clock.set(Instant.parse("2027-09-10T00:00:00Z"));
        assertThat(manager.applyRetention(spec).archived()).extracting(ArchivedPartition::partition)
                .containsExactly("pg_grades_t_fall_2026");
    }
}
