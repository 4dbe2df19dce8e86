package dev.quadrangle.core.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quadrangle.core.repository.PartitionedRepository;
import dev.quadrangle.core.testing.MutableClock;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;

/** RANGE->LIST with a DEFAULT sub-partition per range: new classes are stored at once and moved out later. */
@RealServices
class SubpartitionDefaultIT {
    static final OffsetDateTime NOV = OffsetDateTime.of(2026, 11, 3, 9, 0, 0, 0, ZoneOffset.UTC);
    static final PartitionSpec GRADES = PartitionSpec.builder("sd_grade")
            .column("id", SQLDataType.BIGINT.notNull())
            .column("class_id", SQLDataType.BIGINT.notNull())
            .column("graded_at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
            .primaryKey("id", "graded_at", "class_id")
            .partitionBy(PartitionLevel.range("graded_at", TimeInterval.MONTH))
            .subpartitionBy(PartitionLevel.list("class_id"))
            .subpartitionDefault(true)
            .premake(1)
            .build();

    private static long query(TestDatabase db, String sql) throws Exception {
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void newClassesWaitInTheRangesDefaultAndMoveOutWhenCreated(TestDatabase db) throws Exception {
        PartitionManager manager = PartitionManager.builder(db.primary())
                .clock(new MutableClock(Instant.parse("2026-11-10T00:00:00Z"))).build();
        manager.ensure(GRADES);
        manager.ensureListValue(GRADES, 7L);
        assertThat(query(db, "select count(*) from pg_inherits where inhparent = 'sd_grade_p202612'::regclass"
                + " and inhrelid = 'sd_grade_p202612_default'::regclass")).isEqualTo(1);
        List<Object[]> rows = new ArrayList<>();
        for (long id = 1; id <= 90; id++) {
            rows.add(new Object[] {id, 7L + id % 3, NOV.plusDays(id % 40)});
        }
        PartitionedRepository repository = PartitionedRepository.builder(GRADES, db.primary()).build();
        assertThat(repository.copyInsert(rows)).isEqualTo(90);
        assertThat(manager.rowsInDefault(GRADES)).isEqualTo(60);

        assertThat(manager.ensureListValue(GRADES, 8L)).containsExactly("sd_grade_p202611_l_8", "sd_grade_p202612_l_8");
        assertThat(manager.rowsInDefault(GRADES)).isEqualTo(30);
        assertThat(query(db, "select count(*) from sd_grade_p202611_l_8") + query(db, "select count(*) from sd_grade_p202612_l_8"))
                .isEqualTo(30);

        EnsureResult ensured = manager.ensure(GRADES);
        assertThat(ensured.created()).contains("sd_grade_p202611_l_9", "sd_grade_p202612_l_9");
        assertThat(ensured.rowsMovedFromDefault()).isEqualTo(30);
        assertThat(ensured.rowsInDefault()).isZero();
        assertThat(query(db, "select count(*) from sd_grade_p202611_default") + query(db, "select count(*) from sd_grade_p202612_default"))
                .isZero();
        assertThat(query(db, "select count(*) from sd_grade")).isEqualTo(90);
        assertThat(query(db, "select sum(id * class_id) from sd_grade")).isEqualTo(rows.stream()
                .mapToLong(r -> (Long) r[0] * (Long) r[1]).sum());
    }

    @Test
    void aDefaultSubPartitionNeedsRangeThenList() {
        assertThatThrownBy(() -> PartitionSpec.builder("sd_bad")
                .column("id", SQLDataType.BIGINT.notNull())
                .column("user_id", SQLDataType.BIGINT.notNull())
                .column("at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
                .partitionBy(PartitionLevel.range("at", TimeInterval.MONTH))
                .subpartitionBy(PartitionLevel.hash("user_id", 4))
                .subpartitionDefault(true)
                .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("table sd_bad: a DEFAULT sub-partition needs a RANGE->LIST spec, was RANGE(at) by month then"
                        + " HASH(user_id) modulus 4");
    }
}
