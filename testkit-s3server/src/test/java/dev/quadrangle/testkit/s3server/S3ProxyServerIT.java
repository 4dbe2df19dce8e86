package dev.quadrangle.testkit.s3server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The isolated s3proxy over real HTTP with the AWS SDK, as the testkit drives it. */
class S3ProxyServerIT {
    private static final String ACCESS = "access";
    private static final String SECRET = "secret-for-it";
    private static final String BUCKET = "it-bucket";

    @Test
    void objectsComeBackByteForByteAndSurviveAStopAndStart() throws IOException {
        URI endpoint = freeEndpoint();
        byte[] body = "content offloaded to S3".getBytes(StandardCharsets.UTF_8);
        try (S3ProxyServer server = S3ProxyServer.inMemory(endpoint, ACCESS, SECRET, BUCKET)) {
            server.start();
            try (S3Client client = client(endpoint, SECRET)) {
                client.putObject(b -> b.bucket(BUCKET).key("a/b"), RequestBody.fromBytes(body));
                assertThat(client.getObjectAsBytes(b -> b.bucket(BUCKET).key("a/b")).asByteArray()).isEqualTo(body);
            }

            server.stop();
            assertThat(server.isRunning()).isFalse();
            try (S3Client client = client(endpoint, SECRET)) {
                assertThatThrownBy(() -> client.headBucket(b -> b.bucket(BUCKET))).isInstanceOf(SdkClientException.class);
            }

            server.start();
            assertThat(server.isRunning()).isTrue();
            try (S3Client client = client(endpoint, SECRET)) {
                assertThat(client.getObjectAsBytes(b -> b.bucket(BUCKET).key("a/b")).asByteArray()).isEqualTo(body);
            }
        }
    }

    @Test
    void requestsSignedWithAnotherSecretAreRefused() throws IOException {
        URI endpoint = freeEndpoint();
        try (S3ProxyServer server = S3ProxyServer.inMemory(endpoint, ACCESS, SECRET, BUCKET);
                S3Client client = client(endpoint, "not-the-secret")) {
            server.start();
            assertThatThrownBy(() -> client.headBucket(b -> b.bucket(BUCKET)))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        }
    }

    @Test
    void aSecondServerOnATakenPortFailsNamingTheEndpointAndStartsOnceThePortIsFree() throws IOException {
        URI endpoint = freeEndpoint();
        try (S3ProxyServer first = S3ProxyServer.inMemory(endpoint, ACCESS, SECRET, BUCKET);
                S3ProxyServer second = S3ProxyServer.inMemory(endpoint, ACCESS, SECRET, BUCKET)) {
            first.start();
            long jettyThreads = jettyThreads();
            assertThatThrownBy(second::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("could not start s3proxy on " + endpoint + ": ");
            assertThat(second.isRunning()).isFalse();
            assertThat(first.isRunning()).isTrue();
            assertThat(jettyThreads()).as("Jetty threads left by the failed start").isEqualTo(jettyThreads);

            first.stop();
            second.start();
            try (S3Client client = client(endpoint, SECRET)) {
                client.headBucket(b -> b.bucket(BUCKET));
            }
            assertThat(second.isRunning()).isTrue();
        }
    }

    @Test
    void aClosedServerRefusesToStart() throws IOException {
        URI endpoint = freeEndpoint();
        S3ProxyServer server = S3ProxyServer.inMemory(endpoint, ACCESS, SECRET, BUCKET);
        server.start();
        server.close();
        server.close();
        assertThat(server.isRunning()).isFalse();
        assertThatThrownBy(server::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the S3 server on " + endpoint + " is closed; create a new one");
    }

    /** Jetty's pool threads are named qtp&lt;hash&gt;-&lt;n&gt;. */
    private static long jettyThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("qtp")).count();
    }

    private static URI freeEndpoint() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }

    private static S3Client client(URI endpoint, String secret) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS, secret)))
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2)).build())
                .build();
    }
}
