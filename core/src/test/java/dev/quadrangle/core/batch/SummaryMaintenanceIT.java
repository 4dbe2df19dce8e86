package dev.quadrangle.core.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@RealServices
class SummaryMaintenanceIT {

    @BeforeAll
    static void schema(TestDatabase db) throws SQLException {
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement()) {
            s.execute("create table answer_log (user_id bigint not null, correct boolean not null, day date not null)");
            s.execute("insert into answer_log select g % 10, g % 3 = 0, date '2026-11-01' + (g % 5) from generate_series(1, 1000) g");
            s.execute("create materialized view user_daily_stats as select user_id, day, count(*) as answered,"
                    + " count(*) filter (where correct) as correct from answer_log group by user_id, day");
            s.execute("create unique index on user_daily_stats (user_id, day)");
            s.execute("create materialized view no_unique_index as select user_id from answer_log group by user_id");
        }
    }

    @Test
    void incrementsAreMergedPerKeyAndAddedToExistingCounters(TestDatabase db) throws SQLException {
        CounterTable stats = CounterTable.builder("user_stats").key("user_id", SQLDataType.BIGINT)
                .counters("answered", "correct").build();
        stats.createIfMissing(db.primary());
        CounterTable.Increments increments = stats.increments();
        for (int i = 0; i < 1000; i++) {
            increments.add(List.of((long) (i % 7)), 1, i % 2);
        }
        assertThat(increments.size()).isEqualTo(7);
        assertThat(stats.apply(db.primary(), increments)).isEqualTo(7);
        assertThat(increments.size()).isZero();
        stats.apply(db.primary(), stats.increments().add(List.of(0L), 10, 5));
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select answered, correct from user_stats where user_id = 0")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(143 + 10);
            assertThat(rs.getLong(2)).isEqualTo(71 + 5);
        }
        assertThatThrownBy(() -> stats.increments().add(List.of(1L), 1))
                .hasMessage("counter table user_stats takes 1 key values and 2 deltas, got 1 and 1");
    }

    @Test
    void refreshRunsConcurrentlyOnOneNodeAtATime(TestDatabase db) throws SQLException {
        MaterializedViewRefresher refresher = MaterializedViewRefresher.of(db.primary(), "public", "user_daily_stats");
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement()) {
            s.execute("insert into answer_log values (99, true, date '2026-11-03')");
        }
        assertThat(refresher.refreshNow()).isTrue();
        assertThat(count(db, "select count(*) from user_daily_stats where user_id = 99")).isEqualTo(1);

        MaterializedViewRefresher other = MaterializedViewRefresher.of(db.primary(), "public", "user_daily_stats");
        try (Connection holder = db.primary().getConnection(); Statement s = holder.createStatement()) {
            // hold the refresh lock the way another node does while it refreshes
            long key = refresher.advisoryLockKey();
            try (PreparedStatement ps = holder.prepareStatement("select pg_advisory_lock(?)")) {
                ps.setLong(1, key);
                ps.execute();
            }
            assertThat(other.refreshNow()).isFalse();
            assertThat(other.skips()).isEqualTo(1);
            try (PreparedStatement ps = holder.prepareStatement("select pg_advisory_unlock(?)")) {
                ps.setLong(1, key);
                ps.execute();
            }
        }
        assertThat(other.refreshNow()).isTrue();
    }

    @Test
    void aViewWithoutUniqueIndexFailsWithTheReason(TestDatabase db) {
        assertThatThrownBy(() -> MaterializedViewRefresher.of(db.primary(), "public", "no_unique_index").refreshNow())
                .isInstanceOf(DataAccessException.class)
                .hasMessageStartingWith("refresh of materialized view public.no_unique_index failed:")
                .hasMessageContaining("cannot refresh materialized view \"public.no_unique_index\" concurrently");
    }

    private static long count(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
