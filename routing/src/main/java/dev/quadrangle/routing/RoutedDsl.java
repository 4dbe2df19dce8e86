package dev.quadrangle.routing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import org.jooq.Configuration;
import org.jooq.ConnectionProvider;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * A jOOQ {@link DSLContext} for reads and one for writes over a {@link RoutingDataSource}, both derived
 * from one base {@link Configuration} (which is not modified). Reads run on read-only connections
 * (a replica, under the consistency policy); writes on the primary. Each query takes and gives back
 * its own connection, as with a plain data source. Immutable and thread-safe.
 *
 * <!-- snippet: consumers/plain/src/test/java/dev/quadrangle/examples/JavadocExamples.java#routed-dsl -->
 * <pre>{@code
 * RoutedDsl dsl = RoutedDsl.of(routing, new DefaultConfiguration().set(SQLDialect.POSTGRES));
 * dsl.writes().insertInto(ITEM).set(ITEM.ID, 1L).execute();
 * dsl.reads().selectFrom(ITEM).fetch();
 * }</pre>
 */
public final class RoutedDsl {
    private final DSLContext reads;
    private final DSLContext writes;

    private RoutedDsl(DSLContext reads, DSLContext writes) {
        this.reads = reads;
        this.writes = writes;
    }

    /**
     * Derives the two contexts.
     *
     * @param dataSource the routing data source
     * @param base the configuration to derive from (dialect, settings, listeners)
     * @return the pair
     */
    public static RoutedDsl of(RoutingDataSource dataSource, Configuration base) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(base, "base");
        return new RoutedDsl(DSL.using(base.derive(new Provider(dataSource, true))),
                DSL.using(base.derive(new Provider(dataSource, false))));
    }

    /** The context for reads: read-only connections, routed to replicas. */
    public DSLContext reads() {
        return reads;
    }

    /** The context for writes: read-write connections on the primary. */
    public DSLContext writes() {
        return writes;
    }

    private static final class Provider implements ConnectionProvider {
        private final RoutingDataSource dataSource;
        private final boolean readOnly;

        Provider(RoutingDataSource dataSource, boolean readOnly) {
            this.dataSource = dataSource;
            this.readOnly = readOnly;
        }

        @Override
        public Connection acquire() {
            try {
                Connection connection = dataSource.getConnection();
                if (readOnly) {
                    connection.setReadOnly(true);
                }
                return connection;
            } catch (SQLException e) {
                throw new DataAccessException("could not get a " + (readOnly ? "read-only" : "read-write")
                        + " connection from the routing data source", e);
            }
        }

        @Override
        public void release(Connection connection) {
            try {
                connection.close();
            } catch (SQLException e) {
                throw new DataAccessException("could not close a routed connection", e);
            }
        }
    }
}
