package dev.quadrangle.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quadrangle.storage.internal.Sha256;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.S3Server;
import dev.quadrangle.testkit.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * What reading and reconciling make of objects changed behind the offloader's back on the real S3 server: bytes
 * changed in place, a reference whose checksum no longer matches the content, and an object deleted while a row
 * still points at it.
 */
@RealServices
class ContentIntegrityOnS3IT {
    private static final int THRESHOLD = 1024;
    private static S3Client client;
    private static S3ContentStore store;
    private static ContentOffload offload;
    private static ContentOffloader offloader;
    private static StorageMetrics metrics;
    private static SimpleMeterRegistry registry;
    private static String bucket;

    @BeforeAll
    static void setUp(TestDatabase db, S3Server s3) throws Exception {
        TestStores.createSchema(db.primary());
        client = s3.newClient();
        bucket = s3.bucket();
        metrics = new StorageMetrics();
        registry = new SimpleMeterRegistry();
        metrics.bindTo(registry);
        store = TestStores.s3Store(client, s3, metrics);
        offload = ContentOffload.builder().dataSource(db.primary()).store(store)
                .policy(OffloadPolicy.builder().inlineThreshold(THRESHOLD).keyPrefix(TestStores.uniquePrefix("integrity")).build())
                .references(TestStores.activityReferences()).listener(metrics).build();
        offloader = offload.offloader();
    }

    @AfterAll
    static void tearDown() {
        offload.close();
        client.close();
    }

    private static long save(TestDatabase db, String title, byte[] json) throws Exception {
        try (Connection tx = db.primary().getConnection()) {
            tx.setAutoCommit(false);
            StoredContent content = offloader.offload(tx, "school-1", "activity", json);
            assertThat(content.isOffloaded()).isTrue();
            long id = ActivityRows.insert(tx, "school-1", title, content);
            tx.commit();
            return id;
        }
    }

    private static StoredContent content(TestDatabase db, long id) throws Exception {
        try (Connection c = db.primary().getConnection()) {
            return ActivityRows.content(c, id).orElseThrow();
        }
    }

    private static String keyOf(StoredContent content) {
        return content.ref().orElseThrow().uri().substring(store.baseUri().length());
    }

    @Test
    void bytesChangedInPlaceOnS3AreRefusedByTheKeysChecksum(TestDatabase db) throws Exception {
        byte[] json = TestPayloads.json(30_000, 11);
        long id = save(db, "changed in place", json);
        StoredContent stored = content(db, id);
        String key = keyOf(stored);
        assertThat(offloader.read("school-1", stored)).isEqualTo(json);

        // the same length, one byte changed, written over the object with a plain (unconditional) put
        ResponseBytes<GetObjectResponse> object = client.getObjectAsBytes(b -> b.bucket(bucket).key(key));
        byte[] bytes = object.asByteArray();
        bytes[bytes.length / 2] ^= 0x20;
        client.putObject(b -> b.bucket(bucket).key(key).metadata(object.response().metadata())
                .contentType(object.response().contentType()), RequestBody.fromBytes(bytes));
        assertThat(store.describe(key).orElseThrow().size()).isEqualTo(stored.ref().orElseThrow().storedSize());

        assertThatThrownBy(() -> offloader.read("school-1", stored)).isInstanceOf(ContentIntegrityException.class)
                .hasMessage("content object '" + key + "' stored bytes do not hash to the key's SHA-256");
    }

    @Test
    void aReferenceWhoseChecksumDiffersFromTheContentIsRefused(TestDatabase db) throws Exception {
        byte[] json = TestPayloads.json(30_000, 12);
        long id = save(db, "reference changed", json);
        String other = Sha256.hex(TestPayloads.json(30_000, 13));
        try (Connection c = db.primary().getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE activity SET content_ref = jsonb_set(content_ref,"
                        + " '{sha256}', to_jsonb(?::text)) WHERE id = ?")) {
            ps.setString(1, other);
            ps.setLong(2, id);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        StoredContent stored = content(db, id);
        assertThat(stored.ref().orElseThrow().sha256()).isEqualTo(other);

        assertThatThrownBy(() -> offloader.read("school-1", stored)).isInstanceOf(ContentIntegrityException.class)
                .hasMessage("content object '" + keyOf(stored) + "' SHA-256 is " + Sha256.hex(json)
                        + ", the reference says " + other);
    }

    @Test
    void anObjectDeletedUnderARowIsReportedAsADanglingReferenceAndCounted(TestDatabase db) throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(save(db, "dangling " + i, TestPayloads.json(20_000 + i, 20 + i)));
        }
        StoredContent gone = content(db, ids.get(1));
        String key = keyOf(gone);
        client.deleteObject(b -> b.bucket(bucket).key(key));
        assertThat(store.describe(key)).isEmpty();

        ReconcileReport report = offload.reconciler().run();
        assertThat(report.danglingCount()).isEqualTo(1);
        assertThat(report.danglingReferences()).singleElement().satisfies(row -> {
            assertThat(row.table()).isEqualTo("activity");
            assertThat(row.rowId()).isEqualTo(Long.toString(ids.get(1)));
            assertThat(row.ref()).isEqualTo(gone.ref().orElseThrow());
        });
        assertThat(registry.get("quadrangle.storage.reconcile.dangling").gauge().value()).isEqualTo(1.0);
        assertThatThrownBy(() -> offloader.read("school-1", gone)).isInstanceOf(ContentIntegrityException.class)
                .hasMessage("content object '" + key + "' is missing from the store");
        assertThat(offloader.read("school-1", content(db, ids.get(0)))).isEqualTo(TestPayloads.json(20_000, 20));
    }
}
