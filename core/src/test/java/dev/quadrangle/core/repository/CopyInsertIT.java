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
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** COPY inserts in binary format store exactly what text input would, and a failing batch stores nothing. */
@RealServices
class CopyInsertIT {
    static final OffsetDateTime NOV = OffsetDateTime.of(2026, 11, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    static final PartitionSpec EVENTS = PartitionSpec.builder("copy_event")
            .column("id", SQLDataType.BIGINT.notNull())
            .column("small", SQLDataType.SMALLINT)
            .column("count", SQLDataType.INTEGER)
            .column("ratio", SQLDataType.REAL)
            .column("score", SQLDataType.DOUBLE)
            .column("ok", SQLDataType.BOOLEAN)
            .column("label", SQLDataType.VARCHAR(20))
            .column("body", SQLDataType.CLOB)
            .column("token", SQLDataType.UUID)
            .column("blob", SQLDataType.BLOB)
            .column("day", SQLDataType.LOCALDATE)
            .column("local_at", SQLDataType.LOCALDATETIME)
            .column("at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
            .primaryKey("id", "at")
            .partitionBy(PartitionLevel.range("at", TimeInterval.MONTH))
            .premake(1)
            .build();

    static PartitionedRepository events;

    @BeforeAll
    static void create(TestDatabase db) {
        PartitionManager.builder(db.primary()).clock(new MutableClock(Instant.parse("2026-11-10T00:00:00Z"))).build().ensure(EVENTS);
        events = PartitionedRepository.builder(EVENTS, db.primary()).build();
    }

    @Test
    void binaryCopyStoresWhatTextInputWould(TestDatabase db) throws Exception {
        UUID token = UUID.fromString("01234567-89ab-cdef-0123-456789abcdef");
        OffsetDateTime at = OffsetDateTime.of(2026, 11, 3, 10, 15, 30, 123_456_700, ZoneOffset.ofHours(2));
        Object[] full = {1L, (short) -3, 42, 0.25f, -1.5e300, true, "naïve ✓", "line\nwith\ttab \\ and \"quotes\"",
            token, new byte[] {0, 1, (byte) 0xFF}, LocalDate.of(1999, 2, 28), LocalDateTime.of(1970, 1, 1, 0, 0, 0, 1_000),
            at};
        Object[] nulls = {2L, null, null, null, null, null, null, null, null, null, null, null, NOV.plusDays(1)};
        Object[] widened = {3, 5, 6L, 1.5, 2, false, "x", "", null, new byte[0], null, null, NOV.plusDays(2)};
        assertThat(events.copyInsert(List.of(full, nulls, widened))).isEqualTo(3);
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement()) {
            String literal = "(1::bigint, -3::smallint, 42, 0.25::real, -1.5e300::float8, true, 'naïve ✓'::varchar(20),"
                    + " E'line\\nwith\\ttab \\\\ and \"quotes\"', '01234567-89ab-cdef-0123-456789abcdef'::uuid, '\\x0001ff'::bytea,"
                    + " date '1999-02-28', timestamp '1970-01-01 00:00:00.000001', timestamptz '2026-11-03 10:15:30.1234567+02')";
            try (ResultSet rs = s.executeQuery("select count(*) from copy_event"
                    + " where (id, small, count, ratio, score, ok, label, body, token, blob, day, local_at, at) = " + literal)) {
                rs.next();
                assertThat(rs.getInt(1)).as("row 1 equals the text literal, column by column").isEqualTo(1);
            }
            try (ResultSet rs = s.executeQuery("select num_nulls(small, count, ratio, score, ok, label, body, token, blob, day,"
                    + " local_at) from copy_event where id = 2")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(11);
            }
            try (ResultSet rs = s.executeQuery("select small, count, score, ratio, length(blob), body from copy_event where id = 3")) {
                rs.next();
                assertThat(List.of(rs.getInt(1), rs.getInt(2), rs.getDouble(3), rs.getFloat(4), rs.getInt(5), rs.getString(6)))
                        .containsExactly(5, 6, 2.0, 1.5f, 0, "");
            }
        }
    }

    @Test
    void aFailingBatchStoresNoneOfItsRows(TestDatabase db) throws Exception {
        List<Object[]> rows = new ArrayList<>();
        for (long id = 1000; id < 21_000; id++) {
            rows.add(new Object[] {id, null, null, null, null, null, "row " + id, "body of row " + id, null, null, null, null,
                NOV.plusMinutes(id)});
        }
        List<Object[]> badValue = new ArrayList<>(rows);
        badValue.set(19_000, new Object[] {1L, null, null, null, null, null, "x", null, null, null, null, null, "not a time"});
        assertThatThrownBy(() -> events.copyInsert(badValue))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("row 19000 for table copy_event: column at (timestamp with time zone) cannot take String"
                        + " value 'not a time'");
        List<Object[]> noPartition = new ArrayList<>(rows);
        noPartition.add(new Object[] {99L, null, null, null, null, null, null, null, null, null, null, null,
            OffsetDateTime.of(2031, 5, 1, 0, 0, 0, 0, ZoneOffset.UTC)});
        assertThatThrownBy(() -> events.copyInsert(noPartition))
                .isInstanceOf(NoPartitionException.class)
                .hasMessageStartingWith("no partition of table public.copy_event for at = 2031-05-01 00:00:00+00");
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from copy_event where id >= 1000")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
        assertThat(events.copyInsert(rows)).isEqualTo(20_000);
    }
}
