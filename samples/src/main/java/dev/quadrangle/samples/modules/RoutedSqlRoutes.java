package dev.quadrangle.samples.modules;

import dev.quadrangle.spi.RoutedConnection;
import dev.quadrangle.routing.RoutingDataSource;
import dev.quadrangle.samples.jdbc.SqlRoutes;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

/**
 * The campus SQL routed by the routing module: reads run as read-only units (a replica that has
 * replayed the current scope's last write, else the primary) and are marked idempotent, so a replica's
 * connection error is retried once on the primary; writes go to the primary.
 *
 * <p>Thread-safe.
 */
final class RoutedSqlRoutes implements SqlRoutes {
    private final RoutingDataSource routing;

    RoutedSqlRoutes(RoutingDataSource routing) {
        this.routing = Objects.requireNonNull(routing, "routing");
    }

    @Override
    public <T> T read(SqlWork<T> work) throws SQLException {
        return routing.readOnly(() -> {
            try (Connection c = routing.getConnection()) {
                c.setReadOnly(true);
                c.unwrap(RoutedConnection.class).setIdempotent(true);
                return work.apply(c);
            }
        });
    }

    @Override
    public <T> T write(SqlWork<T> work) throws SQLException {
        try (Connection c = routing.getConnection()) {
            return work.apply(c);
        }
    }
}
