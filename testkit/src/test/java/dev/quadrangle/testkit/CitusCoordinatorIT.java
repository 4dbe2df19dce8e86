package dev.quadrangle.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Runs against the coordinator named by QUADRANGLE_CITUS_URL; skipped, saying why, without one. */
@RealCitus
class CitusCoordinatorIT {

    @Test
    void eachTestDatabaseIsASingleNodeCitusClusterDroppedWhenClosed(CitusCoordinator coordinator) throws SQLException {
        assertThat(coordinator.citusVersion()).startsWith("Citus ");
        String name;
        try (CitusDatabase db = coordinator.createDatabase("coordinator_it")) {
            name = db.name();
            assertThat(name).startsWith("quadrangle_citus_coordinator_it_");
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select nodename, nodeport, shouldhaveshards, groupid from pg_dist_node")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(coordinator.host());
                assertThat(rs.getInt(2)).isEqualTo(coordinator.port());
                assertThat(rs.getBoolean(3)).isTrue();
                assertThat(rs.getInt(4)).as("the coordinator's group").isZero();
                assertThat(rs.next()).as("no worker").isFalse();
            }
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("create table t (k bigint, v text)");
                s.execute("select create_distributed_table('t', 'k', shard_count => 4)");
                s.execute("insert into t values (1, 'one')");
            }
        }
        try (Connection c = coordinator.connect(coordinator.maintenanceDatabase()); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from pg_database where datname = '" + name + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void theClassDatabaseIsSharedByTheClassesTests(CitusDatabase first, CitusDatabase second) {
        assertThat(first).isSameAs(second);
        assertThat(first.name()).startsWith("quadrangle_citus_cituscoordinatorit_");
    }
}
