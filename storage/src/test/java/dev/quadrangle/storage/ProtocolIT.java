package dev.quadrangle.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.S3Server;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** Crashes between the two halves of a write or a delete, and what the outbox and reconciler make of them. */
@RealServices
class ProtocolIT {
    private static final Duration GRACE = Duration.ofHours(1);
    private static S3Client client;
    private static S3ContentStore store;
    private static ContentOffload offload;
    private static ContentOffloader offloader;
    private static String prefix;

    @BeforeAll
    static void setUp(TestDatabase db, S3Server s3) throws SQLException {
        TestStores.createSchema(db.primary());
        client = s3.newClient();
        store = TestStores.s3Store(client, s3, StorageListener.NOOP);
        prefix = TestStores.uniquePrefix("protocol");
        offload = ContentOffload.builder()
                .dataSource(db.primary())
                .store(store)
                .policy(OffloadPolicy.builder().inlineThreshold(1024).keyPrefix(prefix).build())
                .references(JdbcReferenceColumn.of("activity", "id", "content_ref"))
                .reconcilerGracePeriod(Duration.ofHours(1))  // longer than any transaction that writes content
                .build();
        offloader = offload.offloader();              // offload, read, scheduleDelete
        OutboxProcessor outbox = offload.outbox();    // deletes after commit: processPending() or start(interval)
        ContentReconciler reconciler = offload.reconciler(); // run() daily, under the policy's key prefix
        assertThat(outbox.batchSize()).isEqualTo(ContentOffload.DEFAULT_OUTBOX_BATCH_SIZE);
        assertThat(reconciler.keyPrefix()).isEqualTo(prefix);
        assertThat(reconciler.gracePeriod()).isEqualTo(GRACE);
    }

    @AfterAll
    static void tearDown() {
        offload.close();
        client.close();
    }

    /** A reconciler whose clock runs ahead, as if the run happened that much later. */
    private static ContentReconciler reconciler(TestDatabase db, Duration clockOffset) {
        return offload.toBuilder().clock(Clock.offset(Clock.systemUTC(), clockOffset)).build().reconciler();
    }

    private static OutboxProcessor outbox(TestDatabase db) {
        return offload.outbox();
    }

    private static String keyOf(ContentRef ref) {
        return ref.uri().substring(store.baseUri().length());
    }

    @Test
    void rollbackAfterThePutLeavesNoRowAndTheOrphanGoesAfterTheGracePeriod(TestDatabase db) throws Exception {
        long rowsBefore;
        ContentRef ref;
        try (Connection tx = db.primary().getConnection()) {
            rowsBefore = ActivityRows.count(tx);
            tx.setAutoCommit(false);
            StoredContent content = offloader.offload(tx, "school-1", "activity", TestPayloads.json(50_000, 1));
            ActivityRows.insert(tx, "school-1", "never committed", content);
            tx.rollback(); // the crash between put and commit
            ref = content.ref().orElseThrow();
            assertThat(ActivityRows.count(tx)).isEqualTo(rowsBefore);
        }
        assertThat(store.describe(keyOf(ref))).isPresent();

        ReconcileReport now = reconciler(db, Duration.ZERO).run();
        assertThat(now.orphansFound()).isZero();
        assertThat(now.unreferencedWithinGrace()).isGreaterThanOrEqualTo(1);
        assertThat(now.danglingCount()).isZero();
        assertThat(store.describe(keyOf(ref))).as("young objects are left alone").isPresent();

        ReconcileReport later = reconciler(db, GRACE.plusMinutes(1)).run();
        assertThat(later.orphansFound()).isGreaterThanOrEqualTo(1);
        assertThat(later.orphansDeleted()).isEqualTo(later.orphansFound());
        assertThat(later.danglingCount()).isZero();
        assertThat(store.describe(keyOf(ref))).isEmpty();
        assertThat(reconciler(db, GRACE.plusMinutes(1)).run().orphansFound()).isZero();
    }

    @Test
    void crashBetweenRowDeleteAndObjectDeleteLeavesNoDanglingReferenceAndTheObjectGoes(TestDatabase db) throws Exception {
        byte[] json = TestPayloads.json(40_000, 2);
        long keptId = insert(db, "school-2", "kept", TestPayloads.json(40_000, 3));
        long id = insert(db, "school-2", "deleted", json);
        ContentRef ref = ref(db, id);
        try (Connection tx = db.primary().getConnection()) {
            tx.setAutoCommit(false);
            delete(tx, id);                      // row first
            offloader.scheduleDelete(tx, ref);   // object later, through the outbox
            tx.commit();
        }
        // the process dies here: the outbox entry is committed, the object is still in S3
        assertThat(store.describe(keyOf(ref))).isPresent();
        ReconcileReport report = reconciler(db, GRACE.plusMinutes(1)).run();
        assertThat(report.danglingCount()).isZero();
        assertThat(report.orphansDeleted()).isGreaterThanOrEqualTo(1);
        assertThat(store.describe(keyOf(ref))).isEmpty();

        // after the restart the outbox entry finds the object already gone and is cleared
        outbox(db).processPending();
        assertThat(outboxEntries(db, keyOf(ref))).isZero();
        assertThat(offloader.read("school-2", content(db, keptId))).isEqualTo(TestPayloads.json(40_000, 3));
        assertThat(reconciler(db, GRACE.plusMinutes(1)).run().danglingCount()).isZero();
    }

