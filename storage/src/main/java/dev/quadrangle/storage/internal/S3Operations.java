package dev.quadrangle.storage.internal;

import dev.quadrangle.spi.ContentStore.StoredObject;
import dev.quadrangle.storage.ServerSideEncryption;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The raw S3 calls of the S3 store, one attempt each; {@link ResilientCalls} wraps them. Every request
 * carries the attempt timeout; writes carry the server-side encryption and, when enabled, the
 * {@code If-None-Match: *} condition.
 */
public final class S3Operations {
    /** Metadata key that becomes the object's {@code Content-Type}. */
    public static final String CONTENT_TYPE = "content-type";
    /** Metadata key that becomes the object's {@code Content-Encoding}. */
    public static final String CONTENT_ENCODING = "content-encoding";

    private final S3Client s3;
    private final String bucket;
    private final ServerSideEncryption sse;
    private final AwsRequestOverrideConfiguration timeouts;
    private volatile boolean conditionalWrites;

    /**
     * Creates the operations.
     *
     * @param s3 the host's client (never closed here)
     * @param bucket the bucket
     * @param sse the encryption to request
     * @param attemptTimeout the timeout of one request
     * @param conditionalWrites whether to send {@code If-None-Match: *} on writes
     */
    public S3Operations(S3Client s3, String bucket, ServerSideEncryption sse, Duration attemptTimeout,
            boolean conditionalWrites) {
        this.s3 = s3;
        this.bucket = bucket;
        this.sse = sse;
        this.conditionalWrites = conditionalWrites;
        this.timeouts = AwsRequestOverrideConfiguration.builder()
                .apiCallTimeout(attemptTimeout)
                .apiCallAttemptTimeout(attemptTimeout)
                .build();
    }

    /**
     * Whether a failure is transient: a client-side I/O failure or timeout, throttling, or a 5xx.
     *
     * @param e the failure
     * @return {@code true} when a retry may succeed
     */
    public static boolean isTransient(Throwable e) {
        if (e instanceof S3Exception) {
            int status = ((S3Exception) e).statusCode();
            return status >= 500 || status == 429 || status == 408;
        }
        return e instanceof SdkClientException;
    }

    /**
     * Puts an object held in memory.
     *
     * @return {@code true} when written, {@code false} when the conditional write found an object there
     */
    public boolean putObject(String key, byte[] bytes, Map<String, String> metadata) {
        try {
            s3.putObject(b -> {
                b.bucket(bucket).key(key).overrideConfiguration(timeouts).contentLength((long) bytes.length);
                headers(metadata, b::contentType, b::contentEncoding, b::metadata);
                sse.algorithm().ifPresent(b::serverSideEncryption);
                sse.kmsKeyId().ifPresent(b::ssekmsKeyId);
                if (conditionalWrites) {
                    b.ifNoneMatch("*");
                }
            }, RequestBody.fromBytes(bytes));
            return true;
        } catch (S3Exception e) {
            return handleConditionalFailure(e);
        }
    }

    private boolean handleConditionalFailure(S3Exception e) {
        if (conditionalWrites && (e.statusCode() == 412 || e.statusCode() == 409)) {
            return false; // an object is already there; content-addressed keys make it the same content
        }
        if (conditionalWrites && e.statusCode() == 501) {
            conditionalWrites = false; // the server does not implement conditional writes: put unconditionally
            throw SdkClientException.create("conditional writes not implemented by the server; retrying without", e);
        }
        throw e;
    }

    /** Starts a multipart upload and returns its id. */
    public String createMultipart(String key, Map<String, String> metadata) {
        return s3.createMultipartUpload(b -> {
            b.bucket(bucket).key(key).overrideConfiguration(timeouts);
            headers(metadata, b::contentType, b::contentEncoding, b::metadata);
            sse.algorithm().ifPresent(b::serverSideEncryption);
            sse.kmsKeyId().ifPresent(b::ssekmsKeyId);
        }).uploadId();
    }

