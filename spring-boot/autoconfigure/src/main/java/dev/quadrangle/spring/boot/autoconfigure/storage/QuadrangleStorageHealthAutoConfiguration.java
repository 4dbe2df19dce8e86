package dev.quadrangle.spring.boot.autoconfigure.storage;

import dev.quadrangle.storage.ContentOffload;
import dev.quadrangle.storage.S3ContentStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The {@code quadrangleStorage} health contributor over the application's {@link S3ContentStore} (off with
 * {@code management.health.quadrangle-storage.enabled=false}).
 */
@AutoConfiguration(after = QuadrangleStorageAutoConfiguration.class)
@ConditionalOnClass({ S3ContentStore.class, S3Client.class, HealthIndicator.class })
@ConditionalOnBean({ S3ContentStore.class, S3Client.class })
@ConditionalOnEnabledHealthIndicator("quadrangle-storage")
public class QuadrangleStorageHealthAutoConfiguration {

    /** Created by Spring. */
    public QuadrangleStorageHealthAutoConfiguration() {
    }

    /**
     * The storage health indicator.
     *
     * @param client the S3 client
     * @param store the store
     * @param offload the content offload, when there is one
     * @return the indicator
     */
    @Bean
    @ConditionalOnMissingBean(name = "quadrangleStorageHealthIndicator")
    public StorageHealthIndicator quadrangleStorageHealthIndicator(S3Client client, S3ContentStore store,
            ObjectProvider<ContentOffload> offload) {
        return new StorageHealthIndicator(client, store, offload.getIfUnique());
    }
}
