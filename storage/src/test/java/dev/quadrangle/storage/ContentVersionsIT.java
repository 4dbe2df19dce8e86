package dev.quadrangle.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.S3Server;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

@RealServices
class ContentVersionsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int K = 10;
    private static S3Client client;
    private static S3ContentStore store;
    private static ContentOffload offload;
    private static ContentVersions versions;
    private static String prefix;

    @BeforeAll
    static void setUp(TestDatabase db, S3Server s3) throws Exception {
        TestStores.createSchema(db.primary());
        client = s3.newClient();
        store = TestStores.s3Store(client, s3, StorageListener.NOOP);
        prefix = TestStores.uniquePrefix("versions");
        offload = ContentOffload.builder().dataSource(db.primary()).store(store)
                .policy(OffloadPolicy.builder().inlineThreshold(16 * 1024).keyPrefix(prefix).build())
                .references(TestStores.activityReferences())
                .versionsSnapshotEvery(K).build();
        versions = offload.versions();
    }

    @AfterAll
    static void tearDown() {
        offload.close();
        client.close();
    }

    @Test
    void twoHundredRandomEditsRebuildExactlyRevertAndStoreFarLessThanFullCopies(TestDatabase db) throws Exception {
        Random random = new Random(2026);
        ObjectNode document = (ObjectNode) JSON.readTree(TestPayloads.json(40_000, 1));
        List<JsonNode> saved = new ArrayList<>();
        try (Connection tx = db.primary().getConnection()) {
            tx.setAutoCommit(false);
            for (int i = 0; i < 200; i++) {
                edit(document, random, i);
                assertThat(versions.save(tx, "school-1", "activity-42", document)).isEqualTo(i + 1);
                saved.add(document.deepCopy());
                tx.commit();
            }
        }
        try (Connection c = db.primary().getConnection()) {
            for (int v = 1; v <= 200; v++) {
                assertThat(versions.load(c, "school-1", "activity-42", v)).as("version %d", v).contains(saved.get(v - 1));
            }
            assertThat(versions.load(c, "school-1", "activity-42", 201)).isEmpty();
            assertThat(versions.latest(c, "school-1", "activity-42")).contains(saved.get(199));

            List<VersionInfo> listed = new ArrayList<>();
            int pages = 0;
            // 200 versions in pages of 64: four pages and an empty one; a cursor that does not move stops at ten
            for (int after = 0; pages < 10; pages++) {
                List<VersionInfo> page = versions.list(c, "school-1", "activity-42", after, 64);
                if (page.isEmpty()) {
                    break;
                }
                listed.addAll(page);
                after = page.get(page.size() - 1).version();
            }
            assertThat(pages).as("pages listed").isEqualTo(4);
            assertThat(listed).extracting(VersionInfo::version).containsExactlyElementsOf(range(1, 200));
            assertThat(listed).filteredOn(VersionInfo::snapshot).extracting(VersionInfo::version)
                    .containsExactly(1, 11, 21, 31, 41, 51, 61, 71, 81, 91, 101, 111, 121, 131, 141, 151, 161, 171, 181, 191);
            assertThat(listed).filteredOn(VersionInfo::snapshot).allMatch(VersionInfo::offloaded);
            assertThat(listed).filteredOn(v -> !v.snapshot()).noneMatch(VersionInfo::offloaded);

            VersionUsage usage = versions.usage(c, "school-1", "activity-42");
            assertThat(usage.versions()).isEqualTo(200);
            assertThat(usage.fullCopyBytes()).isEqualTo(listed.stream().mapToLong(VersionInfo::documentBytes).sum());
            assertThat(usage.ratio()).as("stored %d of %d bytes", usage.storedBytes(), usage.fullCopyBytes()).isLessThan(0.05);
        }
        try (Connection tx = db.primary().getConnection()) {
            tx.setAutoCommit(false);
            assertThat(versions.revert(tx, "school-1", "activity-42", 37)).isEqualTo(201);
            tx.commit();
            assertThat(versions.latest(tx, "school-1", "activity-42")).contains(saved.get(36));
            assertThatThrownBy(() -> versions.revert(tx, "school-1", "activity-42", 500))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("document 'activity-42' of tenant 'school-1' has no version 500");
            tx.rollback();
        }
        // the version rows' references are wired in by ContentOffload: none of the 21 objects is an orphan
        ReconcileReport report = offload.toBuilder().reconcilerGracePeriod(java.time.Duration.ZERO).build().reconciler().run();
        assertThat(report.danglingCount()).isZero();
        assertThat(report.orphansFound()).isZero();
        assertThat(report.objectsScanned()).isEqualTo(21);
    }

    @Test
    void versionsOfOneTenantAreNotVisibleToAnother(TestDatabase db) throws Exception {
        try (Connection tx = db.primary().getConnection()) {
            tx.setAutoCommit(false);
            versions.save(tx, "school-2", "doc", JSON.readTree("{\"a\":1}"));
            tx.commit();
            assertThat(versions.latest(tx, "school-3", "doc")).isEmpty();
            assertThat(versions.latest(tx, "school-2", "doc")).contains(JSON.readTree("{\"a\":1}"));
            tx.rollback();
        }
    }

    private static void edit(ObjectNode document, Random random, int i) {
        ArrayNode blocks = (ArrayNode) document.get("blocks");
        switch (random.nextInt(5)) {
            case 0:
                ((ObjectNode) blocks.get(random.nextInt(blocks.size()))).put("text", "edited " + i + " " + random.nextInt());
                break;
            case 1:
                blocks.insert(random.nextInt(blocks.size() + 1), JSON.createObjectNode().put("id", 10_000 + i).put("text", "new " + i));
                break;
            case 2:
                if (blocks.size() > 1) {
                    blocks.remove(random.nextInt(blocks.size()));
                }
                break;
            case 3:
                document.put("title", "Title " + i);
                document.putObject("meta").put("revision", i).put("tags/with~chars", random.nextBoolean());
                break;
            default:
                ((ObjectNode) blocks.get(random.nextInt(blocks.size()))).put("points", random.nextInt(10));
                break;
        }
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> list = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            list.add(i);
        }
        return list;
    }
}
