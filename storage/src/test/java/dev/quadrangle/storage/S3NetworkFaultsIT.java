package dev.quadrangle.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.spi.ContentUnavailableException;
import dev.quadrangle.testkit.DelayProxy;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.S3Server;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3 behind a {@link DelayProxy}: slow rather than down, and a network that cuts a connection once.
 * The host's client is built without the SDK's own retries, so that every retry is the store's and is
 * counted. What is lost: nothing; a slow call ends in a clear error within its bound, a cut connection
 * is retried and the read returns the stored bytes.
 */
@RealServices
class S3NetworkFaultsIT {
    private static final byte[] CONTENT = "{\"question\":\"what is 7 x 8?\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void slowS3CallsTimeOutTheBulkheadRefusesTheRestAndNoThreadsPileUp(S3Server s3) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        StorageMetrics metrics = new StorageMetrics();
        metrics.bindTo(registry);
        StoreResilience resilience = StoreResilience.builder().attemptTimeout(Duration.ofMillis(500)).maxAttempts(2)
                .backoff(Duration.ofMillis(20), Duration.ofMillis(100)).maxConcurrentCalls(2)
                .maxWaitForPermit(Duration.ofMillis(50)).slidingWindowCalls(100).build();
        String key = TestStores.uniquePrefix("slow") + "/school-1/activity/1";
        try (DelayProxy proxy = DelayProxy.start(s3.endpoint().getPort(), Duration.ZERO);
                S3Client client = clientThrough(s3, proxy);
                S3Client direct = s3.newClient()) {
            // written directly, with patient timeouts: the 500 ms ones below are for the slowed network only
            TestStores.s3Store(direct, s3, StorageListener.NOOP).put(key, new ByteArrayInputStream(CONTENT),
                    CONTENT.length, Map.of());
            S3ContentStore store = S3ContentStore.builder().client(client).bucket(s3.bucket()).resilience(resilience)
                    .listener(metrics).build();
            assertThat(awaitDescribe(store, key)).as("the object, through the proxy before it slows").isPresent();
            int threadsBefore = liveThreadsOutsideTheProxy();

            proxy.setDelay(Duration.ofSeconds(3)); // a 6 s round trip, far above the 500 ms attempt timeout
            // the first round starts the SDK's timeout scheduler threads, which stay; later rounds must add none
            slowRound(1, store, key, resilience, registry, s3);
            int threadsAfterFirstRound = liveThreadsOutsideTheProxy();
            slowRound(2, store, key, resilience, registry, s3);
            slowRound(3, store, key, resilience, registry, s3);
            int threadsAfterThirdRound = liveThreadsOutsideTheProxy();
            List<String> blocked = clientThreadsInSocketIo();
            System.out.printf("live threads outside the proxy: %d before, %d after the first slow round, %d after the "
                    + "third%n", threadsBefore, threadsAfterFirstRound, threadsAfterThirdRound);
            assertThat(blocked).as("client threads still blocked on the slow network after the rounds").isEmpty();
            assertThat(threadsAfterThirdRound).as("threads after three rounds of slow calls")
                    .isLessThanOrEqualTo(threadsAfterFirstRound + 2);

            proxy.setDelay(Duration.ZERO);
            assertThat(awaitDescribe(store, key)).as("S3 answers again once the network is fast").isPresent();
        }
    }

    @Test
    void aConnectionCutOnceIsRetriedAndCounted(S3Server s3) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        StorageMetrics metrics = new StorageMetrics();
        metrics.bindTo(registry);
        String key = TestStores.uniquePrefix("cut") + "/school-1/activity/1";
        try (DelayProxy proxy = DelayProxy.start(s3.endpoint().getPort(), Duration.ZERO);
                S3Client client = clientThrough(s3, proxy)) {
            S3ContentStore store = S3ContentStore.builder().client(client).bucket(s3.bucket())
                    // a window wide enough that two failed attempts of one call cannot open the circuit
                    .resilience(TestStores.fastResilience().toBuilder().maxAttempts(3).slidingWindowCalls(10).build())
                    .listener(metrics).build();
            store.put(key, new ByteArrayInputStream(CONTENT), CONTENT.length, Map.of());
            assertThat(counter(registry, "quadrangle.storage.store.retries", "operation", "get")).isZero();

            // the kept-alive connection is reset, and the next two new ones too: the JDK's HTTP client retries a
            // failed request once by itself, so with one cut its retry could absorb the fault before the store sees it
            proxy.cutConnections(2);
            Optional<InputStream> read = store.open(key);
            assertThat(read).isPresent();
            try (InputStream in = read.get()) {
                assertThat(in.readAllBytes()).isEqualTo(CONTENT);
            }
            double retries = counter(registry, "quadrangle.storage.store.retries", "operation", "get");
            System.out.printf("a cut connection: the read succeeded after %.0f store retries (%d connections accepted)%n",
                    retries, proxy.acceptedConnections());
            assertThat(retries).as("retries counted").isBetween(1.0, 2.0);
            assertThat(registry.find("quadrangle.storage.store.rejected").counters()).isEmpty();
            assertThat(store.isCircuitOpen()).isFalse();
        }
    }

    /**
     * Eight callers at once against a slow S3 with two bulkhead permits: each gets a timeout or a refusal
     * within the bound, both counted in the metrics. Ends when every caller thread has ended.
     */
    private static void slowRound(int round, S3ContentStore store, String key, StoreResilience resilience,
            SimpleMeterRegistry registry, S3Server s3) throws Exception {
        double rejectedBefore = counter(registry, "quadrangle.storage.store.rejected", "reason", "bulkhead_full");
        double retriesBefore = counter(registry, "quadrangle.storage.store.retries", "operation", "head");
        int callers = 8;
        List<CompletableFuture<Long>> outcomes = new ArrayList<>();
        List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            CompletableFuture<Long> outcome = new CompletableFuture<>();
            outcomes.add(outcome);
            Thread t = new Thread(() -> {
                long start = System.nanoTime();
                try {
                    store.describe(key);
                    outcome.completeExceptionally(new AssertionError("a call through a 6 s round trip succeeded"));
                } catch (ContentUnavailableException e) {
                    errors.add(e.getMessage());
                    outcome.complete(System.nanoTime() - start);
                } catch (Throwable e) {
                    outcome.completeExceptionally(e);
                }
            }, "slow-caller-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        try {
            threads.forEach(Thread::start);
            Duration bound = resilience.worstCaseCallDuration().plusSeconds(5);
            long slowest = 0;
            for (CompletableFuture<Long> outcome : outcomes) {
                slowest = Math.max(slowest, outcome.get(bound.toMillis() + 10_000, TimeUnit.MILLISECONDS));
            }
            String prefix = Pattern.quote("s3://" + s3.bucket() + ": head of '" + key + "' ");
            Pattern timedOut = Pattern.compile(prefix + "failed: .*did not complete before the specified timeout "
                    + "configuration: 500 millis.*", Pattern.DOTALL);
            Pattern refused = Pattern.compile(prefix + "refused, too many concurrent calls");
            long timeouts = errors.stream().filter(m -> timedOut.matcher(m).matches()).count();
            long rejections = errors.stream().filter(m -> refused.matcher(m).matches()).count();
            System.out.printf("S3 slowed to a 6 s round trip, round %d: %d callers, %d timed out, %d refused by the "
                    + "bulkhead (2 permits), slowest failure %.1f ms (worst case %d ms)%n", round, callers, timeouts,
                    rejections, slowest / 1e6, resilience.worstCaseCallDuration().toMillis());
            assertThat(timeouts + rejections).as("every error is a timeout or a refusal: %s", errors).isEqualTo(callers);
            assertThat(timeouts).as("calls let through, at most the bulkhead's 2 at a time").isBetween(2L, 6L);
            assertThat(rejections).isPositive();
            assertThat(slowest).as("slowest failure, ns").isLessThan(bound.toNanos());
            assertThat(counter(registry, "quadrangle.storage.store.rejected", "reason", "bulkhead_full") - rejectedBefore)
                    .isEqualTo(rejections);
            assertThat(counter(registry, "quadrangle.storage.store.retries", "operation", "head") - retriesBefore)
                    .as("one retry per timed-out call").isEqualTo(timeouts);
        } finally {
            for (Thread t : threads) {
                t.join(30_000);
            }
        }
    }

    /** Like the testkit's client, but through the proxy and without the SDK's own retries. */
    private static S3Client clientThrough(S3Server s3, DelayProxy proxy) {
        return S3Client.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + proxy.port()))
                .region(Region.of(s3.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())))
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(30)).build())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static Optional<?> awaitDescribe(S3ContentStore store, String key) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return store.describe(key);
            } catch (ContentUnavailableException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
                LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            }
        }
    }

    private static double counter(SimpleMeterRegistry registry, String name, String tag, String value) {
        Counter c = registry.find(name).tag(tag, value).counter();
        return c == null ? 0 : c.count();
    }

    /**
     * Live threads, leaving out the proxy's, the embedded S3 server's own Jetty pool (server side, which
     * grows and shrinks with the connections it serves) and the SDK's timeout schedulers (fixed-size pools
     * that start their threads one task at a time): what is left would grow if slow calls piled up.
     */
    private static int liveThreadsOutsideTheProxy() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> !isInfrastructure(t.getName()))
                .count();
    }

    /** Threads of the client side that sit in socket I/O: a slow call still holding a thread. */
    private static List<String> clientThreadsInSocketIo() {
        List<String> blocked = new ArrayList<>();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (!thread.isAlive() || isInfrastructure(thread.getName())) {
                return;
            }
            for (StackTraceElement frame : stack) {
                String where = frame.getClassName();
                if (where.startsWith("sun.nio.ch.NioSocketImpl") || where.startsWith("java.net.SocketInputStream")) {
                    blocked.add(thread.getName());
                    return;
                }
            }
        });
        return blocked;
    }

    private static boolean isInfrastructure(String name) {
        return name.startsWith("delay-proxy") || name.startsWith("S3Proxy-") || name.startsWith("sdk-ScheduledExecutor")
                || name.startsWith("surefire-");
    }
}
