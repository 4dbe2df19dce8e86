package dev.quadrangle.core.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.quadrangle.core.testing.MutableClock;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.SQLException;
import java.time.Instant;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;

/** A RANGE->LIST value is remembered for later RANGE partitions only once it is known to be one the key can hold. */
@RealServices
class ListValueCatalogIT {

    @Test
    void aValueTheKeyCannotHoldIsRefusedBeforeItIsRememberedForLaterMonths(TestDatabase db) throws SQLException {
        PartitionSpec spec = PartitionSpec.builder("catalog_grade")
                .column("id", SQLDataType.BIGINT.notNull())
                .column("class_id", SQLDataType.BIGINT.notNull())
                .column("graded_at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
                .primaryKey("id", "graded_at", "class_id")
                .partitionBy(PartitionLevel.range("graded_at", TimeInterval.MONTH))
                .subpartitionBy(PartitionLevel.list("class_id"))
                .premake(1)
                .build();
        MutableClock clock = new MutableClock(Instant.parse("2026-11-05T00:00:00Z"));
        PartitionManager manager = PartitionManager.builder(db.primary()).clock(clock).build();
        manager.ensure(spec);
        assertThat(manager.ensureListValue(spec, 7L)).hasSize(2);

        Throwable refused = catchThrowable(() -> manager.ensureListValue(spec, "7b"));
        assertThat(PartitionManagerIT.count(db, "select count(*) from quadrangle.partition_list_value"
                + " where parent_table = 'catalog_grade' and value = '7b'")).as("the remembered bad value").isZero();
        assertThat(refused).isInstanceOf(PartitionMaintenanceException.class)
                .hasMessageContaining("invalid input syntax for type bigint: \"7b\"");

        clock.set(Instant.parse("2027-01-05T00:00:00Z"));
        assertThat(manager.ensure(spec).created()).contains("catalog_grade_p202701", "catalog_grade_p202702");
        assertThat(ListPartitionNamesIT.bounds(db, "catalog_grade_p202702")).containsExactly(
                java.util.Map.entry("catalog_grade_p202702_l_7", "FOR VALUES IN ('7')"));
    }
}
