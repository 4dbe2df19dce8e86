package dev.quadrangle.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class ConfigurationTest {
    /** Never asked for a connection: building touches no database. */
    private static final DataSource NO_DATABASE = (DataSource) Proxy.newProxyInstance(ConfigurationTest.class.getClassLoader(),
            new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                throw new AssertionError("building touched the database: " + method.getName());
            });
    private static final ReferenceSource ACTIVITY = JdbcReferenceColumn.of("activity", "id", "content_ref");

    @Test
    void badValuesNameThePropertyTheValueAndTheRange() {
        assertThatThrownBy(() -> OffloadPolicy.builder().inlineThreshold(-1))
                .hasMessage("inlineThreshold must be between 0 and 2147483631 bytes, was -1");
        assertThatThrownBy(() -> OffloadPolicy.builder().keyPrefix("a/b"))
                .hasMessage("keyPrefix must match [a-z0-9][a-z0-9_-]{0,62}, was 'a/b'");
        assertThatThrownBy(() -> OffloadPolicy.builder().contentType("text/plain\r\nX-Evil: 1"))
                .hasMessage("contentType must be 1 to 255 printable ASCII characters, was 'text/plain\r\nX-Evil: 1'");
        assertThatThrownBy(() -> S3ContentStore.builder().partSize(1024))
                .hasMessage("partSize must be between 5242880 and 268435456 bytes, was 1024");
        assertThatThrownBy(() -> S3ContentStore.builder().bucket("Bad_Bucket"))
                .hasMessage("bucket must be 3 to 63 lowercase letters, digits, '.' and '-', was 'Bad_Bucket'");
        assertThatThrownBy(() -> StoreResilience.builder().maxAttempts(0)).hasMessage("maxAttempts must be between 1 and 10, was 0");
        assertThatThrownBy(() -> StoreResilience.builder().attemptTimeout(Duration.ZERO))
                .hasMessage("attemptTimeout must be between PT0.01S and PT10M, was PT0S");
        assertThatThrownBy(() -> StoreResilience.builder().backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessage("maxBackoff must be between PT2S and PT5M, was PT1S");
        assertThatThrownBy(() -> StoreResilience.builder().failureRateThreshold(0))
                .hasMessage("failureRateThreshold must be in (0, 100], was 0.0");
        assertThatThrownBy(() -> ServerSideEncryption.kms(" "))
                .hasMessage("kmsKeyId must be a non-blank key id, alias or ARN of at most 2048 characters");
        for (String blank : new String[] {"\u00A0", "\u2007", "\u202F", "\u200B", "\uFEFF", "\u3000"}) {
            assertThatThrownBy(() -> ServerSideEncryption.kms(blank)).as("U+%04X", (int) blank.charAt(0))
                    .hasMessage("kmsKeyId must be a non-blank key id, alias or ARN of at most 2048 characters");
        }
        assertThatThrownBy(() -> ContentOffload.builder().reconcilerGracePeriod(Duration.ofSeconds(-1)))
                .hasMessage("reconcilerGracePeriod must be between PT0S and P365D, was PT-1S");
        assertThatThrownBy(() -> ContentOffload.builder().outboxBatchSize(0))
                .hasMessage("outboxBatchSize must be between 1 and 100000, was 0");
        assertThatThrownBy(() -> ContentOffload.builder().references())
                .hasMessage("references must name at least one ReferenceSource");
        LocatedContentStore noSlash = (LocatedContentStore) Proxy.newProxyInstance(ConfigurationTest.class.getClassLoader(),
                new Class<?>[] {LocatedContentStore.class}, (proxy, method, args) -> "memory://bad");
        assertThatThrownBy(() -> ContentOffload.builder().store(noSlash))
                .hasMessage("store.baseUri() must be a URI ending with '/', was 'memory://bad'");
        assertThatThrownBy(() -> JdbcReferenceColumn.of("activity; DROP TABLE x", "id", "ref"))
                .hasMessage("table must match [a-z_][a-z0-9_]{0,62}, was 'activity; DROP TABLE x'");
        assertThatThrownBy(() -> ContentOffload.builder().versionsSnapshotEvery(0))
                .hasMessage("versionsSnapshotEvery must be between 1 and 1000, was 0");
    }

    @Test
    void missingRequiredPartsFailAtBuild() {
        assertThatThrownBy(() -> S3ContentStore.builder().bucket("b-1").build())
                .isInstanceOf(IllegalStateException.class).hasMessage("client is required");
        assertThatThrownBy(() -> ContentOffload.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessage("store is required");
    }

    @Test
    void theOutboxAndTheReconcilerNeedADataSourceAndReferencesTogether() {
        InMemoryContentStore store = InMemoryContentStore.named("front-door");
        assertThatThrownBy(() -> ContentOffload.builder().store(store).dataSource(NO_DATABASE).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("references(...) is required with dataSource(...): name every column that holds content "
                        + "references, or the outbox processor and the reconciler would take the objects those rows "
                        + "reference for unreferenced ones");
        assertThatThrownBy(() -> ContentOffload.builder().store(store).references(ACTIVITY).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("references(...) is set but dataSource(...) is not: the outbox processor and the "
                        + "reconciler need the host's data source");
        assertThatThrownBy(() -> ContentOffload.builder().store(store).outboxBatchSize(10).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("outboxBatchSize(...) is set but dataSource(...) is not");
        assertThatThrownBy(() -> ContentOffload.builder().store(store).reconcilerGracePeriod(Duration.ZERO).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("reconcilerGracePeriod(...) is set but dataSource(...) is not");
        assertThatThrownBy(() -> ContentOffload.builder().store(store).reconcilerRepair(false).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("reconcilerRepair(...) is set but dataSource(...) is not");

        ContentOffload offloadOnly = ContentOffload.builder().store(store).versionsSnapshotEvery(5).build();
        assertThat(offloadOnly.offloader().baseUri()).isEqualTo("memory://front-door/");
        assertThat(offloadOnly.versions().snapshotEvery()).isEqualTo(5);
        assertThat(offloadOnly.references()).isEmpty();
        assertThatThrownBy(offloadOnly::outbox).isInstanceOf(IllegalStateException.class)
                .hasMessage("outbox() needs the host's data source: set dataSource(...) and references(...) on "
                        + "ContentOffload.builder()");
        assertThatThrownBy(offloadOnly::reconciler).isInstanceOf(IllegalStateException.class)
                .hasMessage("reconciler() needs the host's data source: set dataSource(...) and references(...) on "
                        + "ContentOffload.builder()");
    }

    @Test
    void onePolicyAndOneReferenceListServeEveryPart() {
        OffloadPolicy policy = OffloadPolicy.builder().keyPrefix("campus").inlineThreshold(8192).build();
        try (ContentOffload offload = ContentOffload.builder().store(InMemoryContentStore.named("one")).policy(policy)
                .dataSource(NO_DATABASE).references(ACTIVITY).outboxBatchSize(50).build()) {
            assertThat(offload.offloader().policy()).isSameAs(policy);
            assertThat(offload.reconciler().keyPrefix()).as("the reconciler works under the policy's prefix").isEqualTo("campus");
            assertThat(offload.reconciler().gracePeriod()).isEqualTo(ContentOffload.DEFAULT_RECONCILER_GRACE_PERIOD);
            assertThat(offload.reconciler().repairs()).isTrue();
            assertThat(offload.outbox().batchSize()).isEqualTo(50);
            assertThat(offload.versions().snapshotEvery()).isEqualTo(ContentOffload.DEFAULT_VERSIONS_SNAPSHOT_EVERY);
            assertThat(offload.references()).as("the host's sources, then the version history's")
                    .extracting(Object::toString)
                    .containsExactly("JdbcReferenceColumn[activity]", "JdbcReferenceColumn[quadrangle_content_version]");

            ContentOffload derived = offload.toBuilder().reconcilerRepair(false).build();
            assertThat(derived.reconciler().repairs()).isFalse();
            assertThat(derived.outbox().batchSize()).isEqualTo(50);
            assertThat(derived.offloader().policy()).isSameAs(policy);
            assertThat(offload.reconciler().repairs()).as("the original is unchanged").isTrue();
        }
    }

    @Test
    void defaultsAndCopies() {
        OffloadPolicy policy = OffloadPolicy.defaults();
        assertThat(policy.inlineThreshold()).isEqualTo(OffloadPolicy.DEFAULT_INLINE_THRESHOLD_BYTES);
        assertThat(policy.codec()).isEqualTo(Codec.GZIP);
        assertThat(policy.toBuilder().codec(Codec.ZSTD).build().codec()).isEqualTo(Codec.ZSTD);
        StoreResilience resilience = StoreResilience.builder().maxAttempts(3).attemptTimeout(Duration.ofSeconds(1))
                .backoff(Duration.ofMillis(100), Duration.ofMillis(150)).maxWaitForPermit(Duration.ZERO).build();
        // 3 attempts of 1 s, backoffs 100 ms and 150 ms (capped), each up to +50% jitter
        assertThat(resilience.worstCaseCallDuration()).isEqualTo(Duration.ofMillis(3000 + 150 + 225));
        assertThat(resilience.toBuilder().build().toString()).isEqualTo(resilience.toString());
    }
}
