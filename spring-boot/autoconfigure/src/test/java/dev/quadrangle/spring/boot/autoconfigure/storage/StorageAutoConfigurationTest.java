package dev.quadrangle.spring.boot.autoconfigure.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.core.jooq.QueryTimingListener;
import dev.quadrangle.core.metrics.QueryMetrics;
import dev.quadrangle.spring.boot.autoconfigure.QuadrangleConfigurationException;
import dev.quadrangle.spring.boot.autoconfigure.QuadrangleConfigurationFailureAnalyzer;
import dev.quadrangle.spring.boot.autoconfigure.jooq.QuadrangleJooqAutoConfiguration;
import dev.quadrangle.storage.Codec;
import dev.quadrangle.storage.ContentOffload;
import dev.quadrangle.storage.ContentOffloader;
import dev.quadrangle.storage.ContentVersions;
import dev.quadrangle.storage.InMemoryContentStore;
import dev.quadrangle.storage.S3ContentStore;
import dev.quadrangle.storage.StorageMetrics;
import java.net.URI;
import java.util.Arrays;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jooq.autoconfigure.JooqAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The storage and jOOQ auto-configurations' conditions without a server: what they bind, when they back
 * off, and how they refuse a bad value (naming the property; never a secret).
 */
class StorageAutoConfigurationTest {
    private static final String SECRET = "wJalrXUtnFEMI-not-a-real-secret";

