package dev.quadrangle.core.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.quadrangle.core.partition.PartitionLevel;
import dev.quadrangle.core.partition.PartitionManager;
import dev.quadrangle.core.partition.PartitionSpec;
import dev.quadrangle.core.partition.TimeInterval;
import dev.quadrangle.core.testing.MutableClock;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;

/** Repository writes that meet a LIST value without a partition create it on demand and store every row. */
@RealServices
class OnDemandListIT {
    static final OffsetDateTime NOV = OffsetDateTime.of(2026, 11, 2, 8, 0, 0, 0, ZoneOffset.UTC);

    private static PartitionManager manager(TestDatabase db) {
        return PartitionManager.builder(db.primary()).clock(new MutableClock(Instant.parse("2026-11-05T00:00:00Z"))).build();
    }

    private static long count(TestDatabase db, String sql) throws Exception {
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void rangeThenListWritesCreateMissingClassesAndFailOnlyForMissingRanges(TestDatabase db) throws Exception {
        PartitionSpec grades = PartitionSpec.builder("od_grade")
                .column("id", SQLDataType.BIGINT.notNull())
                .column("class_id", SQLDataType.BIGINT.notNull())
                .column("graded_at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
                .primaryKey("id", "graded_at", "class_id")
                .partitionBy(PartitionLevel.range("graded_at", TimeInterval.MONTH))
                .subpartitionBy(PartitionLevel.list("class_id"))
                .premake(1)
                .build();
        PartitionManager manager = manager(db);
        manager.ensure(grades);
        manager.ensureListValue(grades, 1L);
        PartitionedRepository plain = PartitionedRepository.builder(grades, db.primary()).build();
        List<Object[]> rows = List.of(new Object[] {1L, 1L, NOV}, new Object[] {2L, 7L, NOV}, new Object[] {3L, 8L, NOV.plusMonths(1)},
            new Object[] {4L, 7L, NOV.plusDays(3)});
        assertThatThrownBy(() -> plain.copyInsert(rows)).isInstanceOf(NoPartitionException.class)
                .hasMessageContaining("for class_id = 7");
        assertThat(count(db, "select count(*) from od_grade")).isZero();

        PartitionedRepository onDemand = PartitionedRepository.builder(grades, db.primary()).createListValues(manager).build();
        assertThat(onDemand.copyInsert(rows)).isEqualTo(4);
        assertThat(manager.partitions(grades)).contains("od_grade_p202611", "od_grade_p202612");
        assertThat(count(db, "select count(*) from pg_inherits where inhparent = 'od_grade_p202611'::regclass")).isEqualTo(3);
        assertThat(count(db, "select count(*) from od_grade_p202612_l_8")).isEqualTo(1);
        assertThat(onDemand.insertIgnoringDuplicates(List.<Object[]>of(new Object[] {5L, 9L, NOV}, new Object[] {2L, 7L, NOV})))
                .isEqualTo(1);
        assertThat(onDemand.count(PartitionScope.between("graded_at", NOV.withDayOfMonth(1), NOV.withDayOfMonth(1).plusMonths(1))
                .and("class_id", 9L), DSL.noCondition())).isEqualTo(1);

        OffsetDateTime noRange = OffsetDateTime.of(2030, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        assertThatThrownBy(() -> onDemand.copyInsert(List.<Object[]>of(new Object[] {6L, 1L, noRange})))
                .isInstanceOf(NoPartitionException.class)
                .hasMessageStartingWith("no partition of table public.od_grade for graded_at = 2030-01-01 00:00:00+00");
    }

    @Test
    void listValuesWithAwkwardTextAreCreatedToo(TestDatabase db) throws Exception {
        PartitionSpec tags = PartitionSpec.builder("od_tag")
                .column("id", SQLDataType.BIGINT.notNull())
                .column("tag", SQLDataType.CLOB.notNull())
                .primaryKey("id", "tag")
                .partitionBy(PartitionLevel.list("tag"))
                .build();
        PartitionManager manager = manager(db);
        manager.ensure(tags);
        PartitionedRepository onDemand = PartitionedRepository.builder(tags, db.primary()).createListValues(manager).build();
        assertThat(onDemand.copyInsert(List.of(new Object[] {1L, "math"}, new Object[] {2L, "a) = (b)."},
            new Object[] {3L, "Größe"}))).isEqualTo(3);
        assertThat(count(db, "select count(*) from od_tag where tag in ('math', 'a) = (b).', 'Größe')")).isEqualTo(3);
        assertThat(manager.partitions(tags)).hasSize(3).contains("od_tag_l_math");
    }

    @Test
    void aLongListValueGetsItsPartitionFromTheRowsNotFromTheTruncatedErrorText(TestDatabase db) throws Exception {
        PartitionSpec tags = PartitionSpec.builder("od_long_tag")
                .column("id", SQLDataType.BIGINT.notNull())
                .column("tag", SQLDataType.CLOB.notNull())
                .primaryKey("id", "tag")
                .partitionBy(PartitionLevel.list("tag"))
                .build();
        PartitionManager manager = manager(db);
        manager.ensure(tags);
        String value = "L" + "x".repeat(99);
        PartitionedRepository onDemand = PartitionedRepository.builder(tags, db.primary()).createListValues(manager).build();

        Throwable failure = catchThrowable(() -> onDemand.copyInsert(List.<Object[]>of(new Object[] {1L, value})));
        assertThat(ListPartitionBounds.of(db, "od_long_tag").values()).as("the bounds of every partition")
                .containsExactly("FOR VALUES IN ('" + value + "')");
        assertThat(failure).isNull();
        assertThat(count(db, "select count(*) from od_long_tag where tag = '" + value + "'")).isEqualTo(1);
    }

    @Test
    void aRangeThenListWriteCreatesOnlyTheValuesOfItsRows(TestDatabase db) throws Exception {
        PartitionSpec grades = PartitionSpec.builder("od_rows_grade")
                .column("id", SQLDataType.BIGINT.notNull())
                .column("class_id", SQLDataType.CLOB.notNull())
                .column("graded_at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
                .primaryKey("id", "graded_at", "class_id")
                .partitionBy(PartitionLevel.range("graded_at", TimeInterval.MONTH))
                .subpartitionBy(PartitionLevel.list("class_id"))
                .premake(1)
                .build();
        PartitionManager manager = manager(db);
        manager.ensure(grades);
        String longClass = "Class " + "7".repeat(94);
        PartitionedRepository onDemand = PartitionedRepository.builder(grades, db.primary()).createListValues(manager).build();
        assertThat(onDemand.copyInsert(List.of(new Object[] {1L, longClass, NOV}, new Object[] {2L, "b", NOV.plusMonths(1)})))
                .isEqualTo(2);
        assertThat(ListPartitionBounds.of(db, "od_rows_grade_p202611").values()).containsExactlyInAnyOrder(
                "FOR VALUES IN ('" + longClass + "')", "FOR VALUES IN ('b')");
        assertThat(ListPartitionBounds.of(db, "od_rows_grade_p202612").values()).containsExactlyInAnyOrder(
                "FOR VALUES IN ('" + longClass + "')", "FOR VALUES IN ('b')");
    }

    @Test
    void oneWriteCreatesAtMostTheCapOfValuesAndTheNextWriteGoesOn(TestDatabase db) throws Exception {
        PartitionSpec tags = PartitionSpec.builder("od_cap_tag")
                .column("id", SQLDataType.BIGINT.notNull())
                .column("tag", SQLDataType.CLOB.notNull())
                .primaryKey("id", "tag")
                .partitionBy(PartitionLevel.list("tag"))
                .build();
        PartitionManager manager = manager(db);
        manager.ensure(tags);
        manager.ensureListValue(tags, "v0");
        List<Object[]> rows = new java.util.ArrayList<>();
        for (int i = 0; i < PartitionedRepository.MAX_LIST_VALUES_PER_WRITE + 4; i++) {
            rows.add(new Object[] {(long) i, "v" + i});
        }
        PartitionedRepository onDemand = PartitionedRepository.builder(tags, db.primary()).createListValues(manager).build();

        assertThatThrownBy(() -> onDemand.copyInsert(rows)).isInstanceOf(NoPartitionException.class);
        assertThat(manager.partitions(tags)).hasSize(1 + PartitionedRepository.MAX_LIST_VALUES_PER_WRITE);
        assertThat(count(db, "select count(*) from od_cap_tag")).isZero();
        assertThat(onDemand.copyInsert(rows)).isEqualTo(rows.size());
        assertThat(manager.partitions(tags)).hasSize(rows.size());
    }

    @Test
    void onlyTheValuesOfTheRowsThatHaveNoPartitionAreEnsured(TestDatabase db) throws Exception {
        PartitionSpec levels = PartitionSpec.builder("od_level")
                .column("id", SQLDataType.BIGINT.notNull())
                .column("level", SQLDataType.INTEGER.notNull())
                .primaryKey("id", "level")
                .partitionBy(PartitionLevel.list("level"))
                .build();
        PartitionManager manager = manager(db);
        manager.ensure(levels);
        manager.ensureListValue(levels, 7);
        manager.ensureListValue(levels, -3);
        List<Object> ensured = new java.util.concurrent.CopyOnWriteArrayList<>();
        PartitionManager recording = (PartitionManager) java.lang.reflect.Proxy.newProxyInstance(
                PartitionManager.class.getClassLoader(), new Class<?>[] {PartitionManager.class}, (proxy, method, args) -> {
                    if (method.getName().equals("ensureListValue")) {
                        ensured.add(args[1]);
                    }
                    try {
                        return method.invoke(manager, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        PartitionedRepository onDemand = PartitionedRepository.builder(levels, db.primary()).createListValues(recording).build();

        assertThat(onDemand.copyInsert(List.of(new Object[] {1L, 7}, new Object[] {2L, -3}, new Object[] {3L, 9},
            new Object[] {4L, 9}))).isEqualTo(4);
        assertThat(ensured).containsExactly("9");
        assertThat(ListPartitionBounds.of(db, "od_level").values())
                .containsExactlyInAnyOrder("FOR VALUES IN (7)", "FOR VALUES IN ('-3')", "FOR VALUES IN (9)");
    }

    @Test
    void onDemandCreationNeedsAListLevel(TestDatabase db) {
        PartitionSpec byMonth = PartitionSpec.builder("od_plain")
                .column("id", SQLDataType.BIGINT.notNull())
                .column("at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
                .partitionBy(PartitionLevel.range("at", TimeInterval.MONTH))
                .build();
        assertThatThrownBy(() -> PartitionedRepository.builder(byMonth, db.primary()).createListValues(manager(db)).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("table od_plain has no LIST level to create values for on demand: public.od_plain RANGE(at) by month");
    }
}
