package dev.quadrangle.core.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quadrangle.core.internal.MaintenanceSession;
import dev.quadrangle.core.testing.MutableClock;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;

@RealServices
class PartitionManagerIT {

    private static PartitionSpec.Builder events(String table) {
        return PartitionSpec.builder(table)
                .column("id", SQLDataType.BIGINT.notNull())
                .column("user_id", SQLDataType.BIGINT.notNull())
                .column("created_at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
                .column("payload", SQLDataType.CLOB)
                .primaryKey("id", "created_at")
                .index("user_id")
                .partitionBy(PartitionLevel.range("created_at", TimeInterval.MONTH));
    }

    @Test
    void ensureCreatesTheCurrentPartitionAndThreeAhead(TestDatabase db) {
        PartitionSpec spec = events("ensure_events").build();
        MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
        PartitionManager manager = PartitionManager.builder(db.primary()).clock(clock).build();

        EnsureResult first = manager.ensure(spec);
        assertThat(first.skipped()).isFalse();
        assertThat(first.created()).containsExactly("ensure_events", "ensure_events_p202611", "ensure_events_p202612",
                "ensure_events_p202701", "ensure_events_p202702");
        assertThat(manager.partitions(spec)).containsExactly("ensure_events_p202611", "ensure_events_p202612",
                "ensure_events_p202701", "ensure_events_p202702");

        EnsureResult again = manager.ensure(spec);
        assertThat(again.created()).isEmpty();

        clock.advance(Duration.ofDays(20));
        assertThat(manager.ensure(spec).created()).containsExactly("ensure_events_p202703");
    }

    @Test
    void catchUpAfterDowntimeFillsTheGapButNotWhatRetentionWouldDrop(TestDatabase db) {
        PartitionSpec spec = events("catchup_events").premake(1)
                .retention(Retention.drop(Period.ofMonths(3))).build();
        MutableClock clock = new MutableClock(Instant.parse("2026-01-10T00:00:00Z"));
        PartitionManager manager = PartitionManager.builder(db.primary()).clock(clock).build();
        manager.ensure(spec);
        assertThat(manager.partitions(spec)).containsExactly("catchup_events_p202601", "catchup_events_p202602");

        clock.set(Instant.parse("2026-08-15T00:00:00Z"));
        EnsureResult result = manager.ensure(spec);
        // cutoff is 2026-05-15: March and April would be dropped at once, May still holds live rows
        assertThat(result.created()).containsExactly("catchup_events_p202605", "catchup_events_p202606",
                "catchup_events_p202607", "catchup_events_p202608", "catchup_events_p202609");
    }

    @Test
    void aSecondManagerSkipsWhileTheLockIsHeld(TestDatabase db) throws SQLException {
        PartitionSpec spec = events("locked_events").build();
        PartitionManager manager = PartitionManager.builder(db.primary()).build();
        try (Connection other = db.primary().getConnection();
                PreparedStatement ps = other.prepareStatement("select pg_advisory_lock(?)")) {
            ps.setLong(1, MaintenanceSession.lockKey(spec));
            ps.execute();
            EnsureResult result = manager.ensure(spec);
            assertThat(result.skipped()).isTrue();
            assertThat(result.created()).isEmpty();
        }
        assertThat(manager.ensure(spec).skipped()).isFalse();
    }

    @Test
    void twoManagersAtOnceCreateEachPartitionOnceWithoutErrors(TestDatabase db) throws Exception {
        PartitionSpec spec = events("race_events").premake(6).build();
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<String> created = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                CyclicBarrier barrier = new CyclicBarrier(2);
                List<Future<EnsureResult>> results = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    PartitionManager manager = PartitionManager.builder(db.primary()).clock(clock).build();
                    results.add(pool.submit(() -> {
                        barrier.await();
                        return manager.ensure(spec);
                    }));
                }
                for (Future<EnsureResult> f : results) {
                    created.addAll(f.get(60, TimeUnit.SECONDS).created());
                }
                clock.advance(Duration.ofDays(31));
            }
            List<String> partitions = PartitionManager.builder(db.primary()).build().partitions(spec);
            assertThat(created).doesNotHaveDuplicates();
            assertThat(partitions).hasSize(11).doesNotHaveDuplicates()
                    .startsWith("race_events_p202603").endsWith("race_events_p202701");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void defaultPartitionRowsMoveIntoPartitionsCreatedForThem(TestDatabase db) throws SQLException {
        PartitionSpec spec = events("default_events").defaultPartition(true).premake(0).build();
        MutableClock clock = new MutableClock(Instant.parse("2026-06-10T00:00:00Z"));
        PartitionManager manager = PartitionManager.builder(db.primary()).clock(clock).build();
        manager.ensure(spec);
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement()) {
            s.execute("insert into default_events select g, g % 7, timestamptz '2026-09-01 00:00:00+00' + g * interval '1 hour',"
                    + " 'x' from generate_series(1, 1000) g");
        }
        assertThat(manager.rowsInDefault(spec)).isEqualTo(1000);
        EnsureResult result = manager.ensure(spec);
        assertThat(result.rowsMovedFromDefault()).isEqualTo(1000);
        assertThat(result.rowsInDefault()).isZero();
        assertThat(result.created()).containsExactly("default_events_p202609", "default_events_p202610");
        assertThat(count(db, "select count(*) from default_events")).isEqualTo(1000);
        assertThat(count(db, "select count(*) from default_events_p202609")).isEqualTo(719);
    }

    @Test
    void anIndexNameTakenByAnotherTablesIndexIsReportedInsteadOfSkipped(TestDatabase db) throws SQLException {
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement()) {
            // "ix_events" + index(user_id) and "ix_events_user" + index(id) derive the same index name
            s.execute("create table ix_events_user (id bigint); create index ix_events_user_id_idx on ix_events_user (id)");
        }
        PartitionSpec spec = events("ix_events").build();
        PartitionManager manager = PartitionManager.builder(db.primary()).build();

        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> manager.ensure(spec));
        assertThat(count(db, "select count(*) from pg_indexes where indexname = 'ix_events_user_id_idx'"
                + " and tablename = 'ix_events_user'")).isEqualTo(1);
        assertThat(failure).isInstanceOf(PartitionMaintenanceException.class)
                .hasMessage("index ix_events_user_id_idx on (user_id) of table public.ix_events cannot be created: an index of"
                        + " that name exists on another table; rename one of the tables or drop that index");
        assertThat(count(db, "select count(*) from pg_class where relname = 'ix_events'")).as("the parent, not created")
                .isZero();
    }

    @Test
    void retentionWithoutContentStoreIsRefused(TestDatabase db) {
        PartitionSpec spec = events("refused_events").retention(Retention.export(Period.ofMonths(1), "a/b")).build();
        PartitionManager manager = PartitionManager.builder(db.primary()).build();
        assertThatThrownBy(() -> manager.applyRetention(spec)).isInstanceOf(IllegalStateException.class)
                .hasMessage("table refused_events exports expired partitions but the manager has no ContentStore:"
                        + " set PartitionManager.Builder.contentStore(...)");
        assertThatThrownBy(() -> manager.applyRetention(events("no_retention").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("table no_retention has no retention: public.no_retention RANGE(created_at) by month");
    }

    static long count(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
