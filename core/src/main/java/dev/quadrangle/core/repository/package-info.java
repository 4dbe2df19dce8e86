/**
 * Partition-aware repositories on jOOQ: {@link dev.quadrangle.core.repository.PartitionedRepository}
 * with {@link dev.quadrangle.core.repository.PartitionScope} (every read constrains every partition key),
 * keyset pages ({@link dev.quadrangle.core.repository.PageRequest}), COPY and idempotent inserts, upserts,
 * and tenant-bound views under row-level security.
 *
 * <p>Repositories always go through the parent table. A query through a partition's own name bypasses
 * the parent's row-level security policies; grant the application role privileges on parent tables
 * only, so that partitions cannot be reached by name.
 */
package dev.quadrangle.core.repository;
