/**
 * Partition specs and the partition lifecycle: {@link dev.quadrangle.core.partition.PartitionSpec}
 * (RANGE by time or term, LIST, HASH, RANGE→HASH, RANGE→LIST), {@link dev.quadrangle.core.partition.Retention}
 * and {@link dev.quadrangle.core.partition.PartitionManager} (ensure ahead, default-partition draining,
 * detach, archive, export, restore), and the Citus distribution
 * ({@link dev.quadrangle.core.partition.CitusDistribution}) that the same spec gets on a Citus cluster.
 */
package dev.quadrangle.core.partition;
