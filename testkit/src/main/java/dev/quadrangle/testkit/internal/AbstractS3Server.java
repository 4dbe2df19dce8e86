package dev.quadrangle.testkit.internal;

import dev.quadrangle.testkit.S3Server;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The client configuration every S3-compatible server of the testkit shares. */
abstract class AbstractS3Server implements S3Server {

    @Override
    public S3Client newClient() {
        return S3Client.builder()
                .endpointOverride(endpoint())
                .region(Region.of(region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey(), secretKey())))
                .forcePathStyle(true)
                // S3-compatible servers do not speak the SDK's default flexible checksums; requests hang
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(10))
                        .build())
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(30)))
                .build();
    }

    @Override
    public String toString() {
        return "S3 (" + mode().name().toLowerCase(java.util.Locale.ROOT) + ") at " + endpoint() + ", bucket " + bucket();
    }
}
