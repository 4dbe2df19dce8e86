package dev.quadrangle.testkit.s3server;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Argument checks, which run before anything is unpacked or loaded. */
class S3ProxyServerTest {
    private static final URI ENDPOINT = URI.create("http://127.0.0.1:9000");

    @Test
    void anEndpointThatIsNotHttpHostPortIsRefused() {
        assertThatThrownBy(() -> S3ProxyServer.inMemory(URI.create("https://127.0.0.1:9000"), "a", "s", "b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("endpoint is https://127.0.0.1:9000; expected http://<host>:<port>");
        assertThatThrownBy(() -> S3ProxyServer.inMemory(URI.create("http://127.0.0.1"), "a", "s", "b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("endpoint is http://127.0.0.1; expected http://<host>:<port>");
        assertThatThrownBy(() -> S3ProxyServer.inMemory(null, "a", "s", "b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("endpoint is null; expected http://<host>:<port>");
    }

    @Test
    void blankOrMissingCredentialsAndBucketAreRefusedByName() {
        assertThatThrownBy(() -> S3ProxyServer.inMemory(ENDPOINT, " ", "s", "b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("accessKey is blank; give a non-blank value");
        assertThatThrownBy(() -> S3ProxyServer.inMemory(ENDPOINT, "a", null, "b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("secretKey is null; give a non-blank value");
        assertThatThrownBy(() -> S3ProxyServer.inMemory(ENDPOINT, "a", "s", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bucket is blank; give a non-blank value");
    }
}
