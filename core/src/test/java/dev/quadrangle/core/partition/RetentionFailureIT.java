package dev.quadrangle.core.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.quadrangle.core.testing.MutableClock;
import dev.quadrangle.core.testing.PutFailingContentStore;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.Period;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;

/** A retention step that fails after the detach leaves the partition attached, so its rows never vanish from the parent. */
@RealServices
class RetentionFailureIT {
    private static final Instant JANUARY = Instant.parse("2026-01-05T00:00:00Z");
    private static final Instant MARCH = Instant.parse("2026-03-02T00:00:00Z");

    private static PartitionSpec.Builder grades(String table) {
        return PartitionSpec.builder(table)
                .column("id", SQLDataType.BIGINT.notNull())
                .column("student_id", SQLDataType.BIGINT.notNull())
                .column("graded_at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
                .primaryKey("id", "graded_at")
                .partitionBy(PartitionLevel.range("graded_at", TimeInterval.MONTH))
                .premake(1);
    }

    private static void execute(TestDatabase db, String sql) {
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed", e);
        }
    }

    private static void loadJanuary(TestDatabase db, String table, int rows) {
        execute(db, "insert into " + table + " select g, g % 97, timestamptz '2026-01-01 00:00:00+00' + g * interval '1 minute'"
                + " from generate_series(1, " + rows + ") g");
    }

    private static long count(TestDatabase db, String sql) throws SQLException {
        return PartitionManagerIT.count(db, sql);
    }

    private static long attached(TestDatabase db, String parent, String partition) throws SQLException {
        return count(db, "select count(*) from pg_inherits where inhparent = '" + parent + "'::regclass and inhrelid = '"
                + partition + "'::regclass and not inhdetachpending");
    }

    @Test
    void aStoreThatRefusesThePutLeavesThePartitionAttachedAndItsRowsVisible(TestDatabase db) throws SQLException {
        PartitionSpec spec = grades("putfail_grade").retention(Retention.export(Period.ofMonths(1), "archive/grades")).build();
        PutFailingContentStore store = new PutFailingContentStore();
        MutableClock clock = new MutableClock(JANUARY);
        PartitionManager manager = PartitionManager.builder(db.primary()).clock(clock).contentStore(store).build();
        manager.ensure(spec);
        loadJanuary(db, "putfail_grade", 2000);
        clock.set(MARCH);

        Throwable failure = catchThrowable(() -> manager.applyRetention(spec));
        assertThat(count(db, "select count(*) from putfail_grade")).as("rows seen through the parent").isEqualTo(2000);
        assertThat(attached(db, "putfail_grade", "putfail_grade_p202601")).isEqualTo(1);
        assertThat(failure).isInstanceOf(PartitionMaintenanceException.class)
                .hasMessage("exporting partition putfail_grade_p202601 of putfail_grade to"
                        + " archive/grades/public/putfail_grade/putfail_grade_p202601.copy.gz failed: put of"
                        + " archive/grades/public/putfail_grade/putfail_grade_p202601.copy.gz failed: bucket unreachable;"
                        + " the partition was attached again and keeps its rows");
        assertThat(store.failedPuts()).isEqualTo(1);
        assertThat(store.size()).isZero();
        assertThat(manager.archives(spec)).as("no archive is recorded for a partition that was not archived").isEmpty();

        store.failPuts(false);
        RetentionResult next = manager.applyRetention(spec);
        assertThat(next.archived()).extracting(ArchivedPartition::state).containsExactly("DROPPED");
        assertThat(next.archived().get(0).rows()).isEqualTo(2000);
        assertThat(count(db, "select count(*) from putfail_grade")).isZero();
        assertThat(manager.restore(spec, "putfail_grade_p202601")).isEqualTo(2000);
    }

