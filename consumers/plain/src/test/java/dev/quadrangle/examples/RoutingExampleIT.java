package dev.quadrangle.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.quadrangle.routing.RoutedDsl;
import dev.quadrangle.routing.RoutingDataSource;
import dev.quadrangle.routing.RoutingMetrics;
import dev.quadrangle.spi.ConsistencyToken;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DefaultConfiguration;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;

/** The routing examples of README.md and docs/routing.md, run against a real primary and standby. */
@RealServices
class RoutingExampleIT {
    private static final Table<Record> ITEM = table(name("item"));
    private static final Field<Long> ID = field(name("id"), SQLDataType.BIGINT);
    private static final Field<String> TITLE = field(name("title"), SQLDataType.VARCHAR);
    private static final Field<Boolean> IN_RECOVERY = field("pg_is_in_recovery()", SQLDataType.BOOLEAN);

    static void onPrimary(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void writeThenReadYourWriteThroughTheReplica(TestDatabase db) throws SQLException {
        onPrimary(db, "CREATE TABLE grade (id bigint PRIMARY KEY, score int NOT NULL)");
        MeterRegistry registry = new SimpleMeterRegistry();
        // @start region="read-your-writes"
        RoutingMetrics metrics = new RoutingMetrics();
        metrics.bindTo(registry);
        try (RoutingDataSource routing = RoutingDataSource.builder()
                .primary(db.primaryUrl(), db.user(), db.password())
                .replica("replica-1", db.standbyUrl(), db.user(), db.password())
                .maxReplicaLag(Duration.ofSeconds(5))
                .listener(metrics)
                .poolMetrics(new MicrometerMetricsTrackerFactory(registry))
                .build()) {
            String token = routing.inSession(null, () -> {              // e.g. one web request
                try (Connection c = routing.getConnection();           // read-write: the primary
                        Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO grade VALUES (42, 97)"); // its WAL position: the token
                }
                return routing.currentToken().orElseThrow().asString(); // for a header or a cookie
            });
            int score = routing.inSession(ConsistencyToken.parse(token), () -> { // next request, any node
                try (Connection c = routing.getConnection()) {
                    c.setReadOnly(true);              // a replica that has replayed the write, else the primary
                    try (Statement s = c.createStatement();
                            ResultSet rs = s.executeQuery("SELECT score FROM grade WHERE id = 42")) {
                        return rs.next() ? rs.getInt(1) : -1;
                    }
                }
            });
            assertThat(score).isEqualTo(97);
        }
        // @end
        assertThat(registry.get("quadrangle.routing.connections").tag("reason", "read_write").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void jooqReadsOnTheReplicaAndWritesOnThePrimary(TestDatabase db) throws SQLException {
        onPrimary(db, "CREATE TABLE item (id bigint PRIMARY KEY, title text NOT NULL)");
        try (RoutingDataSource routing = RoutingDataSource.builder()
                .primary(db.primaryUrl(), db.user(), db.password())
                .replica("replica-1", db.standbyUrl(), db.user(), db.password())
                .build()) {
            // @start region="routed-dsl"
            RoutedDsl dsl = RoutedDsl.of(routing, new DefaultConfiguration().set(SQLDialect.POSTGRES));

            assertThat(dsl.reads().select(IN_RECOVERY).fetchOne(IN_RECOVERY)).isTrue();
            assertThat(dsl.writes().select(IN_RECOVERY).fetchOne(IN_RECOVERY)).isFalse();

            routing.inSession(null, () -> {
                dsl.writes().insertInto(ITEM).set(ID, 1L).set(TITLE, "first").execute();
                assertThat(routing.currentToken()).isPresent();
                assertThat(dsl.reads().select(TITLE).from(ITEM).where(ID.eq(1L)).fetchOne(TITLE)).isEqualTo("first");
                return null;
            });
            // @end
        }
    }
}