    private final ApplicationContextRunner storage = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(QuadrangleStorageAutoConfiguration.class,
                    QuadrangleStorageHealthAutoConfiguration.class));

    private final ApplicationContextRunner fromProperties = storage.withPropertyValues(
            "quadrangle.storage.s3.bucket=content", "quadrangle.storage.s3.endpoint=http://127.0.0.1:1",
            "quadrangle.storage.s3.region=us-east-1", "quadrangle.storage.s3.access-key=test",
            "quadrangle.storage.s3.secret-key=" + SECRET, "quadrangle.storage.s3.path-style=true");

    private static S3Client applicationClient() {
        return S3Client.builder().region(Region.US_EAST_1).endpointOverride(URI.create("http://127.0.0.1:1"))
                .credentialsProvider(AnonymousCredentialsProvider.create()).build();
    }

    @Test
    void nothingWithoutABucket() {
        storage.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(S3Client.class)
                .doesNotHaveBean(ContentOffload.class).doesNotHaveBean(StorageHealthIndicator.class));
    }

    @Test
    void theStoreTheOffloadAndTheirPartsComeFromProperties() {
        fromProperties.withPropertyValues("quadrangle.storage.offload.inline-threshold=1KB",
                "quadrangle.storage.offload.key-prefix=activities", "quadrangle.storage.offload.codec=IDENTITY")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(S3Client.class).hasSingleBean(S3ContentStore.class)
                            .hasSingleBean(ContentOffload.class).hasSingleBean(ContentOffloader.class)
                            .hasSingleBean(ContentVersions.class).hasSingleBean(StorageMetrics.class)
                            .hasSingleBean(ContentOffloadScheduler.class).hasSingleBean(StorageHealthIndicator.class);
                    assertThat(context.getBean(S3ContentStore.class).bucket()).isEqualTo("content");
                    ContentOffloader offloader = context.getBean(ContentOffloader.class);
                    assertThat(offloader.policy().inlineThreshold()).isEqualTo(1024);
                    assertThat(offloader.policy().keyPrefix()).isEqualTo("activities");
                    assertThat(offloader.policy().codec()).isEqualTo(Codec.IDENTITY);
                    // without a data source: no outbox processor and no reconciler to schedule
                    assertThat(context.getBean(ContentOffload.class).references()).isEmpty();
                    assertThat(context.getBean(ContentOffloadScheduler.class).isRunning()).isTrue();
                });
    }

    @Test
    void theApplicationsClientAndStoreAreUsedAndNeverReplaced() {
        storage.withPropertyValues("quadrangle.storage.s3.bucket=content")
                .withBean("appS3", S3Client.class, StorageAutoConfigurationTest::applicationClient)
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(S3Client.class)
                        .hasBean("appS3").hasSingleBean(S3ContentStore.class));
        InMemoryContentStore own = InMemoryContentStore.named("own");
        storage.withBean(InMemoryContentStore.class, () -> own)
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(S3ContentStore.class)
                            .doesNotHaveBean(StorageHealthIndicator.class);
                    assertThat(context.getBean(ContentOffloader.class).store()).isSameAs(own);
                });
        fromProperties.withPropertyValues("quadrangle.storage.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(S3Client.class)
                        .doesNotHaveBean(ContentOffload.class));
        fromProperties.withPropertyValues("management.health.quadrangle-storage.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(ContentOffload.class)
                        .doesNotHaveBean(StorageHealthIndicator.class));
    }

    @Test
    void referenceColumnsWithTheDataSourceGiveTheOutboxAndTheReconciler() {
        fromProperties.withBean(DataSource.class, SimpleDriverDataSource::new)
                .withPropertyValues("quadrangle.storage.references[0].table=activity",
                        "quadrangle.storage.references[0].id-column=id",
                        "quadrangle.storage.references[0].ref-column=content_ref",
                        "quadrangle.storage.outbox.enabled=false", "quadrangle.storage.reconciler.enabled=false",
                        "quadrangle.storage.reconciler.grace-period=1h")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ContentOffload offload = context.getBean(ContentOffload.class);
                    assertThat(offload.references()).hasSize(2); // the column and the version history's
                    assertThat(offload.reconciler().gracePeriod()).hasHours(1);
                    assertThat(offload.reconciler().keyPrefix()).isEqualTo("content");
                });
    }

    @Test
    void badValuesFailStartupNamingTheProperty() {
        expectRefused(fromProperties.withPropertyValues("quadrangle.storage.s3.bucket=Not_A_Bucket"),
                "quadrangle.storage.s3.bucket", "bucket must be 3 to 63 lowercase letters");
        expectRefused(fromProperties.withPropertyValues("quadrangle.storage.s3.part-size=1MB"),
                "quadrangle.storage.s3.part-size", "partSize must be between 5242880 and 268435456 bytes");
        expectRefused(fromProperties.withPropertyValues("quadrangle.storage.offload.key-prefix=../up"),
                "quadrangle.storage.offload.key-prefix", "keyPrefix");
        expectRefused(fromProperties.withPropertyValues("quadrangle.storage.references[0].table=activity",
                "quadrangle.storage.references[0].id-column=id"),
                "quadrangle.storage.references[0].ref-column", "required");
        expectRefused(fromProperties.withBean(DataSource.class, SimpleDriverDataSource::new).withPropertyValues(
                "quadrangle.storage.references[0].table=activity", "quadrangle.storage.references[0].id-column=id",
                "quadrangle.storage.references[0].ref-column=content_ref", "quadrangle.storage.reconciler.interval=10ms"),
                "quadrangle.storage.reconciler.interval", "between 1 s and 30 days");
        expectRefused(fromProperties.withBean(DataSource.class, SimpleDriverDataSource::new).withPropertyValues(
                "quadrangle.storage.references[0].table=activity", "quadrangle.storage.references[0].id-column=id",
                "quadrangle.storage.references[0].ref-column=content_ref", "quadrangle.storage.outbox.batch-size=0"),
                "quadrangle.storage.outbox.batch-size", "outboxBatchSize must be between 1 and 100000, was 0");
    }

    private static void expectRefused(ApplicationContextRunner runner, String property, String reason) {
        runner.run(context -> {
            assertThat(context).hasFailed();
            QuadrangleConfigurationException e = cause(context.getStartupFailure());
            assertThat(e.property()).isEqualTo(property);
            assertThat(e.allowed()).contains(reason);
            String analysis = new QuadrangleConfigurationFailureAnalyzer().analyze(context.getStartupFailure())
                    .getDescription();
            assertThat(analysis).contains("Property: " + property);
            assertThat(analysis + e.getMessage() + Arrays.toString(e.getStackTrace())).doesNotContain(SECRET);
        });
    }

    private final ApplicationContextRunner jooq = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(QuadrangleJooqAutoConfiguration.class, JooqAutoConfiguration.class))
            .withBean(DataSource.class, SimpleDriverDataSource::new).withPropertyValues("spring.jooq.sql-dialect=POSTGRES");

    @Test
    void bootsDslContextTimesItsQueriesIntoQueryMetrics() {
        jooq.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(QueryMetrics.class).hasSingleBean(QueryTimingListener.class);
            DSLContext dsl = context.getBean(DSLContext.class);
            assertThat(Arrays.stream(dsl.configuration().executeListenerProviders()).map(p -> p.provide()))
                    .contains(context.getBean(QueryTimingListener.class));
        });
        jooq.withPropertyValues("quadrangle.jooq.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(QueryTimingListener.class));
        expectRefused(jooq.withPropertyValues("quadrangle.jooq.slow-query-threshold=2h"),
                "quadrangle.jooq.slow-query-threshold", "slowQueryThreshold must be between 0 and 1 hour");
    }

    static QuadrangleConfigurationException cause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof QuadrangleConfigurationException) {
                return (QuadrangleConfigurationException) t;
            }
        }
        throw new AssertionError("no QuadrangleConfigurationException in " + failure, failure);
    }
}
