package dev.quadrangle.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.core.partition.AcademicCalendar;
import dev.quadrangle.core.partition.PartitionLevel;
import dev.quadrangle.core.partition.PartitionManager;
import dev.quadrangle.core.partition.PartitionSpec;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;

/**
 * The Citus examples of docs/citus.md. The same spec runs on plain PostgreSQL (this test: the HASH level
 * is created locally, and no table becomes a reference table) and on a Citus coordinator (core's
 * {@code Citus*IT}, run where {@code QUADRANGLE_CITUS_URL} is set).
 */
@RealServices
class CitusExampleIT {
    static final AcademicCalendar TERMS = AcademicCalendar.builder()
            .term("fall_2026", LocalDate.of(2026, 9, 1), LocalDate.of(2027, 2, 1))
            .term("spring_2027", LocalDate.of(2027, 2, 1), LocalDate.of(2027, 7, 1))
            .build();
    static final int SHARDS = 16;

    static PartitionSpec.Builder grades(String table) {
        // @start region="citus-spec"
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
        // @end
    }

    @Test
    void theCitusSpecBuildsTermsHashedByClassOnPlainPostgres(TestDatabase db) throws SQLException {
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement()) {
            s.execute("create table subjects (id integer primary key, name text not null)");
        }
        PartitionManager manager = PartitionManager.builder(db.primary())
                .clock(Clock.fixed(Instant.parse("2026-10-05T00:00:00Z"), ZoneOffset.UTC)).build();
        PartitionSpec spec = grades("grade").build();
        manager.ensure(spec);
        // @start region="citus-reference"
        boolean madeNow = manager.ensureReferenceTable("public", "subjects"); // false on plain PostgreSQL
        // @end
        assertThat(madeNow).isFalse();
        assertThat(manager.partitions(spec)).contains("grade_t_fall_2026", "grade_t_spring_2027");
    }
}
