package dev.quadrangle.storage;

import dev.quadrangle.testkit.S3Server;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import software.amazon.awssdk.services.s3.S3Client;

/** Stores and schema for the integration tests. */
final class TestStores {
    private TestStores() {
    }

    /** Resilience settings that keep fault tests short. */
    static StoreResilience fastResilience() {
        return StoreResilience.builder()
                .attemptTimeout(Duration.ofSeconds(2))
                .maxAttempts(2)
                .backoff(Duration.ofMillis(20), Duration.ofMillis(100))
                .slidingWindowCalls(4)
                .openStateWait(Duration.ofMillis(500))
                .build();
    }

    static S3ContentStore s3Store(S3Client client, S3Server s3, StorageListener listener) {
        return S3ContentStore.builder()
                .client(client)
                .bucket(s3.bucket())
                .multipartThreshold(S3ContentStore.MIN_PART_SIZE_BYTES)
                .partSize(S3ContentStore.MIN_PART_SIZE_BYTES)
                .resilience(fastResilience())
                .listener(listener)
                .build();
    }

    /** A key prefix no other test class uses, since the bucket is shared by the JVM. */
    static String uniquePrefix(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The storage tables and an {@code activity} table like seed 000's, with inline and offloaded content columns. */
    static void createSchema(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            ContentSchema.install(c);
            s.execute("CREATE TABLE IF NOT EXISTS activity (id bigserial PRIMARY KEY, tenant text NOT NULL, "
                    + "title text NOT NULL, content jsonb, content_ref jsonb, "
                    + "CHECK ((content IS NULL) <> (content_ref IS NULL)))");
        }
    }

    static ReferenceSource activityReferences() {
        return JdbcReferenceColumn.of("activity", "id", "content_ref");
    }
}
