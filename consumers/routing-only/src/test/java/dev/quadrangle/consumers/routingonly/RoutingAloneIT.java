package dev.quadrangle.consumers.routingonly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quadrangle.routing.RoutingDataSource;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** quadrangle-routing on its own, with plain JDBC: reads on the standby, writes on the primary. */
@RealServices
class RoutingAloneIT {

    @Test
    void readOnlyConnectionsReachTheStandbyAndOthersThePrimary(TestDatabase db) throws SQLException {
        try (RoutingDataSource routing = RoutingDataSource.builder()
                .primary(db.primaryUrl(), db.user(), db.password())
                .replica("standby", db.standbyUrl(), db.user(), db.password())
                .build()) {
            assertEquals(false, inRecovery(routing, false));
            assertEquals(true, inRecovery(routing, true));
            assertThrows(ClassNotFoundException.class, () -> Class.forName("org.jooq.DSLContext"),
                    "jOOQ must not be on a routing-only class path");
        }
    }

    private static boolean inRecovery(RoutingDataSource routing, boolean readOnly) throws SQLException {
        try (Connection c = routing.getConnection()) {
            c.setReadOnly(readOnly);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
