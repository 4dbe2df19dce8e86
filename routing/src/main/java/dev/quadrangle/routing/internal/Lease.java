package dev.quadrangle.routing.internal;

import dev.quadrangle.routing.RouteReason;
import java.sql.Connection;

/**
 * A physical connection taken for a logical one: where it came from and why.
 *
 * @param target the server
 * @param connection the physical connection, to be given back through {@link Target#release}
 * @param reason why the connection went to this server
 * @param writer whether the server was taken as the writer (the primary), as opposed to a replica
 */
public record Lease(Target target, Connection connection, RouteReason reason, boolean writer) {
}
