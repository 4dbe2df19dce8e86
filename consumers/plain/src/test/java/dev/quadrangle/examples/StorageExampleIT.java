package dev.quadrangle.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.spi.ReadThroughCache;
import dev.quadrangle.storage.ContentOffload;
import dev.quadrangle.storage.ContentOffloader;
import dev.quadrangle.storage.ContentReconciler;
import dev.quadrangle.storage.ContentRef;
import dev.quadrangle.storage.ContentSchema;
import dev.quadrangle.storage.JdbcReferenceColumn;
import dev.quadrangle.storage.OffloadPolicy;
import dev.quadrangle.storage.OutboxProcessor;
import dev.quadrangle.storage.S3ContentStore;
import dev.quadrangle.storage.StorageMetrics;
import dev.quadrangle.storage.StoredContent;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.S3Server;
import dev.quadrangle.testkit.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** The storage examples of README.md and docs/storage.md, run against a real PostgreSQL and S3 server. */
@RealServices
class StorageExampleIT {
    private static final int THRESHOLD = 8 * 1024;
    private static final String PREFIX = "examples-" + UUID.randomUUID().toString().substring(0, 8);
    private static S3Client client;
    private static S3ContentStore store;
    private static ContentOffload offload;
    private static ContentOffloader offloader;

    /** Any {@link ReadThroughCache}: the cache module's regions in an application, a map here. */
    static final class MapCache implements ReadThroughCache<String, byte[]> {
        final Map<String, byte[]> map = new ConcurrentHashMap<>();

        @Override
        public byte[] get(String key, Function<? super String, ? extends byte[]> loader) {
            return map.computeIfAbsent(key, loader);
        }

        @Override
        public Optional<byte[]> getIfPresent(String key) {
            return Optional.ofNullable(map.get(key));
        }

        @Override
        public void put(String key, byte[] value) {
            map.put(key, value);
        }

        @Override
        public void invalidate(String key) {
            map.remove(key);
        }
    }

