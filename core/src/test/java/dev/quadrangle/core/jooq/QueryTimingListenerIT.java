package dev.quadrangle.core.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quadrangle.core.metrics.QueryMetrics;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.junit.jupiter.api.Test;

@RealServices
class QueryTimingListenerIT {

    @Test
    void slowQueriesAreReportedWithTheirValuesMaskedAndEveryQueryIsTimed(TestDatabase db) throws Exception {
        List<SlowQuery> slow = new CopyOnWriteArrayList<>();
        QueryMetrics metrics = new QueryMetrics();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        metrics.bindTo(registry);
        QueryTimingListener listener = QueryTimingListener.builder().slowQueryThreshold(Duration.ofSeconds(1))
                .sink(metrics).onSlowQuery(slow::add).build();
        java.sql.Connection connection = db.primary().getConnection();
        DSL.using(connection, SQLDialect.POSTGRES).select(DSL.val("warm-up")).fetch();
        DSLContext dsl = DSL.using(new DefaultConfiguration().set(connection).set(SQLDialect.POSTGRES).set(listener));

        // a threshold far above a trivial query's time even on a busy machine, and a sleep just above it
        dsl.select(DSL.val("secret-student-name")).fetch();
        dsl.fetch("select pg_sleep(1.1), {0}, 'inline-secret'", DSL.val("bound-secret"));
        assertThatThrownBy(() -> dsl.fetch("select * from no_such_table")).isInstanceOf(RuntimeException.class);

        assertThat(slow).singleElement().satisfies(q -> {
            assertThat(q.sql()).isEqualTo("select pg_sleep(1.1), ?, '?'");
            assertThat(q.type()).isEqualTo("read");
            assertThat(q.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(1_100));
        });
        assertThat(registry.get("quadrangle.query").tag("type", "read").tag("outcome", "success").timer().count()).isEqualTo(2);
        assertThat(registry.get("quadrangle.query").tag("outcome", "error").timer().count()).isEqualTo(1);
        assertThat(registry.get("quadrangle.query").tag("outcome", "success").timer().totalTime(TimeUnit.MILLISECONDS))
                .isGreaterThanOrEqualTo(1_100);
        connection.close();
    }

    @Test
    void byDefaultASlowQueryIsLoggedThroughSlf4jAtWarnWithItsValuesMasked(TestDatabase db) throws Exception {
        QueryTimingListener listener = QueryTimingListener.builder().slowQueryThreshold(Duration.ZERO).build();
        PrintStream originalErr = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (java.sql.Connection connection = db.primary().getConnection()) {
            DSLContext dsl = DSL.using(new DefaultConfiguration().set(connection).set(SQLDialect.POSTGRES).set(listener));
            System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8)); // where the simple binding writes
            try {
                dsl.fetch("select {0}, 'inline-secret'", DSL.val("bound-secret"));
            } finally {
                System.setErr(originalErr);
            }
        }
        String log = printed.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("WARN dev.quadrangle.core.jooq.SlowQueries - slow read query (")
                .contains("ms): select ?, '?'")
                .doesNotContain("bound-secret").doesNotContain("inline-secret");
    }

    @Test
    void maskingCoversEscapedQuotes() {
        assertThat(QueryTimingListener.mask("update t set a = 'O''Brien', b = ? where c = 'x'"))
                .isEqualTo("update t set a = '?', b = ? where c = '?'");
        assertThatThrownBy(() -> QueryTimingListener.builder().slowQueryThreshold(Duration.ofMillis(-1)))
                .hasMessage("slowQueryThreshold must be between 0 and 1 hour, was PT-0.001S");
    }
}