    /** Uploads one part and returns it for completion. */
    public CompletedPart uploadPart(String key, String uploadId, int partNumber, byte[] bytes, int length) {
        String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber)
                .contentLength((long) length).overrideConfiguration(timeouts),
                RequestBody.fromInputStream(new java.io.ByteArrayInputStream(bytes, 0, length), length)).eTag();
        return CompletedPart.builder().partNumber(partNumber).eTag(etag).build();
    }

    /**
     * Completes a multipart upload.
     *
     * @return {@code true} when written, {@code false} when the conditional write found an object there
     */
    public boolean completeMultipart(String key, String uploadId, List<CompletedPart> parts) {
        try {
            s3.completeMultipartUpload(b -> {
                b.bucket(bucket).key(key).uploadId(uploadId).overrideConfiguration(timeouts)
                        .multipartUpload(CompletedMultipartUpload.builder().parts(new ArrayList<>(parts)).build());
                if (conditionalWrites) {
                    b.ifNoneMatch("*");
                }
            });
            return true;
        } catch (S3Exception e) {
            return handleConditionalFailure(e);
        }
    }

    /** Aborts a multipart upload; failures are ignored (the bucket's lifecycle rule collects leftovers). */
    public void abortMultipart(String key, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId).overrideConfiguration(timeouts));
        } catch (SdkException e) {
            // best effort: incomplete uploads are invisible to readers and expire by lifecycle rule
        }
    }

    /** Opens an object, or empty when absent. */
    public Optional<ResponseInputStream<GetObjectResponse>> get(String key) {
        try {
            return Optional.of(s3.getObject(b -> b.bucket(bucket).key(key).overrideConfiguration(timeouts)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Describes an object, or empty when absent. */
    public Optional<StoredObject> head(String key) {
        try {
            HeadObjectResponse r = s3.headObject(b -> b.bucket(bucket).key(key).overrideConfiguration(timeouts));
            Map<String, String> metadata = new HashMap<>(r.metadata());
            if (r.contentType() != null) {
                metadata.put(CONTENT_TYPE, r.contentType());
            }
            if (r.contentEncoding() != null) {
                metadata.put(CONTENT_ENCODING, r.contentEncoding());
            }
            return Optional.of(new StoredObject(key, r.contentLength(),
                    r.lastModified() == null ? 0 : r.lastModified().toEpochMilli(), metadata));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Deletes an object (absent is fine). */
    public Void delete(String key) {
        s3.deleteObject(b -> b.bucket(bucket).key(key).overrideConfiguration(timeouts));
        return null;
    }

    /**
     * Lists one page under a prefix.
     *
     * @return the next continuation token, or {@code null} after the last page
     */
    public String listPage(String prefix, String continuation, Consumer<StoredObject> consumer) {
        ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix)
                .continuationToken(continuation).maxKeys(1000).overrideConfiguration(timeouts));
        for (S3Object o : page.contents()) {
            consumer.accept(new StoredObject(o.key(), o.size(), o.lastModified() == null ? 0 : o.lastModified().toEpochMilli(),
                    Map.of()));
        }
        return Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
    }

    private static void headers(Map<String, String> metadata, Consumer<String> contentType,
            Consumer<String> contentEncoding, Consumer<Map<String, String>> userMetadata) {
        Map<String, String> user = new HashMap<>();
        metadata.forEach((k, v) -> {
            String lower = k.toLowerCase(Locale.ROOT);
            if (lower.equals(CONTENT_TYPE)) {
                contentType.accept(v);
            } else if (lower.equals(CONTENT_ENCODING)) {
                contentEncoding.accept(v);
            } else {
                user.put(lower, v);
            }
        });
        userMetadata.accept(user);
    }

    /** Reads until the buffer is full or the stream ends; returns the count read. */
    public static int readFully(InputStream in, byte[] buffer) {
        int filled = 0;
        try {
            while (filled < buffer.length) {
                int n = in.read(buffer, filled, buffer.length - filled);
                if (n < 0) {
                    break;
                }
                filled += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the content to store: " + e.getMessage(), e);
        }
        return filled;
    }
}