    @Test
    void rowsThatReachTheDefaultPartitionWhileTheExportFailsAreMovedBackWithThePartition(TestDatabase db) throws SQLException {
        PartitionSpec spec = grades("latefail_grade").defaultPartition(true)
                .retention(Retention.export(Period.ofMonths(1), "archive")).build();
        PutFailingContentStore store = new PutFailingContentStore();
        MutableClock clock = new MutableClock(JANUARY);
        PartitionManager manager = PartitionManager.builder(db.primary()).clock(clock).contentStore(store).build();
        manager.ensure(spec);
        loadJanuary(db, "latefail_grade", 300);
        clock.set(MARCH);
        // a January row written while the partition is detached goes to DEFAULT; re-attaching must take it along
        store.beforeFailing(() -> execute(db, "insert into latefail_grade values (900001, 5, '2026-01-20 10:00:00+00')"));

        Throwable failure = catchThrowable(() -> manager.applyRetention(spec));
        assertThat(count(db, "select count(*) from latefail_grade where graded_at < '2026-02-01'")).isEqualTo(301);
        assertThat(count(db, "select count(*) from latefail_grade_p202601")).isEqualTo(301);
        assertThat(count(db, "select count(*) from latefail_grade_default")).isZero();
        assertThat(failure).isInstanceOf(PartitionMaintenanceException.class).hasMessageContaining("bucket unreachable")
                .hasMessageEndingWith("the partition was attached again and keeps its rows");
        assertThat(manager.archives(spec)).isEmpty();
    }

    @Test
    void aMergeIntoTheArchiveSchemaThatFailsLeavesTheLateRowsAttached(TestDatabase db) throws SQLException {
        PartitionSpec spec = grades("movefail_grade").defaultPartition(true)
                .retention(Retention.archiveToSchema(Period.ofMonths(1), "movefail_archive")).build();
        MutableClock clock = new MutableClock(JANUARY);
        PartitionManager manager = PartitionManager.builder(db.primary()).clock(clock).build();
        manager.ensure(spec);
        loadJanuary(db, "movefail_grade", 500);
        clock.set(MARCH);
        manager.ensure(spec);
        assertThat(manager.applyRetention(spec).archived()).extracting(ArchivedPartition::state).containsExactly("ARCHIVED");
        ArchivedPartition archived = manager.archives(spec).get(0);
        // a late January row gets a partition of its own again; the archived table has changed shape meanwhile
        execute(db, "insert into movefail_grade values (900001, 5, '2026-01-20 10:00:00+00')");
        manager.ensure(spec);
        execute(db, "alter table movefail_archive.movefail_grade_p202601 drop column student_id");

        Throwable failure = catchThrowable(() -> manager.applyRetention(spec));
        assertThat(count(db, "select count(*) from movefail_grade")).as("rows seen through the parent").isEqualTo(1);
        assertThat(attached(db, "movefail_grade", "movefail_grade_p202601")).isEqualTo(1);
        assertThat(failure).isInstanceOf(PartitionMaintenanceException.class)
                .hasMessageStartingWith("merging late rows of partition movefail_grade_p202601 into schema movefail_archive"
                        + " failed:")
                .hasMessageEndingWith("; the partition was attached again and keeps its rows");
        assertThat(manager.archives(spec)).as("the record of the earlier archive").containsExactly(archived);
        assertThat(count(db, "select count(*) from movefail_archive.movefail_grade_p202601")).isEqualTo(500);
    }

