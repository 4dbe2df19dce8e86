package dev.quadrangle.testkit.s3server.internal.isolated;

import dev.quadrangle.testkit.s3server.internal.S3ProxyControl;
import java.net.URI;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * s3proxy over jclouds' in-memory ({@code transient}) blob store. Defined by the isolated
 * {@link dev.quadrangle.testkit.s3server.internal.S3ProxyClassLoader} only: it links against Jetty 11,
 * jclouds and their dependencies, which the host's class path need not (and, under Spring Boot 4, does
 * not) provide. Objects live in the blob store, so they survive a stop and start of the HTTP server.
 *
 * <p>Not thread-safe; see {@link S3ProxyControl}.
 */
public final class TransientS3Proxy implements S3ProxyControl {
    private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final URI endpoint;
    private final String accessKey;
    private final String secretKey;
    private final BlobStoreContext context;
    private S3Proxy proxy;

    /**
     * Creates the blob store with one empty bucket; the HTTP server is not started.
     *
     * @param endpoint where {@link #start()} serves, {@code http://127.0.0.1:<port>}
     * @param accessKey the access key id clients sign with
     * @param secretKey the secret key clients sign with
     * @param bucket the bucket to create
     */
    public TransientS3Proxy(URI endpoint, String accessKey, String secretKey, String bucket) {
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.context = ContextBuilder.newBuilder("transient")
                .credentials("identity", "credential")
                .overrides(new Properties())
                .build(BlobStoreContext.class);
        try {
            context.getBlobStore().createContainerInLocation(null, bucket);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    @Override
    public void start() throws Exception {
        if (proxy != null) {
            return;
        }
        S3Proxy created = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(endpoint)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .ignoreUnknownHeaders(true)
                .build();
        created.start();
        long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
        while (!"STARTED".equals(created.getState())) {
            if (System.nanoTime() > deadline) {
                created.stop();
                throw new IllegalStateException("s3proxy did not reach STARTED within 10 s, state " + created.getState());
            }
            Thread.sleep(5);
        }
        proxy = created;
    }

    @Override
    public void stop() throws Exception {
        if (proxy == null) {
            return;
        }
        S3Proxy running = proxy;
        proxy = null;
        running.stop();
    }

    @Override
    public void discard() {
        context.close();
    }
}
