package dev.quadrangle.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quadrangle.spi.ContentUnavailableException;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.S3Server;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** S3 stopped: metadata keeps working, content fails fast and typed, writes leave no row; all readable after restart. */
@RealServices
class S3OutageIT {

    @Test
    void s3DownMetadataWorksContentFailsFastNoPartialRowsAndEverythingReadableAfterRestart(TestDatabase db, S3Server s3)
            throws Exception {
        assumeTrue(s3.controllable(), "the S3 server is external");
        TestStores.createSchema(db.primary());
        String prefix = TestStores.uniquePrefix("outage");
        try (S3Client client = s3.newClient()) {
            // the circuit stays open for 3 s: long enough that a loaded machine cannot turn it half-open mid-test
            S3ContentStore store = S3ContentStore.builder().client(client).bucket(s3.bucket())
                    .resilience(TestStores.fastResilience().toBuilder().openStateWait(Duration.ofSeconds(3)).build())
                    .build();
            ContentOffload offload = ContentOffload.builder().dataSource(db.primary()).store(store)
                    .policy(OffloadPolicy.builder().inlineThreshold(4096).keyPrefix(prefix).build())
                    .references(TestStores.activityReferences()).build();
            ContentOffloader offloader = offload.offloader();
            OutboxProcessor outbox = offload.outbox();
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add(insert(db, offloader, "title " + i, TestPayloads.json(20_000 + i, i)));
            }
            long rows = count(db);
            ContentRef deletedRef = content(db, ids.get(4)).ref().orElseThrow();

            s3.stop();
            try {
                assertThat(listTitles(db)).hasSize((int) rows); // metadata queries do not touch S3
                // the bound is the point: a call fails within the resilience's worst case (a generous margin for a
                // busy machine on top), and a refusal by the open circuit makes no network attempt at all
                Duration worstCase = store.resilience().worstCaseCallDuration();
                Duration bound = worstCase.plusSeconds(5);
                long slowestFailure = 0;
                for (long id : ids) {
                    StoredContent content = content(db, id);
                    long start = System.nanoTime();
                    assertThatThrownBy(() -> offloader.read("school-1", content))
                            .isInstanceOf(ContentUnavailableException.class)
                            .hasMessageStartingWith("s3://quadrangle-test: get of '" + prefix + "/school-1/activity/")
                            .satisfies(e -> assertThat(messages(e)).doesNotContain(s3.secretKey()));
                    slowestFailure = Math.max(slowestFailure, System.nanoTime() - start);
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(bound);
                }
                assertThat(store.isCircuitOpen()).isTrue();
                StoredContent first = content(db, ids.get(0));
                long start = System.nanoTime();
                assertThatThrownBy(() -> offloader.read("school-1", first))
                        .isInstanceOf(ContentUnavailableException.class)
                        .hasMessageEndingWith("refused, the circuit is open after repeated failures");
                long refusal = System.nanoTime() - start;
                System.out.printf("S3 stopped: slowest failed read %.1f ms (worst case %d ms), refusal by the open circuit"
                        + " %.1f ms%n", slowestFailure / 1e6, worstCase.toMillis(), refusal / 1e6);
                assertThat(Duration.ofNanos(refusal)).as("no attempt of %s", store.resilience().attemptTimeout())
                        .isLessThan(store.resilience().attemptTimeout());

                assertThatThrownBy(() -> insert(db, offloader, "written while down", TestPayloads.json(30_000, 99)))
                        .isInstanceOf(ContentUnavailableException.class);
                assertThat(count(db)).as("no partial row").isEqualTo(rows);

                // deleting a row works while S3 is down; its object waits in the outbox
                try (Connection tx = db.primary().getConnection()) {
                    tx.setAutoCommit(false);
                    try (PreparedStatement ps = tx.prepareStatement("DELETE FROM activity WHERE id = ?")) {
                        ps.setLong(1, ids.get(4));
                        ps.executeUpdate();
                    }
                    offloader.scheduleDelete(tx, deletedRef);
                    tx.commit();
                }
                assertThat(outbox.processPending()).isZero();
                assertThat(outboxAttempts(db)).isEqualTo(1);
            } finally {
                s3.start();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (true) {
                try {
                    offloader.read("school-1", content(db, ids.get(0)));
                    break;
                } catch (ContentUnavailableException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(100);
                }
            }
            try (Connection c = db.primary().getConnection(); java.sql.Statement st = c.createStatement()) {
                st.execute("UPDATE quadrangle_content_outbox SET next_attempt_at = now()"); // due now, not after its backoff
            }
            assertThat(outbox.processPending()).isEqualTo(1);
            assertThat(outbox.pendingCount()).isZero();
            assertThat(store.describe(deletedRef.uri().substring(store.baseUri().length()))).isEmpty();
            ids.remove(4);
            for (int i = 0; i < ids.size(); i++) {
                assertThat(offloader.read("school-1", content(db, ids.get(i)))).isEqualTo(TestPayloads.json(20_000 + i, i));
            }
            insert(db, offloader, "written after restart", TestPayloads.json(30_000, 99));
            assertThat(count(db)).as("one row deleted while down, one written after").isEqualTo(rows);
        }
    }

    private static int outboxAttempts(TestDatabase db) throws Exception {
        try (Connection c = db.primary().getConnection(); java.sql.Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT attempts, last_error FROM quadrangle_content_outbox")) {
            rs.next();
            assertThat(rs.getString(2)).startsWith("s3://quadrangle-test: delete of '");
            return rs.getInt(1);
        }
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }

    private static long insert(TestDatabase db, ContentOffloader offloader, String title, byte[] json) throws Exception {
        try (Connection tx = db.primary().getConnection()) {
            tx.setAutoCommit(false);
            try {
                long id = ActivityRows.insert(tx, "school-1", title, offloader.offload(tx, "school-1", "activity", json));
                tx.commit();
                return id;
            } catch (Exception e) {
                tx.rollback();
                throw e;
            }
        }
    }

    private static StoredContent content(TestDatabase db, long id) throws Exception {
        try (Connection c = db.primary().getConnection()) {
            return ActivityRows.content(c, id).orElseThrow();
        }
    }

    private static long count(TestDatabase db) throws Exception {
        try (Connection c = db.primary().getConnection()) {
            return ActivityRows.count(c);
        }
    }

    private static List<String> listTitles(TestDatabase db) throws Exception {
        List<String> titles = new ArrayList<>();
        try (Connection c = db.primary().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id, title, content_ref->>'size' FROM activity ORDER BY id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                titles.add(rs.getString(2));
            }
        }
        return titles;
    }
}
