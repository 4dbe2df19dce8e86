package dev.quadrangle.core.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quadrangle.core.testing.MutableClock;
import dev.quadrangle.core.testing.SteppedContentStore;
import dev.quadrangle.storage.InMemoryContentStore;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;

@RealServices
class RetentionIT {

    private static PartitionSpec.Builder grades(String table) {
        return PartitionSpec.builder(table)
                .column("id", SQLDataType.BIGINT.notNull())
                .column("student_id", SQLDataType.BIGINT.notNull())
                .column("score", SQLDataType.DOUBLE)
                .column("feedback", SQLDataType.CLOB)
                .column("graded_at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
                .primaryKey("id", "graded_at")
                .partitionBy(PartitionLevel.range("graded_at", TimeInterval.MONTH))
                .premake(1);
    }

    private static void load(TestDatabase db, String table, String month, int rows) throws SQLException {
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement()) {
            s.execute("insert into " + table + " select g, g % 97, g * 0.5, case when g % 3 = 0 then null else"
                    + " E'line\\ttab\\nnewline \\\\ ' || g end, timestamptz '" + month + "-01 00:00:00+00' + g * interval '1 minute'"
                    + " from generate_series(1, " + rows + ") g");
        }
    }

    private static String checksum(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1) + "/" + rs.getLong(2);
        }
    }

    @Test
    void exportVerifyDropAndRestoreGiveIdenticalRows(TestDatabase db) throws SQLException {
        PartitionSpec spec = grades("export_grades").retention(Retention.export(Period.ofMonths(2), "archive/grades")).build();
        InMemoryContentStore store = InMemoryContentStore.named("archives");
        MutableClock clock = new MutableClock(Instant.parse("2026-01-05T00:00:00Z"));
        PartitionManager manager = PartitionManager.builder(db.primary()).clock(clock).contentStore(store).build();
        manager.ensure(spec);
        load(db, "export_grades", "2026-01", 5000);
        String query = "select md5(string_agg(t::text, '|' order by id)), count(*) from export_grades t"
                + " where graded_at >= '2026-01-01' and graded_at < '2026-02-01'";
        String before = checksum(db, query);

        clock.set(Instant.parse("2026-04-10T00:00:00Z"));
        manager.ensure(spec);
        RetentionResult result = manager.applyRetention(spec);
        assertThat(result.archived()).hasSize(1);
        ArchivedPartition archived = result.archived().get(0);
        assertThat(archived.partition()).isEqualTo("export_grades_p202601");
        assertThat(archived.state()).isEqualTo("DROPPED");
        assertThat(archived.rows()).isEqualTo(5000);
        assertThat(archived.location()).contains("archive/grades/public/export_grades/export_grades_p202601.copy.gz");
        assertThat(archived.sha256().orElseThrow()).hasSize(64);
        assertThat(store.describe(archived.location().get()).orElseThrow().metadata())
                .containsEntry("quadrangle-sha256", archived.sha256().get()).containsEntry("quadrangle-rows", "5000");
        assertThat(manager.partitions(spec)).doesNotContain("export_grades_p202601");
        assertThat(PartitionManagerIT.count(db, "select count(*) from pg_class where relname = 'export_grades_p202601'")).isZero();
        assertThat(checksum(db, query)).isEqualTo("null/0");

        assertThat(manager.restore(spec, "export_grades_p202601")).isEqualTo(5000);
        assertThat(checksum(db, query)).isEqualTo(before);
        assertThat(manager.archives(spec)).extracting(ArchivedPartition::state).containsExactly("RESTORED");
        assertThat(manager.applyRetention(spec).archived()).isEmpty();
        assertThat(manager.partitions(spec)).contains("export_grades_p202601");
    }

    @Test
    void anObjectChangedInTheStoreBeforeItsReadBackKeepsThePartitionAttachedUntilTheNextRunVerifies(TestDatabase db)
            throws SQLException {
        PartitionSpec spec = grades("corrupt_grades").retention(Retention.export(Period.ofMonths(1), "archive")).build();
        InMemoryContentStore memory = InMemoryContentStore.named("archives");
        SteppedContentStore store = new SteppedContentStore(memory);
        MutableClock clock = new MutableClock(Instant.parse("2026-01-05T00:00:00Z"));
        PartitionManager manager = PartitionManager.builder(db.primary()).clock(clock).contentStore(store).build();
        manager.ensure(spec);
        load(db, "corrupt_grades", "2026-01", 2000);
        clock.set(Instant.parse("2026-03-02T00:00:00Z"));

        // the stored bytes change (same length) between the put and the read-back
        store.afterNextPut(key -> {
            try (java.io.InputStream in = memory.open(key).orElseThrow()) {
                byte[] bytes = in.readAllBytes();
                bytes[bytes.length / 2] ^= 0x5A;
                memory.overwrite(key, bytes);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThatThrownBy(() -> manager.applyRetention(spec)).isInstanceOf(PartitionMaintenanceException.class)
                .hasMessageStartingWith("archive archive/public/corrupt_grades/corrupt_grades_p202601.copy.gz failed"
                        + " verification: expected SHA-256 ")
                .hasMessageContaining(" and 2000 rows, read back ")
                .hasMessageEndingWith("; the partition was attached again and keeps its rows");
        assertThat(PartitionManagerIT.count(db, "select count(*) from corrupt_grades")).isEqualTo(2000);
        assertThat(manager.partitions(spec)).contains("corrupt_grades_p202601");
        assertThat(manager.archives(spec)).isEmpty();
        assertThat(memory.size()).as("the object that failed verification is deleted").isZero();

        RetentionResult resumed = manager.applyRetention(spec);
        assertThat(resumed.archived()).extracting(ArchivedPartition::state).containsExactly("DROPPED");
        assertThat(resumed.archived().get(0).rows()).isEqualTo(2000);
    }

    @Test
    void archiveSchemaKeepsATwoLevelPartitionQueryableAndRestoresIt(TestDatabase db) throws SQLException {
        PartitionSpec spec = grades("hashed_grades").subpartitionBy(PartitionLevel.hash("student_id", 4))
                .primaryKey("id", "graded_at", "student_id")
                .retention(Retention.archiveToSchema(Period.ofMonths(1), "grade_archive")).build();
        MutableClock clock = new MutableClock(Instant.parse("2026-01-05T00:00:00Z"));
        PartitionManager manager = PartitionManager.builder(db.primary()).clock(clock).build();
        manager.ensure(spec);
        load(db, "hashed_grades", "2026-01", 3000);
        String query = "select md5(string_agg(t::text, '|' order by id)), count(*) from hashed_grades t";
        String before = checksum(db, query);
        assertThat(PartitionManagerIT.count(db, "select count(*) from hashed_grades_p202601_h3")).isBetween(300L, 1200L);

        clock.set(Instant.parse("2026-03-02T00:00:00Z"));
        RetentionResult result = manager.applyRetention(spec);
        assertThat(result.archived()).extracting(ArchivedPartition::state).containsExactly("ARCHIVED");
        assertThat(PartitionManagerIT.count(db, "select count(*) from grade_archive.hashed_grades_p202601")).isEqualTo(3000);
        assertThat(PartitionManagerIT.count(db, "select count(*) from pg_tables where schemaname = 'grade_archive'")).isEqualTo(5);
        assertThat(PartitionManagerIT.count(db, "select count(*) from hashed_grades")).isZero();

        assertThat(manager.restore(spec, "hashed_grades_p202601")).isEqualTo(3000);
        assertThat(checksum(db, query)).isEqualTo(before);
    }

    @Test
    void anInterruptedDetachConcurrentlyIsFinishedByTheNextRun(TestDatabase db) throws Exception {
        PartitionSpec spec = grades("detach_grades").retention(Retention.drop(Period.ofMonths(1))).build();
        MutableClock clock = new MutableClock(Instant.parse("2026-01-05T00:00:00Z"));
        PartitionManager manager = PartitionManager.builder(db.primary()).clock(clock)
                .lockTimeout(Duration.ofSeconds(30)).lockAttempts(1).build();
        manager.ensure(spec);
        load(db, "detach_grades", "2026-01", 100);
        clock.set(Instant.parse("2026-03-02T00:00:00Z"));

        CompletableFuture<RetentionResult> run;
        try (Connection blocker = db.primary().getConnection(); Statement s = blocker.createStatement()) {
            // an open transaction that has used the parent makes DETACH ... CONCURRENTLY wait in its second phase
            blocker.setAutoCommit(false);
            s.executeQuery("select count(*) from detach_grades").close();
            run = CompletableFuture.supplyAsync(() -> manager.applyRetention(spec));
            int pid = awaitDetachBackend(db);
            try (Connection admin = db.primary().getConnection(); Statement a = admin.createStatement()) {
                a.executeQuery("select pg_cancel_backend(" + pid + ")").close();
            }
            assertThatThrownBy(() -> run.get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(PartitionMaintenanceException.class)
                    .cause().hasMessageContaining("detaching partition detach_grades_p202601")
                    .hasMessageContaining("canceling statement due to user request");
            blocker.commit();
        }
        assertThat(PartitionManagerIT.count(db, "select count(*) from pg_inherits where inhdetachpending"
                + " and inhrelid = 'detach_grades_p202601'::regclass")).isEqualTo(1);

        RetentionResult next = manager.applyRetention(spec);
        assertThat(next.finalizedDetaches()).containsExactly("detach_grades_p202601");
        assertThat(next.archived()).extracting(ArchivedPartition::partition, ArchivedPartition::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("detach_grades_p202601", "DROPPED"));
        assertThat(manager.partitions(spec)).doesNotContain("detach_grades_p202601");
        assertThat(PartitionManagerIT.count(db, "select count(*) from pg_inherits where inhdetachpending")).isZero();
    }

    private static int awaitDetachBackend(TestDatabase db) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery("select pid from pg_stat_activity where query ilike"
                        + " '%detach partition%concurrently%' and pid <> pg_backend_pid() and wait_event_type is not null"
                        + " and datname = current_database()")) {
                    if (rs.next()) {
                        return rs.getInt(1);
                    }
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("DETACH ... CONCURRENTLY never started waiting");
    }

    @Test
    void lateRowsOfAnExportedRangeJoinItsArchiveWithoutLosingTheFirstExport(TestDatabase db) throws SQLException {
        PartitionSpec spec = grades("late_grades").defaultPartition(true)
                .retention(Retention.export(Period.ofMonths(2), "archive/late")).build();
        InMemoryContentStore store = InMemoryContentStore.named("archives");
        MutableClock clock = new MutableClock(Instant.parse("2026-01-05T00:00:00Z"));
        PartitionManager manager = PartitionManager.builder(db.primary()).clock(clock).contentStore(store).build();
        manager.ensure(spec);
        load(db, "late_grades", "2026-01", 3000);
        clock.set(Instant.parse("2026-04-10T00:00:00Z"));
        manager.ensure(spec);
        ArchivedPartition first = manager.applyRetention(spec).archived().get(0);
        assertThat(first.location()).contains("archive/late/public/late_grades/late_grades_p202601.copy.gz");

        // a row of January arrives after January was exported: it waits in DEFAULT, then joins the archive
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement()) {
            s.execute("insert into late_grades values (900001, 5, 1.5, 'late', '2026-01-20 10:00:00+00')");
        }
        assertThat(PartitionManagerIT.count(db, "select count(*) from late_grades_default")).isEqualTo(1);
        EnsureResult ensured = manager.ensure(spec);
        assertThat(ensured.created()).contains("late_grades_p202601");
        assertThat(ensured.rowsInDefault()).isZero();
        RetentionResult second = manager.applyRetention(spec);

        assertThat(second.archived()).hasSize(1);
        ArchivedPartition merged = second.archived().get(0);
        assertThat(merged.state()).isEqualTo("DROPPED");
        assertThat(merged.rows()).isEqualTo(3001);
        assertThat(merged.location()).contains("archive/late/public/late_grades/late_grades_p202601.2.copy.gz");
        assertThat(store.describe(first.location().get())).as("the superseded generation is deleted").isEmpty();
        assertThat(manager.archives(spec)).singleElement().satisfies(a -> assertThat(a.sha256()).isEqualTo(merged.sha256()));

        assertThat(manager.restore(spec, "late_grades_p202601")).isEqualTo(3001);
        assertThat(PartitionManagerIT.count(db, "select count(*) from late_grades where graded_at < '2026-02-01'"))
                .isEqualTo(3001);
        assertThat(PartitionManagerIT.count(db, "select count(*) from late_grades where id = 900001")).isEqualTo(1);
    }

    @Test
    void lateRowsOfARangeInTheArchiveSchemaJoinTheArchivedTable(TestDatabase db) throws SQLException {
        PartitionSpec spec = grades("late_schema_grades").defaultPartition(true)
                .retention(Retention.archiveToSchema(Period.ofMonths(1), "late_archive")).build();
        MutableClock clock = new MutableClock(Instant.parse("2026-01-05T00:00:00Z"));
        PartitionManager manager = PartitionManager.builder(db.primary()).clock(clock).build();
        manager.ensure(spec);
        load(db, "late_schema_grades", "2026-01", 500);
        clock.set(Instant.parse("2026-03-02T00:00:00Z"));
        manager.ensure(spec);
        assertThat(manager.applyRetention(spec).archived()).extracting(ArchivedPartition::state).containsExactly("ARCHIVED");

        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement()) {
            s.execute("insert into late_schema_grades values (900002, 5, 2.5, 'late', '2026-01-21 10:00:00+00')");
        }
        manager.ensure(spec);
        assertThat(manager.applyRetention(spec).archived()).extracting(ArchivedPartition::state).containsExactly("ARCHIVED");
        assertThat(PartitionManagerIT.count(db, "select count(*) from late_archive.late_schema_grades_p202601")).isEqualTo(501);
        assertThat(PartitionManagerIT.count(db, "select count(*) from late_schema_grades")).isZero();
    }
}
