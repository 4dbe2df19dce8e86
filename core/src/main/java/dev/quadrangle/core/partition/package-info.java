/**
 * Partition specs and the partition lifecycle: {@link dev.quadrangle.core.partition.PartitionSpec}
 * (RANGE by time or term, LIST, HASH, RANGE→HASH, RANGE→LIST), {@link dev.quadrangle.core.partition.Retention}
 * and {@link dev.quadrangle.core.partition.PartitionManager} (ensure ahead, default-partition draining,
 * detach, archive, export, restore), plus the Citus distribution DDL.
 */
package dev.quadrangle.core.partition;
