package dev.quadrangle.routing;

/**
 * A snapshot of one node as routing sees it: the role it reported at its last probe, whether writes go
 * there now, and its health as a replica. Immutable.
 *
 * <p>With a cluster given as discovered nodes ({@link RoutingDataSourceBuilder#node}), every node has
 * a role from its last probe and a {@code health}. With a fixed primary and replicas, the primary is
 * reported with role {@link NodeRole#PRIMARY}, {@code writer} {@code true} and no {@code health} (it is
 * not probed as a node), each replica with role {@link NodeRole#REPLICA}.
 *
 * @param name the node's configured name ({@code "primary"} for a fixed primary)
 * @param role what the node reported at its last probe
 * @param writer whether new write connections go to this node now
 * @param timeline the timeline of the node's current WAL position when it answered as a primary, else
 *     {@code -1}
 * @param health the node's health as a replica (eligibility, lag, breaker state, cause), or {@code null}
 *     for a fixed primary
 */
public record NodeStatus(String name, NodeRole role, boolean writer, long timeline, ReplicaStatus health) {
}
