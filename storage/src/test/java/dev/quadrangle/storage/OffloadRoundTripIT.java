package dev.quadrangle.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quadrangle.storage.internal.Sha256;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.S3Server;
import dev.quadrangle.testkit.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

@RealServices
class OffloadRoundTripIT {
    private static final int THRESHOLD = 64 * 1024;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private static S3Client client;
    private static S3ContentStore store;
    private static ContentOffload offload;
    private static ContentOffloader offloader;
    private static MapCache cache;
    private static SimpleMeterRegistry registry;
    private static String prefix;
    private static StorageMetrics metrics;

    @BeforeAll
    static void setUp(TestDatabase db, S3Server s3) throws Exception {
        TestStores.createSchema(db.primary());
        client = s3.newClient();
        metrics = new StorageMetrics();
        registry = new SimpleMeterRegistry();
        metrics.bindTo(registry);
        store = TestStores.s3Store(client, s3, metrics);
        prefix = TestStores.uniquePrefix("roundtrip");
        cache = new MapCache();
        offload = ContentOffload.builder()
                .dataSource(db.primary())    // the host's PostgreSQL, never closed here
                .store(store)                // S3ContentStore.builder().client(s3Client).bucket(bucket)...build()
                .policy(OffloadPolicy.builder().inlineThreshold(THRESHOLD).keyPrefix(prefix).build())
                .references(JdbcReferenceColumn.of("activity", "id", "content_ref")) // every column holding references
                .cache(cache)                // any ReadThroughCache<String, byte[]>, optional
                .listener(metrics)           // StorageMetrics, optional
                .build();
        offloader = offload.offloader();
    }

    @AfterAll
    static void tearDown() {
        offload.close();
        client.close();
    }

    // offload on write, resolve on read: the example of README.md and docs/storage.md
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

    @ParameterizedTest
    @ValueSource(ints = {1024, 16 * 1024, THRESHOLD - 1, THRESHOLD, 256 * 1024, 1024 * 1024, 6 * 1024 * 1024, 20 * 1024 * 1024})
    void roundTripsInlineBelowTheThresholdAndOffloadedFromIt(int size, TestDatabase db) throws Exception {
        byte[] json = TestPayloads.exactJson(size, size);
        assertThat(json).hasSize(size);
        long id = saveActivity(db, "school-1", "size " + size, json);

        StoredContent stored;
        try (Connection c = db.primary().getConnection()) {
            stored = ActivityRows.content(c, id).orElseThrow();
        }
        assertThat(stored.isOffloaded()).as("offloaded at %d bytes", size).isEqualTo(size >= THRESHOLD);
        byte[] read = loadActivity(db, "school-1", id);
        if (!stored.isOffloaded()) {
            // jsonb keeps the value, not the text (it normalises spacing): compare as JSON
            assertThat(JSON.readTree(read)).isEqualTo(JSON.readTree(json));
        } else {
            assertThat(Sha256.hex(read)).as("offloaded content comes back byte for byte").isEqualTo(Sha256.hex(json));
            ContentRef ref = stored.ref().orElseThrow();
            assertThat(ref.size()).isEqualTo(size);
            assertThat(ref.sha256()).isEqualTo(Sha256.hex(json));
            assertThat(ref.codec()).isEqualTo(Codec.GZIP);
            assertThat(ref.storedSize()).isLessThan(size);
            String key = ref.uri().substring(store.baseUri().length());
            assertThat(ref.uri()).matches("s3://quadrangle-test/" + prefix + "/school-1/activity/\\d{4}/\\d{2}/[0-9a-f]{64}");
            byte[] object = client.getObjectAsBytes(b -> b.bucket("quadrangle-test").key(key)).asByteArray();
            assertThat(key).as("content-addressed by the stored bytes").endsWith("/" + Sha256.hex(object));
            assertThat(store.describe(key).orElseThrow().metadata())
                    .containsEntry("quadrangle-codec", "gzip")
                    .hasEntrySatisfying("content-encoding", v -> assertThat(v).startsWith("gzip"))
                    .containsEntry("quadrangle-sha256", ref.sha256());
        }
    }

    @Test
    void resolvingTwiceReadsThroughTheCache(TestDatabase db) throws Exception {
        byte[] json = TestPayloads.json(200 * 1024, 77);
        long id = saveActivity(db, "school-2", "cached", json);
        int loadsBefore = cache.loads.get();
        double cacheHitsBefore = registry.timer("quadrangle.storage.resolve", "source", "cache", "result", "success").count();

        assertThat(loadActivity(db, "school-2", id)).isEqualTo(json);
        assertThat(loadActivity(db, "school-2", id)).isEqualTo(json);

        assertThat(cache.loads.get() - loadsBefore).isEqualTo(1);
        assertThat(registry.timer("quadrangle.storage.resolve", "source", "cache", "result", "success").count() - cacheHitsBefore)
                .isEqualTo(1);
    }

