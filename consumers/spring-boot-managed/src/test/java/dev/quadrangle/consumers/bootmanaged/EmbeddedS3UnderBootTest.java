package dev.quadrangle.consumers.bootmanaged;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quadrangle.testkit.QuadrangleServices;
import dev.quadrangle.testkit.S3Server;
import dev.quadrangle.testkit.ServiceMode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The testkit's embedded S3 in a project whose dependency management is Spring Boot 4's (Jetty 12).
 * Regression: {@code QuadrangleServices.s3()} failed with
 * {@code NoClassDefFoundError: jakarta/servlet/http/HttpServletResponse}, because Boot's Jetty BOM moved
 * s3proxy's Jetty 11 dependencies to 12, which no longer bring the Servlet 5 API.
 */
class EmbeddedS3UnderBootTest {

    @Test
    void embeddedS3StartsUnderBootsDependencyManagementAndReturnsWhatWasPut() {
        S3Server s3 = QuadrangleServices.s3();
        assertEquals(ServiceMode.EMBEDDED, s3.mode());
        byte[] body = "activity content under Spring Boot's dependency management".getBytes(StandardCharsets.UTF_8);
        try (S3Client client = s3.newClient()) {
            client.putObject(b -> b.bucket(s3.bucket()).key("boot/round-trip"), RequestBody.fromBytes(body));
            byte[] read = client.getObjectAsBytes(b -> b.bucket(s3.bucket()).key("boot/round-trip")).asByteArray();
            assertArrayEquals(body, read);
        }
    }
}
