package dev.quadrangle.storage;

import dev.quadrangle.spi.Arguments;
import java.util.Objects;
import java.util.Optional;

/**
 * The server-side encryption {@link S3ContentStore} asks S3 for on every write: none, S3-managed keys
 * ({@code AES256}) or a KMS key. Immutable and thread-safe.
 */
public final class ServerSideEncryption {
    private static final ServerSideEncryption NONE = new ServerSideEncryption(null, null);
    private static final ServerSideEncryption S3_MANAGED = new ServerSideEncryption("AES256", null);

    private final String algorithm;
    private final String kmsKeyId;

    private ServerSideEncryption(String algorithm, String kmsKeyId) {
        this.algorithm = algorithm;
        this.kmsKeyId = kmsKeyId;
    }

    /** No encryption header is sent (the bucket's default applies). */
    public static ServerSideEncryption none() {
        return NONE;
    }

    /** S3-managed keys ({@code x-amz-server-side-encryption: AES256}). */
    public static ServerSideEncryption s3Managed() {
        return S3_MANAGED;
    }

    /**
     * A KMS key ({@code aws:kms} with the key id).
     *
     * @param keyId the KMS key id, alias or ARN
     * @return the setting
     * @throws IllegalArgumentException when the key id is blank or contains control characters
     */
    public static ServerSideEncryption kms(String keyId) {
        if (Arguments.isBlank(keyId) || keyId.chars().anyMatch(Character::isISOControl) || keyId.length() > 2048) {
            throw new IllegalArgumentException("kmsKeyId must be a non-blank key id, alias or ARN of at most 2048 characters");
        }
        return new ServerSideEncryption("aws:kms", keyId);
    }

    /** The {@code x-amz-server-side-encryption} value, if any. */
    public Optional<String> algorithm() {
        return Optional.ofNullable(algorithm);
    }

    /** The KMS key id, if any. */
    public Optional<String> kmsKeyId() {
        return Optional.ofNullable(kmsKeyId);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerSideEncryption && Objects.equals(algorithm, ((ServerSideEncryption) o).algorithm)
                && Objects.equals(kmsKeyId, ((ServerSideEncryption) o).kmsKeyId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(algorithm, kmsKeyId);
    }

    @Override
    public String toString() {
        return algorithm == null ? "none" : kmsKeyId == null ? algorithm : algorithm + "(" + kmsKeyId + ")";
    }
}
