package dev.quadrangle.routing;

/**
 * The role a node of a discovered cluster reported at its last probe: {@code pg_is_in_recovery()} false
 * is a primary, true a replica (hot standby); a node that could not be probed has an unknown role.
 */
public enum NodeRole {
    /** Not in recovery: accepts writes. */
    PRIMARY(1),
    /** In recovery: a hot standby that replays a primary's WAL. */
    REPLICA(0),
    /** Not reachable, or not probed yet. */
    UNKNOWN(-1);

    private final int gaugeValue;

    NodeRole(int gaugeValue) {
        this.gaugeValue = gaugeValue;
    }

    /**
     * The value of the {@code quadrangle.routing.node.role} gauge for this role.
     *
     * @return 1 for a primary, 0 for a replica, -1 when unknown
     */
    public int gaugeValue() {
        return gaugeValue;
    }
}