    @Test
    void anObjectCorruptedBehindOurBackIsDetectedEveryTime(TestDatabase db, S3Server s3) throws Exception {
        byte[] json = TestPayloads.json(300 * 1024, 4242);
        ContentOffloader uncached = offload.toBuilder().cache(null).build().offloader();
        long id = saveActivity(db, "school-3", "to corrupt", json);
        ContentRef ref;
        try (Connection c = db.primary().getConnection()) {
            ref = ActivityRows.content(c, id).orElseThrow().ref().orElseThrow();
        }
        String key = ref.uri().substring(store.baseUri().length());
        byte[] original = client.getObjectAsBytes(b -> b.bucket(s3.bucket()).key(key)).asByteArray();
        assertThat(uncached.resolve("school-3", ref)).isEqualTo(json);
        double failuresBefore = registry.counter("quadrangle.storage.checksum.failures").count();

        byte[] flipped = original.clone();
        flipped[flipped.length / 2] ^= 0x01;
        byte[] random = new byte[original.length];
        new Random(1).nextBytes(random);
        byte[] sameLengthOtherContent = gzip(TestPayloads.exactJson(json.length, 4243));
        byte[][] tampered = {flipped, random, Arrays.copyOf(original, original.length - 100), gzip(new byte[json.length]),
            sameLengthOtherContent, Arrays.copyOf(original, original.length + 10)};
        for (byte[] bytes : tampered) {
            client.putObject(b -> b.bucket(s3.bucket()).key(key), RequestBody.fromBytes(bytes));
            assertThatThrownBy(() -> uncached.resolve("school-3", ref))
                    .isInstanceOf(ContentIntegrityException.class)
                    .hasMessageStartingWith("content object '" + key + "' ");
        }
        client.deleteObject(b -> b.bucket(s3.bucket()).key(key));
        assertThatThrownBy(() -> uncached.resolve("school-3", ref))
                .isInstanceOf(ContentIntegrityException.class)
                .hasMessage("content object '" + key + "' is missing from the store");
        assertThat(registry.counter("quadrangle.storage.checksum.failures").count() - failuresBefore)
                .isEqualTo(tampered.length + 1);

        client.putObject(b -> b.bucket(s3.bucket()).key(key), RequestBody.fromBytes(original));
        assertThat(uncached.resolve("school-3", ref)).isEqualTo(json);
    }

    @Test
    void aTenantReadingAnotherTenantsReferenceIsRejected(TestDatabase db) throws Exception {
        long id = saveActivity(db, "school-4", "private", TestPayloads.json(100 * 1024, 9));
        ContentRef ref;
        try (Connection c = db.primary().getConnection()) {
            ref = ActivityRows.content(c, id).orElseThrow().ref().orElseThrow();
        }
        int loadsBefore = cache.loads.get();
        assertThatThrownBy(() -> offloader.resolve("school-5", ref))
                .isInstanceOf(ContentAccessDeniedException.class)
                .hasMessage("content reference " + ref.uri() + " does not belong to tenant 'school-5'");
        // a forged reference that climbs out of the tenant's prefix
        ContentRef climbing = withUri(ref, store.baseUri() + prefix + "/school-5/../school-4/activity/2026/11/" + ref.sha256());
        assertThatThrownBy(() -> offloader.resolve("school-5", climbing))
                .isInstanceOf(ContentAccessDeniedException.class)
                .hasMessageContaining("has an invalid key: content key")
                .hasMessageContaining("must not contain a '.' or '..' segment");
        ContentRef otherBucket = withUri(ref, "s3://other-bucket/" + ref.uri().substring(store.baseUri().length()));
        assertThatThrownBy(() -> offloader.resolve("school-4", otherBucket))
                .isInstanceOf(ContentAccessDeniedException.class)
                .hasMessage("content reference " + otherBucket.uri() + " is not in store s3://quadrangle-test/");
        ContentRef otherPrefix = withUri(ref, store.baseUri() + "elsewhere/school-4/activity/2026/11/" + ref.sha256());
        assertThatThrownBy(() -> offloader.resolve("school-4", otherPrefix))
                .isInstanceOf(ContentAccessDeniedException.class)
                .hasMessage("content reference " + otherPrefix.uri() + " is outside key prefix '" + prefix + "'");
        assertThatThrownBy(() -> offloader.resolve("School 4", ref))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tenant must match [a-z0-9][a-z0-9_-]{0,62}, was 'School 4'");
        assertThat(cache.loads.get()).as("nothing was fetched").isEqualTo(loadsBefore);
        assertThat(registry.timer("quadrangle.storage.resolve", "source", "store", "result", "denied").count()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void offloadOutsideATransactionIsRefusedBeforeAnythingIsStored(TestDatabase db) throws Exception {
        try (Connection c = db.primary().getConnection()) {
            assertThatThrownBy(() -> offloader.offload(c, "school-6", "activity", TestPayloads.json(THRESHOLD, 5)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("the connection must be in a transaction (autoCommit false), so that the object's lock "
                            + "lasts until the row commits");
        }
        java.util.List<String> keys = new java.util.ArrayList<>();
        store.list(prefix + "/school-6/", o -> keys.add(o.key()));
        assertThat(keys).isEmpty();
    }

    @Test
    void offloadMetricsCountInlineAndOffloadedPayloads(TestDatabase db) throws Exception {
        double inlineBefore = registry.counter("quadrangle.storage.offload.writes", "placement", "inline").count();
        double offloadedBefore = registry.counter("quadrangle.storage.offload.writes", "placement", "offloaded").count();
        double bytesBefore = registry.counter("quadrangle.storage.offload.bytes", "placement", "offloaded").count();
        saveActivity(db, "school-7", "small", TestPayloads.json(2_000, 1));
        saveActivity(db, "school-7", "large", TestPayloads.exactJson(THRESHOLD * 2, 2));
        assertThat(registry.counter("quadrangle.storage.offload.writes", "placement", "inline").count() - inlineBefore).isEqualTo(1);
        assertThat(registry.counter("quadrangle.storage.offload.writes", "placement", "offloaded").count() - offloadedBefore).isEqualTo(1);
        assertThat(registry.counter("quadrangle.storage.offload.bytes", "placement", "offloaded").count() - bytesBefore)
                .isEqualTo(THRESHOLD * 2);
    }

    private static ContentRef withUri(ContentRef ref, String uri) {
        return new ContentRef(uri, ref.size(), ref.storedSize(), ref.sha256(), ref.codec(), ref.contentType());
    }

    private static byte[] gzip(byte[] raw) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
