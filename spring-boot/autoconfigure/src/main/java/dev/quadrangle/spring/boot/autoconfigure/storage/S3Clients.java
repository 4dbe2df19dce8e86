package dev.quadrangle.spring.boot.autoconfigure.storage;

import java.time.Duration;
import org.springframework.util.ClassUtils;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Makes an S3 client from {@code quadrangle.storage.s3.*}. Stateless. */
final class S3Clients {
    private static final String APACHE = "software.amazon.awssdk.http.apache.ApacheHttpClient";
    private static final String URL_CONNECTION = "software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient";

    private S3Clients() {
    }

    static S3Client create(QuadrangleStorageProperties.S3 s3) {
        S3ClientBuilder builder = S3Client.builder().forcePathStyle(s3.isPathStyle());
        if (s3.getEndpoint() != null) {
            builder.endpointOverride(s3.getEndpoint());
        }
        if (s3.getRegion() != null && !s3.getRegion().isBlank()) {
            builder.region(Region.of(s3.getRegion()));
        }
        if (s3.getAccessKey() != null && !s3.getAccessKey().isBlank()) {
            builder.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(s3.getAccessKey(), s3.getSecretKey() == null ? "" : s3.getSecretKey())));
        }
        boolean whenRequired = s3.getChecksumsWhenRequired() != null ? s3.getChecksumsWhenRequired()
                : s3.getEndpoint() != null;
        if (whenRequired) {
            builder.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        Duration connect = s3.getConnectionTimeout();
        Duration socket = s3.getSocketTimeout();
        // an explicit HTTP client: with more than one on the class path the SDK refuses to choose
        ClassLoader loader = S3Clients.class.getClassLoader();
        if (ClassUtils.isPresent(APACHE, loader)) {
            builder.httpClientBuilder(ApacheHttpClient.builder().connectionTimeout(connect).socketTimeout(socket));
        } else if (ClassUtils.isPresent(URL_CONNECTION, loader)) {
            builder.httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(connect).socketTimeout(socket));
        }
        builder.overrideConfiguration(c -> c.apiCallTimeout(s3.getApiCallTimeout()));
        return builder.build();
    }
}
