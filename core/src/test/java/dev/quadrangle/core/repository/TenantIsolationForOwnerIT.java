package dev.quadrangle.core.repository;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.core.partition.PartitionLevel;
import dev.quadrangle.core.partition.PartitionManager;
import dev.quadrangle.core.partition.PartitionSpec;
import dev.quadrangle.core.partition.TimeInterval;
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
import java.util.ArrayList;
import java.util.List;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Tenant isolation holds for the role that owns the table too: PostgreSQL exempts a table's owner from its
 * row-level security unless the table forces it, and applications often connect as the role that ran the
 * migrations.
 */
@RealServices
class TenantIsolationForOwnerIT {
    private static final OffsetDateTime NOV = OffsetDateTime.of(2026, 11, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    private static final PartitionSpec GRADES = PartitionSpec.builder("owned_tenant_grade")
            .column("id", SQLDataType.BIGINT.notNull())
            .column("school_id", SQLDataType.BIGINT.notNull())
            .column("graded_at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
            .primaryKey("id", "graded_at")
            .partitionBy(PartitionLevel.range("graded_at", TimeInterval.MONTH))
            .tenantColumn("school_id")
            .premake(1)
            .build();

    @Test
    void theTableOwnerSeesOnlyItsTenantsRows(TestDatabase db) throws SQLException {
        PartitionManager.builder(db.primary()).clock(new MutableClock(Instant.parse("2026-11-05T00:00:00Z"))).build()
                .ensure(GRADES);
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement()) {
            s.execute("insert into owned_tenant_grade select g, 1 + g % 2, timestamptz '2026-11-02 00:00:00+00'"
                    + " + g * interval '1 minute' from generate_series(1, 300) g");
            // not a superuser (superusers bypass row-level security whatever the table says), but the owner
            s.execute("do $$ begin create role quadrangle_table_owner login; exception when duplicate_object then null; end $$");
            s.execute("alter table owned_tenant_grade owner to quadrangle_table_owner");
        }
        PGSimpleDataSource owner = new PGSimpleDataSource();
        owner.setUrl(db.primaryUrl());
        owner.setUser("quadrangle_table_owner");

        PartitionScope november = PartitionScope.between("graded_at", NOV, NOV.plusMonths(1));
        PartitionedRepository school1 = PartitionedRepository.builder(GRADES, owner).build().forTenant(1L);
        assertThat(school1.count(november, DSL.noCondition())).isEqualTo(150);
        List<Long> schools = new ArrayList<>();
        school1.find(november, DSL.noCondition(), 1000).forEach(r -> schools.add(r.get("school_id", Long.class)));
        assertThat(schools).hasSize(150).containsOnly(1L);
        try (Connection c = owner.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from owned_tenant_grade")) {
            rs.next();
            assertThat(rs.getLong(1)).as("the owner without a tenant setting").isZero();
        }
    }
}
