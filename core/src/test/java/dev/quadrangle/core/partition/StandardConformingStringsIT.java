package dev.quadrangle.core.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.quadrangle.core.repository.PartitionedRepository;
import dev.quadrangle.core.testing.MutableClock;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Partition DDL carries LIST values as literals; a database with {@code standard_conforming_strings = off}
 * reads a backslash in them as an escape, which must not let a value end its literal early.
 */
@RealServices
class StandardConformingStringsIT {

    @BeforeAll
    static void turnStandardConformingStringsOff(TestDatabase db) throws SQLException {
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement()) {
            s.execute("do $$ begin execute format('alter database %I set standard_conforming_strings = off',"
                    + " current_database()); end $$");
        }
        assertThat(setting(db)).isEqualTo("off");
    }

    private static String setting(TestDatabase db) throws SQLException {
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("show standard_conforming_strings")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void aListValueWithABackslashAndAQuoteIsOneLiteralWhateverTheSetting(TestDatabase db) throws SQLException {
        PartitionSpec spec = PartitionSpec.builder("scs_tag")
                .column("id", SQLDataType.BIGINT.notNull())
                .column("tag", SQLDataType.CLOB.notNull())
                .primaryKey("id", "tag")
                .partitionBy(PartitionLevel.list("tag"))
                .defaultPartition(true)
                .build();
        PartitionManager manager = PartitionManager.builder(db.primary())
                .clock(new MutableClock(Instant.parse("2026-11-05T00:00:00Z"))).build();
        manager.ensure(spec);
        String value = "x\\'); create table scs_injected (id int); --";
        PartitionedRepository repository = PartitionedRepository.builder(spec, db.primary()).build();
        assertThat(repository.copyInsert(List.<Object[]>of(new Object[] {1L, value}))).isEqualTo(1);

        Throwable failure = catchThrowable(() -> manager.ensureListValue(spec, value));
        assertThat(PartitionManagerIT.count(db, "select count(*) from pg_class where relname = 'scs_injected'"))
                .as("tables created by the value's text").isZero();
        assertThat(failure).isNull();
        assertThat(ListPartitionNamesIT.bounds(db, "scs_tag")).hasSize(2).containsEntry("scs_tag_default", "DEFAULT");
        assertThat(PartitionManagerIT.count(db, "select count(*) from scs_tag_default")).isZero();
        assertThat(manager.ensureListValue(spec, value)).isEmpty();
        assertThat(setting(db)).as("the host's connections keep their setting").isEqualTo("off");
    }
}
