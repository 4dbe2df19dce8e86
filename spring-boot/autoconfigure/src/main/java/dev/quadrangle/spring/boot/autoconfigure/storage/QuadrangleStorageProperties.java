package dev.quadrangle.spring.boot.autoconfigure.storage;

import dev.quadrangle.storage.Codec;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The {@code quadrangle.storage.*} properties: the S3 content store, the offload policy, the columns holding
 * content references, and the schedules of the outbox processor and the reconciler. Mutable JavaBean for
 * Spring Boot's binder.
 */
@ConfigurationProperties(prefix = "quadrangle.storage")
public class QuadrangleStorageProperties {

    /** Created by the binder. */
    public QuadrangleStorageProperties() {
    }

    /** Whether content offload is configured (needs an S3Client bean or quadrangle.storage.s3.bucket). */
    private boolean enabled = true;

    /** Whether the outbox and version tables are created at startup when missing (on the primary). */
    private boolean installSchema;

    /** The S3 bucket, and the client made when the application has no S3Client bean. */
    private final S3 s3 = new S3();

    /** The offload policy. */
    private final Offload offload = new Offload();

    /** Every column holding content references (besides ReferenceSource beans); needed by the outbox processor and the reconciler. */
    private final List<Reference> references = new ArrayList<>();

    /** The outbox processor's schedule. */
    private final Outbox outbox = new Outbox();

    /** The reconciler's schedule. */
    private final Reconciler reconciler = new Reconciler();

    /** A full version snapshot every this many versions; default 20, 1 to 1000. */
    private Integer versionsSnapshotEvery;

    /**
     * Whether content offload is configured (needs an S3Client bean or quadrangle.storage.s3.bucket).
     *
     * @return the value
     */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Sets: whether content offload is configured (needs an S3Client bean or quadrangle.storage.s3.bucket).
     *
     * @param enabled the value
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * Whether the outbox and version tables are created at startup when missing (on the primary).
     *
     * @return the value
     */
    public boolean isInstallSchema() {
        return installSchema;
    }

    /**
     * Sets: whether the outbox and version tables are created at startup when missing (on the primary).
     *
     * @param installSchema the value
     */
    public void setInstallSchema(boolean installSchema) {
        this.installSchema = installSchema;
    }

    /**
     * The S3 bucket, and the client made when the application has no S3Client bean.
     *
     * @return the value
     */
    public S3 getS3() {
        return s3;
    }

    /**
     * The offload policy.
     *
     * @return the value
     */
    public Offload getOffload() {
        return offload;
    }

    /**
     * Every column holding content references (besides ReferenceSource beans).
     *
     * @return the value
     */
    public List<Reference> getReferences() {
        return references;
    }

    /**
     * Sets: every column holding content references (besides ReferenceSource beans); needed by the outbox processor and the reconciler.
     *
     * @param references the value
     */
    public void setReferences(List<Reference> references) {
        this.references.clear();
        this.references.addAll(references);
    }

    /**
     * The outbox processor's schedule.
     *
     * @return the value
     */
    public Outbox getOutbox() {
        return outbox;
    }

    /**
     * The reconciler's schedule.
     *
     * @return the value
     */
    public Reconciler getReconciler() {
        return reconciler;
    }

    /**
     * A full version snapshot every this many versions.
     *
     * @return the value, null for the default
     */
    public Integer getVersionsSnapshotEvery() {
        return versionsSnapshotEvery;
    }

    /**
     * Sets: a full version snapshot every this many versions; default 20, 1 to 1000.
     *
     * @param versionsSnapshotEvery the value
     */
    public void setVersionsSnapshotEvery(Integer versionsSnapshotEvery) {
        this.versionsSnapshotEvery = versionsSnapshotEvery;
    }


    /** The S3 settings. Mutable JavaBean for Spring Boot's binder. */
    public static class S3 {
        /** Created by the binder. */
        public S3() {
        }


        /** The bucket: 3 to 63 lowercase letters, digits, dots and hyphens. */
        private String bucket;

        /** Endpoint of an S3-compatible server; unset for AWS. */
        private URI endpoint;

        /** The signing region; unset for the SDK's default region chain. */
        private String region;