    @Test
    void theOutboxDeletesAnObjectAfterCommitOnlyWhenNoRowReferencesIt(TestDatabase db) throws Exception {
        byte[] shared = TestPayloads.json(30_000, 4);
        long first = insert(db, "school-3", "copy 1", shared);
        long second = insert(db, "school-3", "copy 2", shared);
        ContentRef ref = ref(db, first);
        assertThat(ref(db, second)).isEqualTo(ref); // content-addressed: one object

        deleteWithOutbox(db, first, ref);
        OutboxProcessor processor = outbox(db);
        assertThat(processor.processPending()).isZero();
        assertThat(store.describe(keyOf(ref))).as("still referenced by the second row").isPresent();
        assertThat(offloader.read("school-3", content(db, second))).isEqualTo(shared);

        deleteWithOutbox(db, second, ref);
        assertThat(processor.processPending()).isEqualTo(1);
        assertThat(store.describe(keyOf(ref))).isEmpty();
        assertThat(outboxEntries(db, keyOf(ref))).isZero();
    }

    @Test
    void aWriterStoringContentThatIsBeingDeletedKeepsItsObject(TestDatabase db) throws Exception {
        byte[] json = TestPayloads.json(20_000, 5);
        long id = insert(db, "school-4", "old row", json);
        ContentRef ref = ref(db, id);
        deleteWithOutbox(db, id, ref);
        OutboxProcessor processor = outbox(db);
        try (Connection writer = db.primary().getConnection()) {
            writer.setAutoCommit(false);
            StoredContent again = offloader.offload(writer, "school-4", "activity", json); // same key, lock held shared
            assertThat(again.ref()).contains(ref);
            CompletableFuture<Integer> deleting = CompletableFuture.supplyAsync(() -> {
                try {
                    return processor.processPending();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitAdvisoryLockWaiter(db, Duration.ofSeconds(10));
            assertThat(deleting).isNotDone();
            ActivityRows.insert(writer, "school-4", "new row", again);
            writer.commit();
            assertThat(deleting.get(10, TimeUnit.SECONDS)).isZero();
        }
        assertThat(store.describe(keyOf(ref))).isPresent();
        assertThat(reconciler(db, GRACE.plusMinutes(1)).run().danglingCount()).isZero();
    }

    private static void awaitAdvisoryLockWaiter(TestDatabase db, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = db.primary().getConnection();
                    PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                            + "AND NOT granted AND classid = ?::oid")) {
                ps.setLong(1, Integer.toUnsignedLong(dev.quadrangle.storage.internal.AdvisoryLocks.CLASS_ID));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        return;
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the outbox processor never waited for the writer's lock");
    }

    private static long insert(TestDatabase db, String tenant, String title, byte[] json) throws Exception {
        try (Connection tx = db.primary().getConnection()) {
            tx.setAutoCommit(false);
            long id = ActivityRows.insert(tx, tenant, title, offloader.offload(tx, tenant, "activity", json));
            tx.commit();
            return id;
        }
    }

    private static StoredContent content(TestDatabase db, long id) throws SQLException {
        try (Connection c = db.primary().getConnection()) {
            return ActivityRows.content(c, id).orElseThrow();
        }
    }

    private static ContentRef ref(TestDatabase db, long id) throws SQLException {
        return content(db, id).ref().orElseThrow();
    }

    private static void delete(Connection tx, long id) throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement("DELETE FROM activity WHERE id = ?")) {
            ps.setLong(1, id);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    private static void deleteWithOutbox(TestDatabase db, long id, ContentRef ref) throws SQLException {
        try (Connection tx = db.primary().getConnection()) {
            tx.setAutoCommit(false);
            delete(tx, id);
            offloader.scheduleDelete(tx, ref);
            tx.commit();
        }
    }

    private static long outboxEntries(TestDatabase db, String key) throws SQLException {
        try (Connection c = db.primary().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM quadrangle_content_outbox WHERE object_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static List<String> keysUnder(String keyPrefix) {
        List<String> keys = new ArrayList<>();
        store.list(keyPrefix, o -> keys.add(o.key()));
        return keys;
    }
}
