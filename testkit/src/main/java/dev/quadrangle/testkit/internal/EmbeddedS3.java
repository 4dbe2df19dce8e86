package dev.quadrangle.testkit.internal;

import dev.quadrangle.testkit.ServiceMode;
import dev.quadrangle.testkit.ServiceStartException;
import java.net.URI;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * An in-process S3-compatible server (s3proxy over an in-memory blob store) on a random free
 * loopback port. Objects live in the blob store, so they survive a stop and start of the HTTP server.
 */
public final class EmbeddedS3 extends AbstractS3Server implements AutoCloseable {
    private static final String BUCKET = "quadrangle-test";
    private static final String REGION = "us-east-1";

    private final int port;
    private final String accessKey = "quadrangle";
    private final String secretKey = UUID.randomUUID().toString();
    private final BlobStoreContext context;
    private final ReentrantLock lock = new ReentrantLock();
    private S3Proxy proxy;

    private EmbeddedS3(int port, BlobStoreContext context) {
        this.port = port;
        this.context = context;
    }

    /**
     * Starts the server with one empty bucket.
     *
     * @return the running server
     * @throws ServiceStartException when it cannot start
     */
    public static EmbeddedS3 launch() {
        BlobStoreContext context;
        try {
            context = ContextBuilder.newBuilder("transient")
                    .credentials("identity", "credential")
                    .overrides(new Properties())
                    .build(BlobStoreContext.class);
            context.getBlobStore().createContainerInLocation(null, BUCKET);
        } catch (RuntimeException e) {
            throw failure(0, e);
        }
        EmbeddedS3 s3 = new EmbeddedS3(FreePorts.next(), context);
        s3.start();
        return s3;
    }

    private static ServiceStartException failure(int port, Exception e) {
        return new ServiceStartException("embedded S3 server (s3proxy) on port " + port, ServiceMode.EMBEDDED,
                "To use your own server set QUADRANGLE_S3_ENDPOINT, QUADRANGLE_S3_ACCESS_KEY, "
                        + "QUADRANGLE_S3_SECRET_KEY and QUADRANGLE_S3_BUCKET.", e);
    }

    /** The blob store behind the server, for tests that tamper with objects behind the API's back. */
    public BlobStore blobStore() {
        return context.getBlobStore();
    }

    @Override
    public ServiceMode mode() {
        return ServiceMode.EMBEDDED;
    }

    @Override
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public String region() {
        return REGION;
    }

    @Override
    public String accessKey() {
        return accessKey;
    }

    @Override
    public String secretKey() {
        return secretKey;
    }

    @Override
    public String bucket() {
        return BUCKET;
    }

    @Override
    public boolean controllable() {
        return true;
    }

    @Override
    public void start() {
        lock.lock();
        try {
            if (proxy != null) {
                return;
            }
            S3Proxy created = S3Proxy.builder()
                    .blobStore(context.getBlobStore())
                    .endpoint(endpoint())
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                    .ignoreUnknownHeaders(true)
                    .build();
            created.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!"STARTED".equals(created.getState())) {
                if (System.nanoTime() > deadline) {
                    created.stop();
                    throw new IllegalStateException("s3proxy did not reach STARTED within 10 s, state "
                            + created.getState());
                }
                Thread.sleep(5);
            }
            proxy = created;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(port, e);
        } catch (Exception e) {
            throw failure(port, e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void stop() {
        lock.lock();
        try {
            if (proxy == null) {
                return;
            }
            S3Proxy running = proxy;
            proxy = null;
            running.stop();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop embedded S3 on port " + port + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isRunning() {
        lock.lock();
        try {
            return proxy != null;
        } finally {
            lock.unlock();
        }
    }

    /** Stops the HTTP server and discards the blob store. */
    @Override
    public void close() {
        try {
            stop();
        } finally {
            context.close();
        }
    }
}