        /** Access key id; unset for the SDK's default credentials chain. */
        private String accessKey;

        /** Secret access key, with access-key. */
        private String secretKey;

        /** Whether to use path-style addressing (most S3-compatible servers need it). */
        private boolean pathStyle;

        /** Whether the SDK computes and validates checksums only when an operation requires them; default true with an endpoint (S3-compatible servers), false on AWS. */
        private Boolean checksumsWhenRequired;

        /** Connection timeout of the client made from these properties. */
        private Duration connectionTimeout = Duration.ofSeconds(2);

        /** Socket read timeout of the client made from these properties. */
        private Duration socketTimeout = Duration.ofSeconds(30);

        /** Whole-call timeout of the client made from these properties. */
        private Duration apiCallTimeout = Duration.ofSeconds(60);

        /** Size above which writes use a multipart upload; default 16MB, 5MB to 256MB. */
        private DataSize multipartThreshold;

        /** Multipart part size; default 8MB, 5MB to 256MB. */
        private DataSize partSize;

        /** Whether writes send If-None-Match: *; default true. */
        private Boolean conditionalWrites;

        /**
         * The bucket: 3 to 63 lowercase letters, digits, dots and hyphens.
         *
         * @return the value, null for the default
         */
        public String getBucket() {
            return bucket;
        }

        /**
         * Sets: the bucket: 3 to 63 lowercase letters, digits, dots and hyphens.
         *
         * @param bucket the value
         */
        public void setBucket(String bucket) {
            this.bucket = bucket;
        }

        /**
         * Endpoint of an S3-compatible server.
         *
         * @return the value, null for the default
         */
        public URI getEndpoint() {
            return endpoint;
        }

        /**
         * Sets: endpoint of an S3-compatible server; unset for AWS.
         *
         * @param endpoint the value
         */
        public void setEndpoint(URI endpoint) {
            this.endpoint = endpoint;
        }

        /**
         * The signing region.
         *
         * @return the value, null for the default
         */
        public String getRegion() {
            return region;
        }

        /**
         * Sets: the signing region; unset for the SDK's default region chain.
         *
         * @param region the value
         */
        public void setRegion(String region) {
            this.region = region;
        }

        /**
         * Access key id.
         *
         * @return the value, null for the default
         */
        public String getAccessKey() {
            return accessKey;
        }

        /**
         * Sets: access key id; unset for the SDK's default credentials chain.
         *
         * @param accessKey the value
         */
        public void setAccessKey(String accessKey) {
            this.accessKey = accessKey;
        }

        /**
         * Secret access key, with access-key.
         *
         * @return the value, null for the default
         */
        public String getSecretKey() {
            return secretKey;
        }

        /**
         * Sets: secret access key, with access-key.
         *
         * @param secretKey the value
         */
        public void setSecretKey(String secretKey) {
            this.secretKey = secretKey;
        }

        /**
         * Whether to use path-style addressing (most S3-compatible servers need it).
         *
         * @return the value
         */
        public boolean isPathStyle() {
            return pathStyle;
        }

        /**
         * Sets: whether to use path-style addressing (most S3-compatible servers need it).
         *
         * @param pathStyle the value
         */
        public void setPathStyle(boolean pathStyle) {
            this.pathStyle = pathStyle;
        }

        /**
         * Whether the SDK computes and validates checksums only when an operation requires them.
         *
         * @return the value, null for the default
         */
        public Boolean getChecksumsWhenRequired() {
            return checksumsWhenRequired;
        }

        /**
         * Sets: whether the SDK computes and validates checksums only when an operation requires them; default true with an endpoint (S3-compatible servers), false on AWS.
         *
         * @param checksumsWhenRequired the value
         */
        public void setChecksumsWhenRequired(Boolean checksumsWhenRequired) {
            this.checksumsWhenRequired = checksumsWhenRequired;
        }

        /**
         * Connection timeout of the client made from these properties.
         *
         * @return the value
         */
        public Duration getConnectionTimeout() {
            return connectionTimeout;
        }

        /**
         * Sets: connection timeout of the client made from these properties.
         *
         * @param connectionTimeout the value
         */
        public void setConnectionTimeout(Duration connectionTimeout) {
            this.connectionTimeout = connectionTimeout;
        }

