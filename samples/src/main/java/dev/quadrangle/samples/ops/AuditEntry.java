package dev.quadrangle.samples.ops;

import java.time.Instant;

/**
 * One audit log entry.
 *
 * @param id the entry
 * @param action what the user did
 * @param entityType what kind of thing it was done to
 * @param entityId which one, or {@code null}
 * @param loggedAt when
 */
public record AuditEntry(long id, String action, String entityType, Long entityId, Instant loggedAt) {
}