    @BeforeAll
    static void setUp(TestDatabase db, S3Server s3) throws SQLException {
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement()) {
            ContentSchema.install(c);
            s.execute("CREATE TABLE activity (id bigserial PRIMARY KEY, tenant text NOT NULL, title text NOT NULL, "
                    + "content jsonb, content_ref jsonb, CHECK ((content IS NULL) <> (content_ref IS NULL)))");
        }
        client = s3.newClient();
        store = S3ContentStore.builder().client(client).bucket(s3.bucket()).build();
        String prefix = PREFIX;
        MapCache cache = new MapCache();
        StorageMetrics metrics = new StorageMetrics();
        // @start region="content-offload"
        offload = ContentOffload.builder()
                .dataSource(db.primary())    // the host's PostgreSQL, never closed here
                .store(store)                // S3ContentStore.builder().client(s3Client).bucket(bucket)...build()
                .policy(OffloadPolicy.builder().inlineThreshold(THRESHOLD).keyPrefix(prefix).build())
                .references(JdbcReferenceColumn.of("activity", "id", "content_ref")) // every column holding references
                .cache(cache)                // any ReadThroughCache<String, byte[]>, optional
                .listener(metrics)           // StorageMetrics, optional
                .build();
        offloader = offload.offloader();
        // @end
    }

    @AfterAll
    static void tearDown() {
        if (offload != null) {
            offload.close();
        }
        if (client != null) {
            client.close();
        }
    }

    // @start region="save-and-load"
    static long saveActivity(TestDatabase db, String tenant, String title, byte[] json) throws Exception {
        try (Connection tx = db.primary().getConnection()) {
            tx.setAutoCommit(false);
            try {
                StoredContent content = offloader.offload(tx, tenant, "activity", json); // object first
                long id = ActivityRows.insert(tx, tenant, title, content);                 // row second
                tx.commit();
                return id;
            } catch (Exception e) {
                tx.rollback();
                throw e;
            }
        }
    }

    static byte[] loadActivity(TestDatabase db, String tenant, long id) throws Exception {
        try (Connection c = db.primary().getConnection()) {
            StoredContent content = ActivityRows.content(c, id).orElseThrow();
            return offloader.read(tenant, content); // verified: size, codec header, SHA-256
        }
    }
    // @end

    /** A JSON document of about the given size, written as PostgreSQL's jsonb prints it back. */
    static byte[] json(int bytes) {
        StringBuilder out = new StringBuilder("{\"questions\": [");
        for (int i = 0; out.length() < bytes; i++) {
            out.append(i == 0 ? "" : ", ").append("{\"id\": ").append(i).append(", \"text\": \"question ").append(i).append("\"}");
        }
        return out.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void largeContentGoesToS3AndSmallStaysInlineAndBothReadBack(TestDatabase db) throws Exception {
        byte[] large = json(40_000);
        byte[] small = json(200);
        long offloaded = saveActivity(db, "school-1", "large quiz", large);
        long inline = saveActivity(db, "school-1", "small quiz", small);

        assertThat(loadActivity(db, "school-1", offloaded)).isEqualTo(large);
        assertThat(loadActivity(db, "school-1", inline)).isEqualTo(small);
        try (Connection c = db.primary().getConnection()) {
            assertThat(ActivityRows.content(c, offloaded).orElseThrow().isOffloaded()).isTrue();
            assertThat(ActivityRows.content(c, inline).orElseThrow().isOffloaded()).isFalse();
        }
    }

    @Test
    void aDeletedRowsObjectGoesThroughTheOutbox(TestDatabase db) throws Exception {
        long id = saveActivity(db, "school-2", "to delete", json(20_000));
        ContentRef ref;
        try (Connection c = db.primary().getConnection()) {
            ref = ActivityRows.content(c, id).orElseThrow().ref().orElseThrow();
        }
        String prefix = PREFIX;
        String key = ref.uri().substring(store.baseUri().length());
        assertThat(store.describe(key)).isPresent();
        // @start region="offload-components"
        ContentOffload components = ContentOffload.builder()
                .dataSource(db.primary())
                .store(store)
                .policy(OffloadPolicy.builder().inlineThreshold(1024).keyPrefix(prefix).build())
                .references(JdbcReferenceColumn.of("activity", "id", "content_ref"))
                .reconcilerGracePeriod(Duration.ofHours(1))  // longer than any transaction that writes content
                .build();
        ContentOffloader offloader = components.offloader();     // offload, read, scheduleDelete
        OutboxProcessor outbox = components.outbox();           // deletes after commit: processPending() or start(interval)
        ContentReconciler reconciler = components.reconciler(); // run() daily, under the policy's key prefix
        // @end
        try (components) {
            // @start region="delete-through-outbox"
            try (Connection tx = db.primary().getConnection()) {
                tx.setAutoCommit(false);
                delete(tx, id);                      // row first
                offloader.scheduleDelete(tx, ref);   // object later, through the outbox
                tx.commit();
            }
            // @end
            assertThat(store.describe(key)).as("the object stays until the outbox runs").isPresent();
            assertThat(outbox.processPending()).isEqualTo(1);
            assertThat(store.describe(key)).isEmpty();
            assertThat(reconciler.run().danglingCount()).isZero();
        }
    }

    static void delete(Connection tx, long id) throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement("DELETE FROM activity WHERE id = ?")) {
            ps.setLong(1, id);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    /** The host side of the example: an {@code activity} row keeps its content inline or as a reference. */
    static final class ActivityRows {
        private ActivityRows() {
        }

        static long insert(Connection tx, String tenant, String title, StoredContent content) throws SQLException {
            try (PreparedStatement ps = tx.prepareStatement("INSERT INTO activity (tenant, title, content, content_ref) "
                    + "VALUES (?, ?, ?::jsonb, ?::jsonb) RETURNING id")) {
                ps.setString(1, tenant);
                ps.setString(2, title);
                ps.setString(3, content.inlineJson().orElse(null));
                ps.setString(4, content.ref().map(ContentRef::toJson).orElse(null));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }

        static Optional<StoredContent> content(Connection c, long id) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT content::text, content_ref::text FROM activity WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(StoredContent.fromColumns(rs.getString(1), rs.getString(2)))
                            : Optional.empty();
                }
            }
        }
    }
}
