/**
 * Content offload from properties: an {@code S3ContentStore} over the application's {@code S3Client} (or
 * one made from {@code quadrangle.storage.s3.*}), the {@code ContentOffload} with its offloader, versions,
 * outbox processor and reconciler scheduled while the context runs, storage metrics and health.
 */
package dev.quadrangle.spring.boot.autoconfigure.storage;
