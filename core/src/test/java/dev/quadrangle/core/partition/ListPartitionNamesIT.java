package dev.quadrangle.core.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quadrangle.core.repository.PartitionedRepository;
import dev.quadrangle.core.testing.MutableClock;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;

/** No LIST value can take, or hide behind, the partition of another value. */
@RealServices
class ListPartitionNamesIT {
    private static final OffsetDateTime NOV = OffsetDateTime.of(2026, 11, 2, 8, 0, 0, 0, ZoneOffset.UTC);

    private static PartitionSpec tags(String table) {
        return PartitionSpec.builder(table)
                .column("id", SQLDataType.BIGINT.notNull())
                .column("tag", SQLDataType.CLOB.notNull())
                .primaryKey("id", "tag")
                .partitionBy(PartitionLevel.list("tag"))
                .build();
    }

    private static PartitionManager manager(TestDatabase db) {
        return PartitionManager.builder(db.primary()).clock(new MutableClock(Instant.parse("2026-11-05T00:00:00Z"))).build();
    }

    /** Each partition of a parent with its bound as PostgreSQL prints it. */
    static Map<String, String> bounds(TestDatabase db, String parent) throws SQLException {
        Map<String, String> bounds = new TreeMap<>();
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select c.relname, pg_get_expr(c.relpartbound, c.oid) from pg_inherits i"
                        + " join pg_class c on c.oid = i.inhrelid where i.inhparent = '" + parent + "'::regclass")) {
            while (rs.next()) {
                bounds.put(rs.getString(1), rs.getString(2));
            }
        }
        return bounds;
    }

    private static void execute(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void aValueSpellingTheDigestNameOfAnotherValueCannotTakeItsPartition(TestDatabase db) throws SQLException {
        PartitionSpec spec = tags("squat_tag");
        PartitionManager manager = manager(db);
        manager.ensure(spec);
        // the value is the digest that names the partition of 'School-A' under a naming with one infix for both forms
        assertThat(manager.ensureListValue(spec, "x796276af9ffe")).hasSize(1);

        List<String> created = manager.ensureListValue(spec, "School-A");
        assertThat(created).as("the partition created for 'School-A'").hasSize(1);
        PartitionedRepository repository = PartitionedRepository.builder(spec, db.primary()).build();
        assertThat(repository.copyInsert(List.of(new Object[] {1L, "School-A"}, new Object[] {2L, "x796276af9ffe"}))).isEqualTo(2);
        assertThat(bounds(db, "squat_tag").values())
                .containsExactlyInAnyOrder("FOR VALUES IN ('School-A')", "FOR VALUES IN ('x796276af9ffe')");
        assertThat(manager.ensureListValue(spec, "School-A")).isEmpty();
    }

    @Test
    void aTableWithTheValuesNameButAnotherBoundIsReportedInsteadOfTakenForThePartition(TestDatabase db) throws SQLException {
        PartitionSpec spec = tags("taken_tag");
        PartitionManager manager = manager(db);
        manager.ensure(spec);
        execute(db, "create table taken_tag_l_abc partition of taken_tag for values in ('zzz')");

        assertThatThrownBy(() -> manager.ensureListValue(spec, "abc")).isInstanceOf(PartitionMaintenanceException.class)
                .hasMessage("table public.taken_tag_l_abc has the name of the partition of public.taken_tag for value 'abc' but"
                        + " is a partition of public.taken_tag FOR VALUES IN ('zzz'); rename or drop it so that the value's"
                        + " partition can be created");
        assertThat(bounds(db, "taken_tag")).containsExactly(Map.entry("taken_tag_l_abc", "FOR VALUES IN ('zzz')"));
    }

    @Test
    void aSubPartitionNameTakenByAnotherTableIsReportedBeforeAnythingIsCreated(TestDatabase db) throws SQLException {
        PartitionSpec spec = PartitionSpec.builder("taken_grade")
                .column("id", SQLDataType.BIGINT.notNull())
                .column("class_id", SQLDataType.BIGINT.notNull())
                .column("graded_at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
                .primaryKey("id", "graded_at", "class_id")
                .partitionBy(PartitionLevel.range("graded_at", TimeInterval.MONTH))
                .subpartitionBy(PartitionLevel.list("class_id"))
                .premake(1)
                .build();
        PartitionManager manager = manager(db);
        manager.ensure(spec);
        execute(db, "create table taken_grade_p202611_l_5 (note text)");

        assertThatThrownBy(() -> manager.ensureListValue(spec, 5L)).isInstanceOf(PartitionMaintenanceException.class)
                .hasMessage("table public.taken_grade_p202611_l_5 has the name of the partition of public.taken_grade_p202611"
                        + " for value '5' but is not a partition; rename or drop it so that the value's partition can be"
                        + " created");
        assertThat(bounds(db, "taken_grade_p202612")).isEmpty();

        execute(db, "drop table taken_grade_p202611_l_5");
        assertThat(manager.ensureListValue(spec, 5L)).containsExactly("taken_grade_p202611_l_5", "taken_grade_p202612_l_5");
        PartitionedRepository repository = PartitionedRepository.builder(spec, db.primary()).build();
        assertThat(repository.copyInsert(List.<Object[]>of(new Object[] {1L, 5L, NOV}))).isEqualTo(1);
    }

    @Test
    void valuesOfOtherTypesAreMatchedByTheBoundPostgresqlStores(TestDatabase db) throws SQLException {
        PartitionSpec spec = PartitionSpec.builder("typed_tag")
                .column("id", SQLDataType.BIGINT.notNull())
                .column("level", SQLDataType.INTEGER.notNull())
                .primaryKey("id", "level")
                .partitionBy(PartitionLevel.list("level"))
                .build();
        PartitionManager manager = manager(db);
        manager.ensure(spec);
        assertThat(manager.ensureListValue(spec, 7)).containsExactly("typed_tag_l_7");
        assertThat(manager.ensureListValue(spec, -3)).hasSize(1);
        assertThat(manager.ensureListValue(spec, 7)).isEmpty();
        assertThat(manager.ensureListValue(spec, -3)).isEmpty();
        assertThat(bounds(db, "typed_tag").values()).containsExactlyInAnyOrder("FOR VALUES IN (7)", "FOR VALUES IN ('-3')");
    }
}
