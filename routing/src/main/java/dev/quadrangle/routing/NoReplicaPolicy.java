package dev.quadrangle.routing;

/** What a read does when no replica is eligible (all down, ejected or lagging). */
public enum NoReplicaPolicy {
    /** The read goes to the primary (routing reason {@code fallback}). The default. */
    FALLBACK_TO_PRIMARY,
    /** The read fails with an {@link java.sql.SQLException} of SQLState {@code 08001}. */
    FAIL
}
