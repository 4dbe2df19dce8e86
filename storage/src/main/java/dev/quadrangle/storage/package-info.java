/**
 * Content offload: large JSON payloads move from rows into an object store (S3, a local directory, or
 * memory for tests) and the row keeps a small, verified {@link dev.quadrangle.storage.ContentRef}.
 *
 * <p>Entry points: {@link dev.quadrangle.storage.S3ContentStore}, {@link dev.quadrangle.storage.FileSystemContentStore}
 * and {@link dev.quadrangle.storage.InMemoryContentStore} implement the SPI's
 * {@link dev.quadrangle.spi.ContentStore}; {@link dev.quadrangle.storage.ContentOffload} is the front door,
 * one configuration giving the {@link dev.quadrangle.storage.ContentOffloader} (inline or offloaded, verified
 * reads), the {@link dev.quadrangle.storage.OutboxProcessor} and the {@link dev.quadrangle.storage.ContentReconciler}
 * (deletes after commit, clean-up after crashes) and {@link dev.quadrangle.storage.ContentVersions} (document
 * history as JSON Patches); {@link dev.quadrangle.storage.StorageMetrics} publishes Micrometer meters.
 */
package dev.quadrangle.storage;
