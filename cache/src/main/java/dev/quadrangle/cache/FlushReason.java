package dev.quadrangle.cache;

/** Why a node dropped a whole region from its in-process level on its own. */
public enum FlushReason {
    /** An invalidation message from another node was missing (its sequence number skipped). */
    SEQUENCE_GAP,
    /** The subscription to invalidation messages was lost and has been re-established. */
    SUBSCRIPTION_LOST,
    /** Redis was unreachable and is back: invalidations of the outage may have been missed. */
    REDIS_RECOVERED
}
