package dev.quadrangle.spring.boot.autoconfigure.storage;

import dev.quadrangle.storage.ContentOffload;
import dev.quadrangle.storage.S3ContentStore;
import java.time.Duration;
import java.util.Objects;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;

/**
 * Health of content offload: whether the bucket answers a {@code HeadBucket} within
 * {@link #PROBE_TIMEOUT}, the store's circuit breaker, and the outbox's pending deletes. Always UP: with
 * the bucket unreachable, inline content and the rest of the application keep working and every node is
 * equally affected, so the details say {@code reachable: false} instead of taking the node out of a load
 * balancer. Thread-safe.
 */
public final class StorageHealthIndicator extends AbstractHealthIndicator {
    /** How long the bucket probe may take. */
    public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private final S3Client client;
    private final S3ContentStore store;
    private final ContentOffload offload;

    /**
     * A health indicator of a bucket.
     *
     * @param client the S3 client the store uses
     * @param store the store
     * @param offload the content offload, or {@code null}: then no outbox detail
     */
    public StorageHealthIndicator(S3Client client, S3ContentStore store, ContentOffload offload) {
        super("Storage health check failed");
        this.client = Objects.requireNonNull(client, "client");
        this.store = Objects.requireNonNull(store, "store");
        this.offload = offload;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.up().withDetail("bucket", store.bucket());
        try {
            client.headBucket(HeadBucketRequest.builder().bucket(store.bucket())
                    .overrideConfiguration(c -> c.apiCallTimeout(PROBE_TIMEOUT)).build());
            builder.withDetail("reachable", true);
        } catch (SdkException e) {
            builder.withDetail("reachable", false).withDetail("cause", e.getClass().getSimpleName());
        }
        builder.withDetail("circuit", store.isCircuitOpen() ? "open" : "closed");
        if (offload != null && !offload.references().isEmpty()) {
            try {
                builder.withDetail("outboxPending", offload.outbox().pendingCount());
            } catch (java.sql.SQLException | RuntimeException e) {
                builder.withDetail("outboxPending", "unknown (" + e.getClass().getSimpleName() + ")");
            }
        }
    }
}
