package dev.quadrangle.spring.boot.autoconfigure.it.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.spring.boot.autoconfigure.it.TestServices;
import dev.quadrangle.spring.boot.autoconfigure.storage.ContentOffloadScheduler;
import dev.quadrangle.spring.boot.autoconfigure.storage.StorageHealthIndicator;
import dev.quadrangle.storage.ContentOffloader;
import dev.quadrangle.storage.ContentRef;
import dev.quadrangle.storage.LocatedContentStore;
import dev.quadrangle.storage.S3ContentStore;
import dev.quadrangle.testkit.QuadrangleServices;
import dev.quadrangle.testkit.S3Server;
import dev.quadrangle.testkit.TestDatabase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Content offload from properties on the testkit's PostgreSQL and S3: the store and the offloader come from
 * the application's {@code S3Client} bean, the outbox processor and the reconciler run on the schedules of
 * the properties and stop with the context (checked when the class closes it), and health shows the bucket reachable or not without taking the
 * application DOWN.
 */
class StorageIT {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static TestDatabase db;
    private static ConfigurableApplicationContext context;
    private static final String PREFIX = "spring-it-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void start() {
        db = TestServices.database("storage");
        TestServices.execute(db, "CREATE TABLE activity (id bigserial PRIMARY KEY, tenant text NOT NULL, content jsonb, "
                + "content_ref jsonb, CHECK ((content IS NULL) <> (content_ref IS NULL)))");
        context = new SpringApplicationBuilder(StorageApplication.class).web(WebApplicationType.NONE)
                .properties(TestServices.args(TestServices.routing(db)))
                .properties("quadrangle.storage.s3.bucket=" + QuadrangleServices.s3().bucket(),
                        "quadrangle.storage.install-schema=true",
                        "quadrangle.storage.offload.inline-threshold=1KB",
                        "quadrangle.storage.offload.key-prefix=" + PREFIX,
                        "quadrangle.storage.references[0].table=activity",
                        "quadrangle.storage.references[0].id-column=id",
                        "quadrangle.storage.references[0].ref-column=content_ref",
                        "quadrangle.storage.outbox.interval=200ms",
                        "quadrangle.storage.reconciler.interval=1s",
                        "quadrangle.storage.reconciler.grace-period=5s")
                .run();
    }

    /** Closing the context stops the outbox processor's and the reconciler's threads. */
    @AfterAll
    static void stop() throws InterruptedException {
        try {
            if (context != null) {
                ContentOffloadScheduler scheduler = context.getBean(ContentOffloadScheduler.class);
                assertThat(threads("quadrangle-spring-storage-reconciler")).isEqualTo(1);
                assertThat(threads("quadrangle-storage-outbox")).isEqualTo(1);
                context.close();
                assertThat(scheduler.isRunning()).isFalse();
                await("the reconciler's and the outbox processor's threads stopped",
                        () -> threads("quadrangle-spring-storage-reconciler") + threads("quadrangle-storage-outbox") == 0);
            }
        } finally {
            QuadrangleServices.restoreStoppedServices();
            if (db != null) {
                db.close();
            }
        }
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " within " + DEADLINE);
            }
            Thread.sleep(50);
        }
    }

    static String json(int bytes) {
        return "{\"text\":\"" + "x".repeat(bytes) + "\"}";
    }

    @Test
    void theOutboxProcessorDeletesARemovedActivitysObjectOnItsSchedule() throws Exception {
        StorageApplication.Activities activities = context.getBean(StorageApplication.Activities.class);
        LocatedContentStore store = context.getBean(LocatedContentStore.class);
        ContentOffloader offloader = context.getBean(ContentOffloader.class);
        assertThat(store).isInstanceOf(S3ContentStore.class);

        long small = activities.create("t1", json(10));
        assertThat(activities.ref(small)).isEmpty(); // inline
        long large = activities.create("t1", json(4096));
        ContentRef ref = activities.ref(large).orElseThrow();
        String key = offloader.keyFor("t1", ref);
        assertThat(key).startsWith(PREFIX + "/");
        assertThat(new String(offloader.resolve("t1", ref), StandardCharsets.UTF_8)).isEqualTo(json(4096));

        activities.delete(large, ref);
        // the outbox processor, not the reconciler (whose grace period is longer than this takes), deletes it
        await("the outbox processor deleted " + key, () -> store.describe(key).isEmpty());
        await("the outbox processor counted a delete", () -> {
            Counter deleted = context.getBean(MeterRegistry.class).find("quadrangle.storage.outbox.processed")
                    .tag("result", "deleted").counter();
            return deleted != null && deleted.count() > 0;
        });
    }

    @Test
    void theReconcilerDeletesAnOrphanOnItsSchedule() throws Exception {
        LocatedContentStore store = context.getBean(LocatedContentStore.class);
        ContentOffloadScheduler scheduler = context.getBean(ContentOffloadScheduler.class);
        String orphan = PREFIX + "/t1/activity/orphan-" + UUID.randomUUID();
        byte[] body = json(2048).getBytes(StandardCharsets.UTF_8);
        store.put(orphan, new ByteArrayInputStream(body), body.length, Map.of());
        assertThat(store.describe(orphan)).isPresent();
        long runs = scheduler.reconcilerRuns();
        await("the reconciler deleted the orphan " + orphan, () -> store.describe(orphan).isEmpty());
        assertThat(scheduler.reconcilerRuns()).isGreaterThan(runs);
    }

    @Test
    void healthShowsTheBucketAndAStoppedS3KeepsTheApplicationUp() throws Exception {
        StorageHealthIndicator indicator = context.getBean(StorageHealthIndicator.class);
        Health up = indicator.health(true);
        assertThat(up.getStatus().getCode()).isEqualTo("UP");
        assertThat(up.getDetails()).containsEntry("reachable", true).containsEntry("circuit", "closed")
                .containsEntry("bucket", QuadrangleServices.s3().bucket()).containsKey("outboxPending");
        S3Server s3 = QuadrangleServices.s3();
        s3.stop();
        try {
            Health stopped = indicator.health(true);
            System.out.println("storage health with S3 stopped: " + stopped);
            assertThat(stopped.getStatus().getCode()).isEqualTo("UP");
            assertThat(stopped.getDetails()).containsEntry("reachable", false);
            assertThat(stopped.toString()).doesNotContain(s3.secretKey());
        } finally {
            QuadrangleServices.restoreStoppedServices();
        }
        await("the bucket reachable again", () -> Boolean.TRUE.equals(indicator.health(true).getDetails().get("reachable")));
    }

    static long threads(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name) && t.isAlive()).count();
    }
}
