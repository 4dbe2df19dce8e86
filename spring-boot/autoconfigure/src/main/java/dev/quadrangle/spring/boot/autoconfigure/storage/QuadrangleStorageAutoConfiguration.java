package dev.quadrangle.spring.boot.autoconfigure.storage;

import dev.quadrangle.spring.boot.autoconfigure.PropertyCheck;
import dev.quadrangle.spring.boot.autoconfigure.QuadrangleConfigurationException;
import dev.quadrangle.spring.boot.autoconfigure.routing.QuadrangleRoutingAutoConfiguration;
import dev.quadrangle.storage.ContentOffload;
import dev.quadrangle.storage.ContentOffloader;
import dev.quadrangle.storage.ContentSchema;
import dev.quadrangle.storage.ContentVersions;
import dev.quadrangle.storage.JdbcReferenceColumn;
import dev.quadrangle.storage.LocatedContentStore;
import dev.quadrangle.storage.OffloadPolicy;
import dev.quadrangle.storage.ReferenceSource;
import dev.quadrangle.storage.S3ContentStore;
import dev.quadrangle.storage.StorageListener;
import dev.quadrangle.storage.StorageMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Content offload from properties: an {@link S3ContentStore} over the application's {@link S3Client} bean
 * (or a client made from {@code quadrangle.storage.s3.*} when there is none) in the bucket
 * {@code quadrangle.storage.s3.bucket}, then a {@link ContentOffload} (with the application's single
 * {@code DataSource} and the reference columns of {@code quadrangle.storage.references} and
 * {@link ReferenceSource} beans), its {@link ContentOffloader} and {@link ContentVersions}, and a
 * {@link ContentOffloadScheduler} running the outbox processor and the reconciler while the context runs.
 * Each bean backs off when the application defines its own ({@code S3Client}, a
 * {@link LocatedContentStore}, {@code ContentOffload}, ...).
 */
