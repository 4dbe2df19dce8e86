package dev.quadrangle.spring.boot.autoconfigure.it.paths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quadrangle.routing.RoutingDataSource;
import dev.quadrangle.spring.boot.autoconfigure.it.TestServices;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The routing DataSource under Spring Boot's JDBC, jOOQ and JPA auto-configurations: read-only
 * transactions read on the standby, read-write transactions and calls outside a transaction on the
 * primary, and a write in a read-only transaction fails with SQLState 25006. One context with Boot's
 * DataSourceTransactionManager (JPA excluded), one with JPA's transaction manager.
 */
class RoutingAccessPathsIT {
    private static TestDatabase db;
    private static ConfigurableApplicationContext jdbcContext;
    private static ConfigurableApplicationContext jpaContext;

    @BeforeAll
    static void start() {
        db = TestServices.database("paths");
        TestServices.execute(db, "CREATE TABLE note (id bigint PRIMARY KEY, body text)");
        db.cluster().awaitStandbyCaughtUp(java.time.Duration.ofSeconds(30));
        jdbcContext = new SpringApplicationBuilder(PathsApplication.class).web(WebApplicationType.NONE)
                .properties(TestServices.args(TestServices.routing(db)))
                .properties("spring.autoconfigure.exclude="
                        + "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration,"
                        + "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration")
                .run();
        jpaContext = new SpringApplicationBuilder(PathsApplication.class, JpaNotesConfiguration.class)
                .web(WebApplicationType.NONE)
                .properties(TestServices.args(TestServices.routing(db)))
                .properties("spring.jpa.hibernate.ddl-auto=none")
                .run();
    }

    @AfterAll
    static void stop() {
        if (jdbcContext != null) {
            jdbcContext.close();
        }
        if (jpaContext != null) {
            jpaContext.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void theApplicationDataSourceIsTheRoutingOneAndBootsTransactionManagersUseIt() {
        assertThat(jdbcContext.getBean(javax.sql.DataSource.class)).isInstanceOf(RoutingDataSource.class);
        PlatformTransactionManager jdbcTx = jdbcContext.getBean(PlatformTransactionManager.class);
        assertThat(jdbcTx).isInstanceOf(JdbcTransactionManager.class);
        assertThat(jpaContext.getBean(PlatformTransactionManager.class)).isInstanceOf(JpaTransactionManager.class);
    }

    @Test
    void jdbcTemplateReadsOnTheStandbyOnlyInReadOnlyTransactions() {
        for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] {jdbcContext, jpaContext}) {
            PathsApplication.Notes notes = context.getBean(PathsApplication.Notes.class);
            assertThat(notes.jdbcReadOnly()).as("read-only transaction on the standby").isTrue();
            assertThat(notes.jdbcReadWrite()).as("read-write transaction on the primary").isFalse();
            assertThat(notes.jdbcNoTransaction()).as("outside a transaction on the primary").isFalse();
        }
    }

    @Test
    void jooqReadsOnTheStandbyOnlyInReadOnlyTransactions() {
        for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] {jdbcContext, jpaContext}) {
            PathsApplication.Notes notes = context.getBean(PathsApplication.Notes.class);
            assertThat(notes.jooqReadOnly()).isTrue();
            assertThat(notes.jooqReadWrite()).isFalse();
            assertThat(notes.jooqNoTransaction()).isFalse();
            // Boot's DSLContext carries our QueryTimingListener, which feeds QueryMetrics
            assertThat(context.getBean(io.micrometer.core.instrument.MeterRegistry.class).find("quadrangle.query")
                    .timers()).as("quadrangle.query timers").isNotEmpty();
        }
    }

    @Test
    void jpaReadsOnTheStandbyOnlyInReadOnlyTransactionsAndReadsItsOwnWrites() {
        PathsApplication.JpaNotes notes = jpaContext.getBean(PathsApplication.JpaNotes.class);
        assertThat(notes.readOnly()).isTrue();
        assertThat(notes.readWrite()).isFalse();
        long id = System.nanoTime();
        notes.save(id, "persisted");
        // the same thread's scope carries the write's token: the read-only transaction sees it
        assertThat(notes.find(id)).isEqualTo("persisted");
    }

    @Test
    void aWriteInAReadOnlyTransactionFailsWith25006OnEveryPath() {
        PathsApplication.Notes jdbcNotes = jdbcContext.getBean(PathsApplication.Notes.class);
        assertThatThrownBy(() -> jdbcNotes.jdbcWriteInReadOnly(1)).satisfies(e -> assertThat(sqlState(e)).isEqualTo("25006"));
        assertThatThrownBy(() -> jdbcNotes.jooqWriteInReadOnly(2)).satisfies(e -> assertThat(sqlState(e)).isEqualTo("25006"));
        PathsApplication.JpaNotes jpaNotes = jpaContext.getBean(PathsApplication.JpaNotes.class);
        assertThatThrownBy(() -> jpaNotes.writeInReadOnly(3)).satisfies(e -> assertThat(sqlState(e)).isEqualTo("25006"));
    }

    static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException && ((SQLException) t).getSQLState() != null) {
                return ((SQLException) t).getSQLState();
            }
        }
        return "(no SQLException in " + e + ")";
    }
}
