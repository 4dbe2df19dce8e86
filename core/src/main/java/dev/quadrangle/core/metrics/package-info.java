/**
 * Micrometer bindings for core: {@link dev.quadrangle.core.metrics.PartitionMetrics},
 * {@link dev.quadrangle.core.metrics.BatchWriterMetrics} and {@link dev.quadrangle.core.metrics.QueryMetrics}.
 * Micrometer is an optional dependency: only these classes need it, and nothing else in core mentions
 * a Micrometer type.
 */
package dev.quadrangle.core.metrics;
