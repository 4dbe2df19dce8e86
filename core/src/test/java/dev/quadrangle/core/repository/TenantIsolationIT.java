package dev.quadrangle.core.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quadrangle.core.partition.PartitionLevel;
import dev.quadrangle.core.partition.PartitionManager;
import dev.quadrangle.core.partition.PartitionSpec;
import dev.quadrangle.core.partition.TimeInterval;
import dev.quadrangle.core.testing.MutableClock;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
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

@RealServices
class TenantIsolationIT {
    static final OffsetDateTime NOV = OffsetDateTime.of(2026, 11, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    static final PartitionSpec GRADES = PartitionSpec.builder("tenant_grade")
            .column("id", SQLDataType.BIGINT.notNull())
            .column("school_id", SQLDataType.BIGINT.notNull())
            .column("class_id", SQLDataType.BIGINT.notNull())
            .column("score", SQLDataType.INTEGER)
            .column("graded_at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
            .primaryKey("id", "graded_at", "class_id")
            .partitionBy(PartitionLevel.range("graded_at", TimeInterval.MONTH))
            .subpartitionBy(PartitionLevel.list("class_id"))
            .tenantColumn("school_id")
            .premake(1)
            .build();
    static DataSource app;

    @BeforeAll
    static void setUp(TestDatabase db) throws SQLException {
        PartitionManager manager = PartitionManager.builder(db.primary())
                .clock(new MutableClock(Instant.parse("2026-11-05T00:00:00Z"))).build();
        manager.ensure(GRADES);
        manager.ensureListValue(GRADES, 7L);
        manager.ensureListValue(GRADES, 8L);
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement()) {
            s.execute("do $$ begin create role quadrangle_app login; exception when duplicate_object then null; end $$");
            // the application role gets the parent only: partitions are not reachable by their own names
            s.execute("grant select, insert, update on tenant_grade to quadrangle_app");
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(db.primaryUrl());
        ds.setUser("quadrangle_app");
        app = ds;
        PartitionedRepository repo = PartitionedRepository.builder(GRADES, app).build();
        for (long school = 1; school <= 2; school++) {
            List<Object[]> rows = new ArrayList<>();
            for (long i = 0; i < 200; i++) {
                long id = school * 1000 + i;
                rows.add(new Object[] {id, school, i % 2 == 0 ? 7L : 8L, (int) (i % 100), NOV.plusHours(i)});
            }
            assertThat(repo.forTenant(school).copyInsert(rows)).isEqualTo(200);
        }
    }

    static PartitionScope scope(long classId) {
        return PartitionScope.between("graded_at", NOV, NOV.plusMonths(1)).and("class_id", classId);
    }

    @Test
    void everyReadMethodSeesOnlyItsTenant() {
        PartitionedRepository school1 = PartitionedRepository.builder(GRADES, app).build().forTenant(1L);
        assertThat(school1.count(scope(7), DSL.noCondition())).isEqualTo(100);
        assertThat(school1.find(scope(7), DSL.noCondition(), 1000)).hasSize(100)
                .allMatch(r -> r.get("school_id", Long.class) == 1L);
        List<Record> paged = new ArrayList<>();
        PageRequest request = PageRequest.orderBy("graded_at", "id").limit(30);
        for (int i = 0; i < 10; i++) {
            KeysetPage page = school1.page(scope(8), DSL.noCondition(), request);
            paged.addAll(page.rows());
            if (page.nextAfter().isEmpty()) {
                break;
            }
            request = request.after(page.nextAfter().get());
        }
        assertThat(paged).hasSize(100).allMatch(r -> r.get("school_id", Long.class) == 1L);
        PartitionedRepository school3 = PartitionedRepository.builder(GRADES, app).build().forTenant(3L);
        assertThat(school3.count(scope(7), DSL.noCondition())).isZero();
    }

    @Test
    void writesForAnotherTenantAreRefusedAndLeakNothing() {
        PartitionedRepository school1 = PartitionedRepository.builder(GRADES, app).build().forTenant(1L);
        assertThatThrownBy(() -> school1.insertIgnoringDuplicates(List.<Object[]>of(new Object[] {9999L, 2L, 7L, 1, NOV})))
                .hasMessageContaining("new row violates row-level security policy for table \"tenant_grade\"");
        // id 2000 belongs to school 2: school 1 can neither see nor overwrite it
        assertThatThrownBy(() -> school1.upsert(List.<Object[]>of(new Object[] {2000L, 1L, 7L, 99, NOV}), List.of("score")))
                .hasMessageContaining("row-level security");
        PartitionedRepository school2 = PartitionedRepository.builder(GRADES, app).build().forTenant(2L);
        assertThat(school2.find(scope(7), DSL.field("id").eq(2000L), 10)).singleElement()
                .satisfies(r -> assertThat(r.get("score", Integer.class)).isZero());
    }

    @Test
    void aRepositoryWithoutTenantAndAPartitionByItsOwnNameAreRefused() throws SQLException {
        PartitionedRepository unbound = PartitionedRepository.builder(GRADES, app).build();
        assertThatThrownBy(() -> unbound.count(scope(7), DSL.noCondition())).isInstanceOf(IllegalStateException.class)
                .hasMessage("table tenant_grade is isolated by tenant column school_id: use forTenant(tenantId)");
        try (Connection c = app.getConnection(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("select count(*) from tenant_grade_p202611_l_7"))
                    .hasMessageContaining("permission denied for table tenant_grade_p202611_l_7");
        }
    }
}
