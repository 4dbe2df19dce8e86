package dev.quadrangle.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.quadrangle.routing.RoutingFixtures.RecordingListener;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.SQLException;
import java.time.Duration;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DefaultConfiguration;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;

/** jOOQ through the routing data source: one context for reads, one for writes, from one configuration. */
@RealServices
class RoutedDslIT {
    private static final Table<Record> ITEM = table(name("item"));
    private static final Field<Long> ID = field(name("id"), SQLDataType.BIGINT);
    private static final Field<String> TITLE = field(name("title"), SQLDataType.VARCHAR);
    private static final Field<Boolean> IN_RECOVERY = field("pg_is_in_recovery()", SQLDataType.BOOLEAN);

    @Test
    void readsGoToTheReplicaAndSeeTheirOwnWrites(TestDatabase db) throws SQLException {
        RoutingFixtures.onPrimary(db, "CREATE TABLE item (id bigint PRIMARY KEY, title text NOT NULL)");
        RecordingListener listener = new RecordingListener();
        try (RoutingDataSource routing = RoutingFixtures.routing(db, listener, b -> b)) {
            RoutingFixtures.await("the standby is eligible", Duration.ofSeconds(10),
                    () -> RoutingFixtures.eligible(routing, "standby"));
            RoutedDsl dsl = RoutedDsl.of(routing, new DefaultConfiguration().set(SQLDialect.POSTGRES));

            assertThat(dsl.reads().select(IN_RECOVERY).fetchOne(IN_RECOVERY)).isTrue();
            assertThat(dsl.writes().select(IN_RECOVERY).fetchOne(IN_RECOVERY)).isFalse();

            routing.inSession(null, () -> {
                dsl.writes().insertInto(ITEM).set(ID, 1L).set(TITLE, "first").execute();
                assertThat(routing.currentToken()).isPresent();
                assertThat(dsl.reads().select(TITLE).from(ITEM).where(ID.eq(1L)).fetchOne(TITLE)).isEqualTo("first");
                return null;
            });
            assertThat(listener.count("primary", RouteReason.READ_WRITE)).isEqualTo(2);
        }
    }
}