    @Test
    void aStrangeTableWithThePartitionsNameInTheArchiveSchemaIsNotMergedInto(TestDatabase db) throws SQLException {
        PartitionSpec spec = grades("stranger_grade").retention(Retention.archiveToSchema(Period.ofMonths(1), "stranger_archive"))
                .build();
        MutableClock clock = new MutableClock(JANUARY);
        PartitionManager manager = PartitionManager.builder(db.primary()).clock(clock).build();
        manager.ensure(spec);
        loadJanuary(db, "stranger_grade", 500);
        execute(db, "create schema stranger_archive; create table stranger_archive.stranger_grade_p202601"
                + " (like stranger_grade)");
        clock.set(MARCH);

        Throwable failure = catchThrowable(() -> manager.applyRetention(spec));
        assertThat(count(db, "select count(*) from stranger_grade")).as("rows seen through the parent").isEqualTo(500);
        assertThat(count(db, "select count(*) from stranger_archive.stranger_grade_p202601")).isZero();
        assertThat(failure).isInstanceOf(PartitionMaintenanceException.class)
                .hasMessage("moving partition stranger_grade_p202601 of public.stranger_grade to schema stranger_archive failed:"
                        + " table stranger_archive.stranger_grade_p202601 exists and is not an archive of this partition (the"
                        + " catalog records none there); the partition was attached again and keeps its rows");
        assertThat(manager.archives(spec)).isEmpty();
    }

    @Test
    void aDetachThatTimesOutLeavesNoRecordOfADetach(TestDatabase db) throws SQLException {
        PartitionSpec spec = grades("detachfail_grade").defaultPartition(true).retention(Retention.drop(Period.ofMonths(1)))
                .build();
        MutableClock clock = new MutableClock(JANUARY);
        PartitionManager manager = PartitionManager.builder(db.primary()).clock(clock)
                .lockTimeout(java.time.Duration.ofMillis(100)).lockAttempts(1).build();
        manager.ensure(spec);
        loadJanuary(db, "detachfail_grade", 50);
        clock.set(MARCH);

        Throwable failure;
        try (Connection blocker = db.primary().getConnection(); Statement s = blocker.createStatement()) {
            // a reader of the parent holds the lock that a DETACH without CONCURRENTLY must wait for
            blocker.setAutoCommit(false);
            s.execute("lock table detachfail_grade in access share mode");
            failure = catchThrowable(() -> manager.applyRetention(spec));
            blocker.rollback();
        }
        assertThat(failure).isInstanceOf(PartitionMaintenanceException.class)
                .hasMessageStartingWith("detaching partition detachfail_grade_p202601 of public.detachfail_grade failed after"
                        + " 1 attempts with lock_timeout 100 ms:");
        assertThat(attached(db, "detachfail_grade", "detachfail_grade_p202601")).isEqualTo(1);
        assertThat(manager.archives(spec)).as("the catalog after a detach that did not happen").isEmpty();

        assertThat(manager.applyRetention(spec).archived()).extracting(ArchivedPartition::state).containsExactly("DROPPED");
    }

    @Test
    void tablesOfTwoSchemasArchivingToOneSchemaNeverMergeIntoEachOther(TestDatabase db) throws SQLException {
        Retention shared = Retention.archiveToSchema(Period.ofMonths(1), "shared_archive");
        PartitionSpec first = grades("twin_grade").schema("school_a").retention(shared).build();
        PartitionSpec second = grades("twin_grade").schema("school_b").retention(shared).build();
        MutableClock clock = new MutableClock(JANUARY);
        PartitionManager manager = PartitionManager.builder(db.primary()).clock(clock).build();
        manager.ensure(first);
        manager.ensure(second);
        loadJanuary(db, "school_a.twin_grade", 10);
        execute(db, "insert into school_b.twin_grade select 1000 + g, 1, timestamptz '2026-01-02 00:00:00+00'"
                + " from generate_series(1, 20) g");
        clock.set(MARCH);
        assertThat(manager.applyRetention(first).archived()).extracting(ArchivedPartition::state).containsExactly("ARCHIVED");

        Throwable failure = catchThrowable(() -> manager.applyRetention(second));
        assertThat(count(db, "select count(*) from shared_archive.twin_grade_p202601")).as("rows in the first table's archive")
                .isEqualTo(10);
        assertThat(count(db, "select count(*) from school_b.twin_grade")).isEqualTo(20);
        assertThat(failure).isInstanceOf(PartitionMaintenanceException.class)
                .hasMessage("moving partition twin_grade_p202601 of school_b.twin_grade to schema shared_archive failed: table"
                        + " shared_archive.twin_grade_p202601 exists and is not an archive of this partition (the catalog"
                        + " records none there); the partition was attached again and keeps its rows");
        assertThat(manager.archives(second)).isEmpty();
        assertThat(manager.restore(first, "twin_grade_p202601")).isEqualTo(10);
    }