        /**
         * Socket read timeout of the client made from these properties.
         *
         * @return the value
         */
        public Duration getSocketTimeout() {
            return socketTimeout;
        }

        /**
         * Sets: socket read timeout of the client made from these properties.
         *
         * @param socketTimeout the value
         */
        public void setSocketTimeout(Duration socketTimeout) {
            this.socketTimeout = socketTimeout;
        }

        /**
         * Whole-call timeout of the client made from these properties.
         *
         * @return the value
         */
        public Duration getApiCallTimeout() {
            return apiCallTimeout;
        }

        /**
         * Sets: whole-call timeout of the client made from these properties.
         *
         * @param apiCallTimeout the value
         */
        public void setApiCallTimeout(Duration apiCallTimeout) {
            this.apiCallTimeout = apiCallTimeout;
        }

        /**
         * Size above which writes use a multipart upload.
         *
         * @return the value, null for the default
         */
        public DataSize getMultipartThreshold() {
            return multipartThreshold;
        }

        /**
         * Sets: size above which writes use a multipart upload; default 16MB, 5MB to 256MB.
         *
         * @param multipartThreshold the value
         */
        public void setMultipartThreshold(DataSize multipartThreshold) {
            this.multipartThreshold = multipartThreshold;
        }

        /**
         * Multipart part size.
         *
         * @return the value, null for the default
         */
        public DataSize getPartSize() {
            return partSize;
        }

        /**
         * Sets: multipart part size; default 8MB, 5MB to 256MB.
         *
         * @param partSize the value
         */
        public void setPartSize(DataSize partSize) {
            this.partSize = partSize;
        }

        /**
         * Whether writes send If-None-Match: *.
         *
         * @return the value, null for the default
         */
        public Boolean getConditionalWrites() {
            return conditionalWrites;
        }

        /**
         * Sets: whether writes send If-None-Match: *; default true.
         *
         * @param conditionalWrites the value
         */
        public void setConditionalWrites(Boolean conditionalWrites) {
            this.conditionalWrites = conditionalWrites;
        }

    }


    /** The offload policy. Mutable JavaBean for Spring Boot's binder. */
    public static class Offload {
        /** Created by the binder. */
        public Offload() {
        }


        /** Content up to this size stays inline in the row; default 128KB. */
        private DataSize inlineThreshold;

        /** Key prefix of the objects written (and reconciled); default content. */
        private String keyPrefix;

        /** Compression of stored objects: IDENTITY, GZIP, ZSTD; default GZIP. */
        private Codec codec;

        /** Content type of stored objects; default application/json. */
        private String contentType;

        /**
         * Content up to this size stays inline in the row.
         *
         * @return the value, null for the default
         */
        public DataSize getInlineThreshold() {
            return inlineThreshold;
        }

        /**
         * Sets: content up to this size stays inline in the row; default 128KB.
         *
         * @param inlineThreshold the value
         */
        public void setInlineThreshold(DataSize inlineThreshold) {
            this.inlineThreshold = inlineThreshold;
        }

        /**
         * Key prefix of the objects written (and reconciled).
         *
         * @return the value, null for the default
         */
        public String getKeyPrefix() {
            return keyPrefix;
        }

        /**
         * Sets: key prefix of the objects written (and reconciled); default content.
         *
         * @param keyPrefix the value
         */
        public void setKeyPrefix(String keyPrefix) {
            this.keyPrefix = keyPrefix;
        }

        /**
         * Compression of stored objects: IDENTITY, GZIP, ZSTD.
         *
         * @return the value, null for the default
         */
        public Codec getCodec() {
            return codec;
        }

        /**
         * Sets: compression of stored objects: IDENTITY, GZIP, ZSTD; default GZIP.
         *
         * @param codec the value
         */
        public void setCodec(Codec codec) {
            this.codec = codec;
        }

        /**
         * Content type of stored objects.
         *
         * @return the value, null for the default
         */
        public String getContentType() {
            return contentType;
        }

        /**
         * Sets: content type of stored objects; default application/json.
         *
         * @param contentType the value
         */
        public void setContentType(String contentType) {
            this.contentType = contentType;
        }

    }