@AutoConfiguration(after = QuadrangleRoutingAutoConfiguration.class,
        afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass({ ContentOffload.class, S3Client.class })
@ConditionalOnProperty(prefix = "quadrangle.storage", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(QuadrangleStorageProperties.class)
public class QuadrangleStorageAutoConfiguration {
    private static final String PREFIX = "quadrangle.storage.";
    private static final Duration MIN_RECONCILER_INTERVAL = Duration.ofSeconds(1);
    private static final Duration MAX_RECONCILER_INTERVAL = Duration.ofDays(30);
    private static final Logger LOG = LoggerFactory.getLogger(QuadrangleStorageAutoConfiguration.class);

    /** Created by Spring. */
    public QuadrangleStorageAutoConfiguration() {
    }

    /**
     * An S3 client from {@code quadrangle.storage.s3.*}, when the application has none; closed with the
     * context.
     *
     * @param properties the properties
     * @return the client
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(S3Client.class)
    @ConditionalOnProperty(prefix = "quadrangle.storage.s3", name = "bucket")
    public S3Client quadrangleS3Client(QuadrangleStorageProperties properties) {
        return S3Clients.create(properties.getS3());
    }

    /**
     * The S3 content store over the application's (or our) client; the client is never closed by the store.
     *
     * @param client the S3 client
     * @param properties the properties
     * @param listener a storage listener (the metrics), when there is one
     * @return the store
     */
    @Bean
    @ConditionalOnMissingBean(LocatedContentStore.class)
    @ConditionalOnBean(S3Client.class)
    @ConditionalOnProperty(prefix = "quadrangle.storage.s3", name = "bucket")
    public S3ContentStore quadrangleContentStore(S3Client client, QuadrangleStorageProperties properties,
            ObjectProvider<StorageListener> listener) {
        QuadrangleStorageProperties.S3 s3 = properties.getS3();
        S3ContentStore.Builder builder = S3ContentStore.builder().client(client);
        PropertyCheck.apply(PREFIX + "s3.bucket", s3.getBucket(), builder::bucket);
        PropertyCheck.apply(PREFIX + "s3.multipart-threshold", s3.getMultipartThreshold(),
                size -> builder.multipartThreshold(toInt(size.toBytes())));
        PropertyCheck.apply(PREFIX + "s3.part-size", s3.getPartSize(), size -> builder.partSize(toInt(size.toBytes())));
        PropertyCheck.apply(PREFIX + "s3.conditional-writes", s3.getConditionalWrites(), builder::conditionalWrites);
        listener.ifUnique(builder::listener);
        return builder.build();
    }

    /**
     * The content offload: offloader, versions, and, with a data source and reference columns, the outbox
     * processor and the reconciler. Closed with the context (it stops the outbox processor; the store, the
     * client and the data source are not closed).
     *
     * @param store the content store
     * @param properties the properties
     * @param dataSource the application's data source, when it has exactly one
     * @param referenceBeans reference sources of the application
     * @param listener a storage listener (the metrics), when there is one
     * @param customizers builder customizers
     * @return the content offload
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(ContentOffload.class)
    @ConditionalOnBean(LocatedContentStore.class)
    public ContentOffload quadrangleContentOffload(LocatedContentStore store, QuadrangleStorageProperties properties,
            ObjectProvider<DataSource> dataSource, ObjectProvider<ReferenceSource> referenceBeans,
            ObjectProvider<StorageListener> listener, ObjectProvider<ContentOffloadCustomizer> customizers) {
        ContentOffload.Builder builder = ContentOffload.builder().store(store).policy(policy(properties.getOffload()));
        List<ReferenceSource> references = references(properties);
        referenceBeans.orderedStream().forEach(references::add);
        DataSource db = dataSource.getIfUnique();
        if (db != null && !references.isEmpty()) {
            builder.dataSource(db).references(references.toArray(ReferenceSource[]::new));
            if (properties.isInstallSchema()) {
                install(db);
            }
            PropertyCheck.apply(PREFIX + "outbox.batch-size", properties.getOutbox().getBatchSize(), builder::outboxBatchSize);
            PropertyCheck.apply(PREFIX + "reconciler.grace-period", properties.getReconciler().getGracePeriod(),
                    builder::reconcilerGracePeriod);
            PropertyCheck.apply(PREFIX + "reconciler.repair", properties.getReconciler().getRepair(),
                    builder::reconcilerRepair);
        } else if (db != null) {
            LOG.info("content offload without the outbox processor and the reconciler: no {}references[*] and no "
                    + "ReferenceSource bean name the columns holding content references", PREFIX);
        }
        PropertyCheck.apply(PREFIX + "versions-snapshot-every", properties.getVersionsSnapshotEvery(),
                builder::versionsSnapshotEvery);
        listener.ifUnique(builder::listener);
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder.build();
    }

    /**
     * The offloader.
     *
     * @param offload the content offload
     * @return its offloader
     */
    @Bean
    @ConditionalOnMissingBean(ContentOffloader.class)
    @ConditionalOnBean(ContentOffload.class)
    public ContentOffloader quadrangleContentOffloader(ContentOffload offload) {
        return offload.offloader();
    }

    /**
     * The version history.
     *
     * @param offload the content offload
     * @return its versions
     */
    @Bean
    @ConditionalOnMissingBean(ContentVersions.class)
    @ConditionalOnBean(ContentOffload.class)
    public ContentVersions quadrangleContentVersions(ContentOffload offload) {
        return offload.versions();
    }

    /**
     * The outbox processor and the reconciler on their schedules, when the offload has a data source.
     *
     * @param offload the content offload
     * @param properties the properties
     * @return the scheduler, started and stopped with the context
     */
    @Bean
    @ConditionalOnMissingBean(ContentOffloadScheduler.class)
    @ConditionalOnBean(ContentOffload.class)
    public ContentOffloadScheduler quadrangleContentOffloadScheduler(ContentOffload offload,
            QuadrangleStorageProperties properties) {
        if (offload.references().isEmpty()) {
            return new ContentOffloadScheduler(offload, null, null);
        }
        QuadrangleStorageProperties.Outbox outbox = properties.getOutbox();
        QuadrangleStorageProperties.Reconciler reconciler = properties.getReconciler();
        Duration outboxInterval = outbox.isEnabled() ? outbox.getInterval() : null;
        PropertyCheck.apply(PREFIX + "outbox.interval", outboxInterval, interval -> {
            if (interval.compareTo(Duration.ofMillis(10)) < 0 || interval.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("outbox interval must be between 10 ms and 1 day, was " + interval);
            }
        });
        Duration reconcilerInterval = reconciler.isEnabled() ? reconciler.getInterval() : null;
        PropertyCheck.apply(PREFIX + "reconciler.interval", reconcilerInterval, interval -> {
            if (interval.compareTo(MIN_RECONCILER_INTERVAL) < 0 || interval.compareTo(MAX_RECONCILER_INTERVAL) > 0) {
                throw new IllegalArgumentException("reconciler interval must be between 1 s and 30 days, was "
                        + interval);
            }
        });
        return new ContentOffloadScheduler(offload, outboxInterval, reconcilerInterval);
    }

    static OffloadPolicy policy(QuadrangleStorageProperties.Offload offload) {
        OffloadPolicy.Builder builder = OffloadPolicy.builder();
        PropertyCheck.apply(PREFIX + "offload.inline-threshold", offload.getInlineThreshold(),
                size -> builder.inlineThreshold(toInt(size.toBytes())));
        PropertyCheck.apply(PREFIX + "offload.key-prefix", offload.getKeyPrefix(), builder::keyPrefix);
        PropertyCheck.apply(PREFIX + "offload.codec", offload.getCodec(), builder::codec);
        PropertyCheck.apply(PREFIX + "offload.content-type", offload.getContentType(), builder::contentType);
        try {
            return builder.build();
        } catch (IllegalStateException e) {
            throw new QuadrangleConfigurationException(PREFIX + "offload.codec", offload.getCodec(), e.getMessage(), e);
        }
    }

    static List<ReferenceSource> references(QuadrangleStorageProperties properties) {
        List<ReferenceSource> references = new ArrayList<>();
        List<QuadrangleStorageProperties.Reference> configured = properties.getReferences();
        for (int i = 0; i < configured.size(); i++) {
            QuadrangleStorageProperties.Reference r = configured.get(i);
            String property = PREFIX + "references[" + i + "]";
            PropertyCheck.required(property + ".table", r.getTable(), "a table name");
            PropertyCheck.required(property + ".id-column", r.getIdColumn(), "the table's key column");
            PropertyCheck.required(property + ".ref-column", r.getRefColumn(), "the column holding references");
            PropertyCheck.apply(property, r, ref -> references.add(
                    JdbcReferenceColumn.of(ref.getTable(), ref.getIdColumn(), ref.getRefColumn())));
        }
        return references;
    }

    private static int toInt(long bytes) {
        if (bytes > Integer.MAX_VALUE || bytes < 0) {
            throw new IllegalArgumentException("must be between 0 and " + Integer.MAX_VALUE + " bytes, was " + bytes);
        }
        return (int) bytes;
    }

    private static void install(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            ContentSchema.install(c);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the content offload tables (" + PREFIX
                    + "install-schema=true): " + e.getMessage(), e);
        }
    }

    /** Storage metrics, with Micrometer on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class StorageMetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean(StorageListener.class)
        StorageMetrics quadrangleStorageMetrics() {
            return new StorageMetrics();
        }
    }
}
