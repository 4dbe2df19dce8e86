/**
 * Content offload: large JSON payloads move from rows into an object store (S3, a local directory, or
 * memory for tests) and the row keeps a small, verified {@link dev.quadrangle.storage.ContentRef}.
 *
 * <p>Entry points: {@link dev.quadrangle.storage.S3ContentStore}, {@link dev.quadrangle.storage.FileSystemContentStore}
 * and {@link dev.quadrangle.storage.InMemoryContentStore} implement core's
 * {@link dev.quadrangle.spi.ContentStore}; {@link dev.quadrangle.storage.ContentOffloader} decides inline or
 * offloaded and resolves references; {@link dev.quadrangle.storage.OutboxProcessor} and
 * {@link dev.quadrangle.storage.ContentReconciler} complete deletes and clean up after crashes;
 * {@link dev.quadrangle.storage.ContentVersions} keeps document history as JSON Patches;
 * {@link dev.quadrangle.storage.StorageMetrics} publishes Micrometer meters.
 */
package dev.quadrangle.storage;
