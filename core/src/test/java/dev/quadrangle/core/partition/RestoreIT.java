package dev.quadrangle.core.partition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.core.testing.MutableClock;
import dev.quadrangle.storage.InMemoryContentStore;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.Period;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;

/** A restore attaches the partition together with the rows of its range that wait in the DEFAULT partition. */
@RealServices
class RestoreIT {

    private static PartitionSpec.Builder grades(String table) {
        return PartitionSpec.builder(table)
                .column("id", SQLDataType.BIGINT.notNull())
                .column("class_id", SQLDataType.BIGINT.notNull())
                .column("graded_at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
                .primaryKey("id", "graded_at", "class_id")
                .partitionBy(PartitionLevel.range("graded_at", TimeInterval.MONTH))
                .defaultPartition(true)
                .premake(1);
    }

    private static void execute(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void restoringAnExportTakesAlongTheLateRowsOfItsRangeWaitingInDefault(TestDatabase db) throws SQLException {
        PartitionSpec spec = grades("restore_late_grade").retention(Retention.export(Period.ofMonths(1), "archive")).build();
        MutableClock clock = new MutableClock(Instant.parse("2026-01-05T00:00:00Z"));
        PartitionManager manager = PartitionManager.builder(db.primary()).clock(clock).contentStore(InMemoryContentStore.named("archives"))
                .build();
        manager.ensure(spec);
        execute(db, "insert into restore_late_grade select g, g % 7, timestamptz '2026-01-01 00:00:00+00' + g * interval '1 minute'"
                + " from generate_series(1, 400) g");
        clock.set(Instant.parse("2026-03-02T00:00:00Z"));
        assertThat(manager.applyRetention(spec).archived()).extracting(ArchivedPartition::state).containsExactly("DROPPED");
        execute(db, "insert into restore_late_grade values (900001, 3, '2026-01-20 10:00:00+00')");

        assertThat(manager.restore(spec, "restore_late_grade_p202601")).isEqualTo(401);
        assertThat(PartitionManagerIT.count(db, "select count(*) from restore_late_grade_default")).isZero();
        assertThat(PartitionManagerIT.count(db, "select count(*) from restore_late_grade where graded_at < '2026-02-01'"))
                .isEqualTo(401);
        assertThat(manager.archives(spec)).extracting(ArchivedPartition::state).containsExactly("RESTORED");
    }

    @Test
    void restoringFromTheArchiveSchemaCreatesTheListPartitionsOfWaitingRows(TestDatabase db) throws SQLException {
        PartitionSpec spec = grades("restore_list_grade").subpartitionBy(PartitionLevel.list("class_id"))
                .retention(Retention.archiveToSchema(Period.ofMonths(1), "restore_list_archive")).build();
        MutableClock clock = new MutableClock(Instant.parse("2026-01-05T00:00:00Z"));
        PartitionManager manager = PartitionManager.builder(db.primary()).clock(clock).build();
        manager.ensure(spec);
        manager.ensureListValue(spec, 1L);
        execute(db, "insert into restore_list_grade values (1, 1, '2026-01-10 10:00:00+00')");
        clock.set(Instant.parse("2026-03-02T00:00:00Z"));
        assertThat(manager.applyRetention(spec).archived()).extracting(ArchivedPartition::state).containsExactly("ARCHIVED");
        // class 2 has no partition anywhere yet: its late January row waits in DEFAULT
        execute(db, "insert into restore_list_grade values (2, 2, '2026-01-20 10:00:00+00')");

        assertThat(manager.restore(spec, "restore_list_grade_p202601")).isEqualTo(2);
        assertThat(PartitionManagerIT.count(db, "select count(*) from restore_list_grade_default")).isZero();
        assertThat(PartitionManagerIT.count(db, "select count(*) from restore_list_grade_p202601_l_2")).isEqualTo(1);
    }
}