    /** A column holding content references. Mutable JavaBean for Spring Boot's binder. */
    public static class Reference {
        /** Created by the binder. */
        public Reference() {
        }


        /** The table (optionally schema-qualified). */
        private String table;

        /** Its key column. */
        private String idColumn;

        /** The column holding the reference. */
        private String refColumn;

        /**
         * The table (optionally schema-qualified).
         *
         * @return the value, null for the default
         */
        public String getTable() {
            return table;
        }

        /**
         * Sets: the table (optionally schema-qualified).
         *
         * @param table the value
         */
        public void setTable(String table) {
            this.table = table;
        }

        /**
         * Its key column.
         *
         * @return the value, null for the default
         */
        public String getIdColumn() {
            return idColumn;
        }

        /**
         * Sets: its key column.
         *
         * @param idColumn the value
         */
        public void setIdColumn(String idColumn) {
            this.idColumn = idColumn;
        }

        /**
         * The column holding the reference.
         *
         * @return the value, null for the default
         */
        public String getRefColumn() {
            return refColumn;
        }

        /**
         * Sets: the column holding the reference.
         *
         * @param refColumn the value
         */
        public void setRefColumn(String refColumn) {
            this.refColumn = refColumn;
        }

    }


    /** The outbox processor's schedule. Mutable JavaBean for Spring Boot's binder. */
    public static class Outbox {
        /** Created by the binder. */
        public Outbox() {
        }


        /** Whether the outbox processor runs in the background. */
        private boolean enabled = true;

        /** Time between two runs; 10ms to 1 day. */
        private Duration interval = Duration.ofSeconds(10);

        /** Entries per run; default 500, 1 to 100000. */
        private Integer batchSize;

        /**
         * Whether the outbox processor runs in the background.
         *
         * @return the value
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets: whether the outbox processor runs in the background.
         *
         * @param enabled the value
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * Time between two runs.
         *
         * @return the value
         */
        public Duration getInterval() {
            return interval;
        }

        /**
         * Sets: time between two runs; 10ms to 1 day.
         *
         * @param interval the value
         */
        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        /**
         * Entries per run.
         *
         * @return the value, null for the default
         */
        public Integer getBatchSize() {
            return batchSize;
        }

        /**
         * Sets: entries per run; default 500, 1 to 100000.
         *
         * @param batchSize the value
         */
        public void setBatchSize(Integer batchSize) {
            this.batchSize = batchSize;
        }

    }


    /** The reconciler's schedule. Mutable JavaBean for Spring Boot's binder. */
    public static class Reconciler {
        /** Created by the binder. */
        public Reconciler() {
        }


        /** Whether the reconciler runs in the background. */
        private boolean enabled = true;

        /** Time between two runs (the first one after this delay too); 1s to 30 days. */
        private Duration interval = Duration.ofHours(24);

        /** Age below which an unreferenced object is left alone; default 24h, 0 to 365 days. */
        private Duration gracePeriod;

        /** Whether orphans are deleted (true, the default) or only reported. */
        private Boolean repair;

        /**
         * Whether the reconciler runs in the background.
         *
         * @return the value
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets: whether the reconciler runs in the background.
         *
         * @param enabled the value
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * Time between two runs (the first one after this delay too).
         *
         * @return the value
         */
        public Duration getInterval() {
            return interval;
        }

        /**
         * Sets: time between two runs (the first one after this delay too); 1s to 30 days.
         *
         * @param interval the value
         */
        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        /**
         * Age below which an unreferenced object is left alone.
         *
         * @return the value, null for the default
         */
        public Duration getGracePeriod() {
            return gracePeriod;
        }

        /**
         * Sets: age below which an unreferenced object is left alone; default 24h, 0 to 365 days.
         *
         * @param gracePeriod the value
         */
        public void setGracePeriod(Duration gracePeriod) {
            this.gracePeriod = gracePeriod;
        }

        /**
         * Whether orphans are deleted (true, the default) or only reported.
         *
         * @return the value, null for the default
         */
        public Boolean getRepair() {
            return repair;
        }

        /**
         * Sets: whether orphans are deleted (true, the default) or only reported.
         *
         * @param repair the value
         */
        public void setRepair(Boolean repair) {
            this.repair = repair;
        }

    }

}
