package dev.quadrangle.storage;

import dev.quadrangle.spi.ContentUnavailableException;
import dev.quadrangle.storage.internal.ResilientCalls;
import dev.quadrangle.storage.internal.S3Operations;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * A {@link dev.quadrangle.spi.ContentStore} on S3 (or any S3-compatible server) through the AWS SDK v2.
 *
 * <p>Objects up to {@link Builder#multipartThreshold(int)} are written with one {@code PutObject};
 * larger ones, and streams of unknown length that turn out larger, are streamed as a multipart upload
 * in {@link Builder#partSize(int) parts}, so memory stays bounded by one part. Writes are conditional
 * ({@code If-None-Match: *}) when enabled: an object already under a content-addressed key is left as
 * it is. Reads are streamed. Every call goes through a bulkhead, a retry with jittered backoff and a
 * circuit breaker ({@link StoreResilience}); failures reach the caller as
 * {@link ContentUnavailableException}, never as SDK exceptions.
 *
 * <p>The {@link S3Client} is the host's: it is never closed here, and credentials are never read or
 * logged. Thread-safe.
 *
 * <!-- snippet: consumers/plain/src/test/java/dev/quadrangle/examples/JavadocExamples.java#s3-content-store -->
 * <pre>{@code
 * S3ContentStore store = S3ContentStore.builder()
 *         .client(s3Client)
 *         .bucket("activities-content")
 *         .serverSideEncryption(ServerSideEncryption.s3Managed())
 *         .build();
 * }</pre>
 */
public final class S3ContentStore implements LocatedContentStore {
    /** Default size above which writes use a multipart upload: 16 MiB. */
    public static final int DEFAULT_MULTIPART_THRESHOLD_BYTES = 16 * 1024 * 1024;
    /** Default multipart part size: 8 MiB. */
    public static final int DEFAULT_PART_SIZE_BYTES = 8 * 1024 * 1024;
    /** Smallest part size S3 accepts (except for the last part): 5 MiB. */
    public static final int MIN_PART_SIZE_BYTES = 5 * 1024 * 1024;
    /** Largest part size or threshold accepted here, since one part is held in memory: 256 MiB. */
    public static final int MAX_BUFFER_BYTES = 256 * 1024 * 1024;

    private final String bucket;
    private final int multipartThreshold;
    private final int partSize;
    private final ServerSideEncryption sse;
    private final StoreResilience resilience;
    private final S3Operations operations;
    private final ResilientCalls calls;

    private S3ContentStore(Builder b) {
        this.bucket = b.bucket;
        this.multipartThreshold = b.multipartThreshold;
        this.partSize = b.partSize;
        this.sse = b.sse;
        this.resilience = b.resilience;
        this.operations = new S3Operations(b.client, b.bucket, b.sse, b.resilience.attemptTimeout(), b.conditionalWrites);
        this.calls = new ResilientCalls("s3://" + b.bucket, b.resilience, S3Operations::isTransient, b.listener);
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The bucket. */
    public String bucket() {
        return bucket;
    }

    /** The resilience settings in force. */
    public StoreResilience resilience() {
        return resilience;
    }

    /** The server-side encryption requested on writes. */
    public ServerSideEncryption serverSideEncryption() {
        return sse;
    }

    /** Whether the circuit breaker currently refuses calls (open or forced open). */
    public boolean isCircuitOpen() {
        switch (calls.circuitBreaker().getState()) {
            case OPEN:
            case FORCED_OPEN:
                return true;
            default:
                return false;
        }
    }

    @Override
    public String baseUri() {
        return "s3://" + bucket + "/";
    }

    @Override
    public void put(String key, InputStream content, long length, Map<String, String> metadata) {
        ContentKeys.validate(key);
        Objects.requireNonNull(content, "content");
        Map<String, String> meta = Map.copyOf(metadata);
        int firstSize = length >= 0 && length <= multipartThreshold ? (int) length : multipartThreshold;
        byte[] first = new byte[firstSize + 1];
        int read = S3Operations.readFully(content, first);
        if (read <= multipartThreshold) {
            byte[] bytes = Arrays.copyOf(first, read);
            calls.call("put", key, () -> operations.putObject(key, bytes, meta));
            return;
        }
        InputStream rest = new SequenceInputStream(new ByteArrayInputStream(first, 0, read), content);
        putMultipart(key, rest, meta);
    }

    private void putMultipart(String key, InputStream content, Map<String, String> metadata) {
        String uploadId = calls.call("put", key, () -> operations.createMultipart(key, metadata));
        boolean completed = false;
        try {
            List<CompletedPart> parts = new ArrayList<>();
            byte[] buffer = new byte[partSize];
            for (int n; (n = S3Operations.readFully(content, buffer)) > 0; ) {
                int partNumber = parts.size() + 1;
                int length = n;
                parts.add(calls.call("part", key, () -> operations.uploadPart(key, uploadId, partNumber, buffer, length)));
                if (n < buffer.length) {
                    break;
                }
            }
            calls.call("put", key, () -> operations.completeMultipart(key, uploadId, parts));
            completed = true;
        } finally {
            if (!completed) {
                operations.abortMultipart(key, uploadId);
            }
        }
    }

    @Override
    public Optional<InputStream> open(String key) {
        ContentKeys.validate(key);
        Optional<ResponseInputStream<GetObjectResponse>> response = calls.call("get", key, () -> operations.get(key));
        return response.map(AbortingStream::new);
    }

    @Override
    public Optional<StoredObject> describe(String key) {
        ContentKeys.validate(key);
        return calls.call("head", key, () -> operations.head(key));
    }

    @Override
    public void delete(String key) {
        ContentKeys.validate(key);
        calls.call("delete", key, () -> operations.delete(key));
    }

    @Override
    public void list(String prefix, Consumer<StoredObject> consumer) {
        ContentKeys.validatePrefix(prefix);
        String continuation = null;
        do {
            String token = continuation;
            List<StoredObject> page = new ArrayList<>();
            continuation = calls.call("list", prefix, () -> operations.listPage(prefix, token, page::add));
            page.forEach(consumer);
        } while (continuation != null);
    }

    @Override
    public String toString() {
        return "S3ContentStore[bucket=" + bucket + ", multipartThreshold=" + multipartThreshold + ", partSize="
                + partSize + ", sse=" + sse + "]";
    }

    /** Closing a partly read object aborts its connection instead of draining the rest of a large body. */
    private static final class AbortingStream extends FilterInputStream {
        private final ResponseInputStream<GetObjectResponse> response;
        private boolean ended;

        AbortingStream(ResponseInputStream<GetObjectResponse> response) {
            super(response);
            this.response = response;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            ended |= b < 0;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            ended |= n < 0;
            return n;
        }

        @Override
        public void close() throws IOException {
            if (!ended) {
                response.abort();
            }
            super.close();
        }
    }

    /** Builds an {@link S3ContentStore}; not thread-safe. */
    public static final class Builder {
        private S3Client client;
        private String bucket;
        private int multipartThreshold = DEFAULT_MULTIPART_THRESHOLD_BYTES;
        private int partSize = DEFAULT_PART_SIZE_BYTES;
        private ServerSideEncryption sse = ServerSideEncryption.none();
        private StoreResilience resilience = StoreResilience.defaults();
        private boolean conditionalWrites = true;
        private StorageListener listener = StorageListener.NOOP;

        private Builder() {
        }

        /**
         * Sets the host's S3 client, which is never closed by the store. Required.
         *
         * @param client the client
         * @return this builder
         */
        public Builder client(S3Client client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * Sets the bucket. Required.
         *
         * @param bucket an S3 bucket name: 3 to 63 lowercase letters, digits, dots and hyphens
         * @return this builder
         */
        public Builder bucket(String bucket) {
            if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]") || bucket.contains("..")) {
                throw new IllegalArgumentException("bucket must be 3 to 63 lowercase letters, digits, '.' and '-', was '"
                        + bucket + "'");
            }
            this.bucket = bucket;
            return this;
        }

        /**
         * Sets the size above which writes use a multipart upload.
         *
         * @param bytes between {@value S3ContentStore#MIN_PART_SIZE_BYTES} and {@value S3ContentStore#MAX_BUFFER_BYTES}
         * @return this builder
         */
        public Builder multipartThreshold(int bytes) {
            this.multipartThreshold = bufferSize("multipartThreshold", bytes);
            return this;
        }

        /**
         * Sets the multipart part size.
         *
         * @param bytes between {@value S3ContentStore#MIN_PART_SIZE_BYTES} and {@value S3ContentStore#MAX_BUFFER_BYTES}
         * @return this builder
         */
        public Builder partSize(int bytes) {
            this.partSize = bufferSize("partSize", bytes);
            return this;
        }

        private static int bufferSize(String property, int bytes) {
            if (bytes < MIN_PART_SIZE_BYTES || bytes > MAX_BUFFER_BYTES) {
                throw new IllegalArgumentException(property + " must be between " + MIN_PART_SIZE_BYTES + " and "
                        + MAX_BUFFER_BYTES + " bytes, was " + bytes);
            }
            return bytes;
        }

        /**
         * Sets the server-side encryption requested on every write; default none (the bucket's default).
         *
         * @param sse the setting
         * @return this builder
         */
        public Builder serverSideEncryption(ServerSideEncryption sse) {
            this.sse = Objects.requireNonNull(sse, "serverSideEncryption");
            return this;
        }

        /**
         * Sets timeouts, retry, circuit breaker and bulkhead.
         *
         * @param resilience the settings
         * @return this builder
         */
        public Builder resilience(StoreResilience resilience) {
            this.resilience = Objects.requireNonNull(resilience, "resilience");
            return this;
        }

        /**
         * Sets whether writes send {@code If-None-Match: *} (default {@code true}); a server answering 501
         * makes the store fall back to plain writes.
         *
         * @param enabled whether to write conditionally
         * @return this builder
         */
        public Builder conditionalWrites(boolean enabled) {
            this.conditionalWrites = enabled;
            return this;
        }

        /**
         * Sets the listener told about retries and rejected calls.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(StorageListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Builds the store.
         *
         * @return the store
         * @throws IllegalStateException when the client or bucket is missing
         */
        public S3ContentStore build() {
            if (client == null) {
                throw new IllegalStateException("client is required");
            }
            if (bucket == null) {
                throw new IllegalStateException("bucket is required");
            }
            return new S3ContentStore(this);
        }
    }
}
