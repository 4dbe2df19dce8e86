package dev.quadrangle.core.partition;

import java.util.Optional;

/**
 * A partition that retention detached, as recorded in the manager's catalog.
 *
 * @param partition the partition's table name
 * @param action what retention did with it
 * @param state {@code DETACHING}, {@code DETACHED}, {@code ARCHIVED} (in the archive schema),
 *     {@code EXPORTED} (verified, not yet dropped), {@code DROPPED}, {@code RESTORED}, or {@code MISSING}
 *     (dropped by someone else before it was archived)
 * @param location the archive schema or the object key, empty for a plain drop
 * @param rows rows exported (-1 when not exported)
 * @param bytes compressed bytes exported (-1 when not exported)
 * @param sha256 hex SHA-256 of the exported object, empty when not exported
 */
public record ArchivedPartition(String partition, Retention.Action action, String state, Optional<String> location,
        long rows, long bytes, Optional<String> sha256) {
}
