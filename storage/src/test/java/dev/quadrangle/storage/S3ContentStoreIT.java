package dev.quadrangle.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quadrangle.spi.ContentStore.StoredObject;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.S3Server;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

@RealServices
class S3ContentStoreIT {
    private static final List<SdkHttpRequest> REQUESTS = new CopyOnWriteArrayList<>();
    private static S3Client client;
    private static String prefix;

    @BeforeAll
    static void setUp(S3Server s3) {
        client = S3Client.builder()
                .endpointOverride(s3.endpoint())
                .region(Region.of(s3.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())))
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2)).build())
                .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                        REQUESTS.add(context.httpRequest());
                    }
                }))
                .build();
        prefix = TestStores.uniquePrefix("s3store");
    }

    @AfterAll
    static void tearDown() {
        client.close();
    }

    private static S3ContentStore store(S3Server s3, ServerSideEncryption sse) {
        return S3ContentStore.builder().client(client).bucket(s3.bucket())
                .multipartThreshold(S3ContentStore.MIN_PART_SIZE_BYTES).partSize(S3ContentStore.MIN_PART_SIZE_BYTES)
                .serverSideEncryption(sse).resilience(TestStores.fastResilience()).build();
    }

    @Test
    void putOpenDescribeListDelete(S3Server s3) throws Exception {
        S3ContentStore store = store(s3, ServerSideEncryption.none());
        String base = prefix + "/basic/";
        store.put(base + "b", "second".getBytes(StandardCharsets.UTF_8), Map.of("content-type", "text/plain", "note", "x"));
        store.put(base + "a", "first".getBytes(StandardCharsets.UTF_8), Map.of());
        try (InputStream in = store.open(base + "b").orElseThrow()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("second");
        }
        StoredObject described = store.describe(base + "b").orElseThrow();
        assertThat(described.size()).isEqualTo(6);
        assertThat(described.metadata()).containsEntry("content-type", "text/plain").containsEntry("note", "x");
        List<String> keys = new ArrayList<>();
        store.list(base, o -> keys.add(o.key()));
        assertThat(keys).containsExactly(base + "a", base + "b");
        store.delete(base + "a");
        store.delete(base + "a"); // absent: not an error
        assertThat(store.open(base + "a")).isEmpty();
        assertThat(store.describe(base + "a")).isEmpty();
    }

    @Test
    void aLargeCompressedStreamGoesUpInPartsAndComesBackWithTheSameSha256(S3Server s3, @TempDir Path dir) throws Exception {
        S3ContentStore store = store(s3, ServerSideEncryption.none());
        Path file = dir.resolve("partition.csv.gz");
        String sha256 = LargeStreams.writeCompressedRows(file, 500_000, 7);
        long size = Files.size(file);
        assertThat(size).isGreaterThan(3L * S3ContentStore.MIN_PART_SIZE_BYTES);
        String key = prefix + "/archive/grade_2026_10.csv.gz";
        REQUESTS.clear();
        try (InputStream in = Files.newInputStream(file)) {
            store.put(key, in, -1, Map.of("content-type", "application/gzip"));
        }
        assertThat(REQUESTS.stream().filter(r -> r.rawQueryParameters().containsKey("partNumber")).count())
                .as("multipart parts").isEqualTo((size + S3ContentStore.MIN_PART_SIZE_BYTES - 1) / S3ContentStore.MIN_PART_SIZE_BYTES);
        assertThat(store.describe(key).orElseThrow().size()).isEqualTo(size);
        try (InputStream in = store.open(key).orElseThrow()) {
            String[] read = LargeStreams.shaAndLineCount(in);
            assertThat(read[0]).isEqualTo(sha256);
            assertThat(read[1]).isEqualTo("500000");
        }
    }

    @Test
    void serverSideEncryptionIsRequestedOnEveryWrite(S3Server s3) {
        REQUESTS.clear();
        store(s3, ServerSideEncryption.s3Managed()).put(prefix + "/sse/s3", new byte[] {1}, Map.of());
        store(s3, ServerSideEncryption.kms("alias/quadrangle")).put(prefix + "/sse/kms", new byte[] {2}, Map.of());
        store(s3, ServerSideEncryption.none()).put(prefix + "/sse/none", new byte[] {3}, Map.of());
        assertThat(REQUESTS).hasSize(3);
        assertThat(REQUESTS.get(0).firstMatchingHeader("x-amz-server-side-encryption")).contains("AES256");
        assertThat(REQUESTS.get(1).firstMatchingHeader("x-amz-server-side-encryption")).contains("aws:kms");
        assertThat(REQUESTS.get(1).firstMatchingHeader("x-amz-server-side-encryption-aws-kms-key-id")).contains("alias/quadrangle");
        assertThat(REQUESTS.get(2).firstMatchingHeader("x-amz-server-side-encryption")).isEmpty();
        assertThat(REQUESTS.get(0).firstMatchingHeader("If-None-Match")).contains("*");
    }

    @Test
    void hostileKeysAreRejectedBeforeAnyRequest(S3Server s3) {
        S3ContentStore store = store(s3, ServerSideEncryption.none());
        REQUESTS.clear();
        assertThatThrownBy(() -> store.open(prefix + "/../secrets")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("content key '" + prefix + "/../secrets' must not contain a '.' or '..' segment");
        assertThatThrownBy(() -> store.put("/etc/passwd", new byte[1], Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("content key '/etc/passwd' must not start with '/'");
        assertThatThrownBy(() -> store.delete(prefix + "//x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("content key '" + prefix + "//x' must not contain '//'");
        assertThatThrownBy(() -> store.describe(prefix + "/a\nb")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("content key '" + prefix + "/a\\u000ab' contains a forbidden character (control character or "
                        + "backslash) at index " + (prefix.length() + 2));
        assertThat(REQUESTS).isEmpty();
    }

    @Test
    void neitherTheStoreNorItsErrorsMentionCredentials(S3Server s3) {
        S3ContentStore store = store(s3, ServerSideEncryption.kms("alias/k"));
        assertThat(store.toString()).doesNotContain(s3.secretKey())
                .isEqualTo("S3ContentStore[bucket=quadrangle-test, multipartThreshold=5242880, partSize=5242880, sse=aws:kms(alias/k)]");
    }
}