    @Test
    void aResumedRunDoesNotTakeAnotherTablesArchivedPartitionForItsOwn(TestDatabase db) throws SQLException {
        Retention shared = Retention.archiveToSchema(Period.ofMonths(1), "resume_archive");
        PartitionSpec first = grades("twin_resume_grade").schema("resume_a").retention(shared).build();
        PartitionSpec second = grades("twin_resume_grade").schema("resume_b").retention(shared).build();
        MutableClock clock = new MutableClock(JANUARY);
        PartitionManager manager = PartitionManager.builder(db.primary()).clock(clock).build();
        manager.ensure(first);
        manager.ensure(second);
        loadJanuary(db, "resume_a.twin_resume_grade", 10);
        clock.set(MARCH);
        assertThat(manager.applyRetention(first).archived()).extracting(ArchivedPartition::state).containsExactly("ARCHIVED");
        // the second table's run died after its detach, and its partition was dropped by hand before the next run
        execute(db, "alter table resume_b.twin_resume_grade detach partition resume_b.twin_resume_grade_p202601;"
                + " drop table resume_b.twin_resume_grade_p202601;"
                + " insert into quadrangle.partition_archive (parent_schema, parent_table, partition_name, action, state)"
                + " values ('resume_b', 'twin_resume_grade', 'twin_resume_grade_p202601', 'ARCHIVE_SCHEMA', 'DETACHED')");

        assertThat(manager.applyRetention(second).archived()).extracting(ArchivedPartition::state).containsExactly("MISSING");
        assertThat(manager.archives(second)).extracting(ArchivedPartition::state).containsExactly("MISSING");
        assertThat(catchThrowable(() -> manager.restore(second, "twin_resume_grade_p202601")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was dropped without an archive");
        assertThat(count(db, "select count(*) from resume_archive.twin_resume_grade_p202601")).isEqualTo(10);
    }

    @Test
    void aResumedExportThatFailsAttachesThePartitionLeftDetachedByAnInterruptedRun(TestDatabase db) throws SQLException {
        PartitionSpec spec = grades("resumefail_grade").retention(Retention.export(Period.ofMonths(1), "archive")).build();
        PutFailingContentStore store = new PutFailingContentStore();
        MutableClock clock = new MutableClock(JANUARY);
        PartitionManager manager = PartitionManager.builder(db.primary()).clock(clock).contentStore(store).build();
        manager.ensure(spec);
        loadJanuary(db, "resumefail_grade", 700);
        clock.set(MARCH);
        assertThat(manager.archives(spec)).isEmpty();
        // what a run that died between its detach and its export leaves behind
        execute(db, "alter table resumefail_grade detach partition resumefail_grade_p202601;"
                + " insert into quadrangle.partition_archive (parent_schema, parent_table, partition_name, action, state)"
                + " values ('public', 'resumefail_grade', 'resumefail_grade_p202601', 'EXPORT', 'DETACHED')");
        assertThat(count(db, "select count(*) from resumefail_grade")).isZero();

        Throwable failure = catchThrowable(() -> manager.applyRetention(spec));
        assertThat(count(db, "select count(*) from resumefail_grade")).as("rows seen through the parent").isEqualTo(700);
        assertThat(attached(db, "resumefail_grade", "resumefail_grade_p202601")).isEqualTo(1);
        assertThat(failure).isInstanceOf(PartitionMaintenanceException.class).hasMessageContaining("bucket unreachable");
        assertThat(manager.archives(spec)).isEmpty();

        store.failPuts(false);
        assertThat(manager.applyRetention(spec).archived()).extracting(ArchivedPartition::state, ArchivedPartition::rows)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("DROPPED", 700L));
    }
}
