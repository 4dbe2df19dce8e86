package dev.quadrangle.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigurationTest {

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
        assertThatThrownBy(() -> ContentReconciler.builder().gracePeriod(Duration.ofSeconds(-1)))
                .hasMessage("gracePeriod must be between PT0S and P365D, was PT-1S");
        assertThatThrownBy(() -> JdbcReferenceColumn.of("activity; DROP TABLE x", "id", "ref"))
                .hasMessage("table must match [a-z_][a-z0-9_]{0,62}, was 'activity; DROP TABLE x'");
        assertThatThrownBy(() -> ContentVersions.builder().snapshotEvery(0))
                .hasMessage("snapshotEvery must be between 1 and 1000, was 0");
    }

    @Test
    void missingRequiredPartsFailAtBuild() {
        assertThatThrownBy(() -> S3ContentStore.builder().bucket("b-1").build())
                .isInstanceOf(IllegalStateException.class).hasMessage("client is required");
        assertThatThrownBy(() -> ContentOffloader.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessage("store is required");
        assertThatThrownBy(() -> ContentReconciler.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessage("dataSource and store are required");
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
