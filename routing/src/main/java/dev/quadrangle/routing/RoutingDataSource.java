package dev.quadrangle.routing;

import dev.quadrangle.spi.ConsistencyToken;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A read/write-splitting {@link DataSource} over one PostgreSQL primary and any number of streaming
 * replicas, with replica health, lag awareness and read-your-writes. The servers are given either as a
 * fixed primary and replicas, or as nodes whose roles are discovered and followed through a failover
 * ({@link RoutingDataSourceBuilder#node(String, String, String, String)}).
 *
 * <p>Routing follows the caller's intent, never the SQL text:
 * <ul>
 *   <li>A connection goes to a replica when it is read-only: {@code setReadOnly(true)}, before or after
 *       {@link #getConnection()} (the physical connection is taken at first use), or inside
 *       {@link #readOnly(SqlWork)} or {@link #onReplica(SqlWork)}. Otherwise it goes to the primary.</li>
 *   <li>{@link #onPrimary(SqlWork)} sends everything in it to the primary; nested scopes: primary wins.</li>
 *   <li>A read-only connection refuses writes with SQLState {@code 25006}: update and batch methods and
 *       statements led by a write verb before anything reaches a server, anything else through the
 *       physical connection's read-only session.</li>
 *   <li>After a write commits, its WAL position is kept in the current scope as a
 *       {@link ConsistencyToken}; later reads in that scope go only to replicas that have replayed it
 *       (policy {@link ConsistencyPolicy#LSN}, the default).</li>
 * </ul>
 *
 * <p>Connections implement {@link dev.quadrangle.spi.RoutedConnection}
 * ({@code connection.unwrap(RoutedConnection.class)}) for idempotency and consistency hints.
 *
 * <p>Scopes are bound to the calling thread. Without an explicit scope each thread has its own implicit
 * scope, so a thread reads its own writes. Implementations are thread-safe. Closing the data source
 * stops the health probe and closes the pools it built; data sources passed in by the host are never
 * closed.
 */
public interface RoutingDataSource extends DataSource, AutoCloseable {

    /**
     * A new builder.
     *
     * @return a builder with every setting at its default
     */
    static RoutingDataSourceBuilder builder() {
        return RoutingDataSourceBuilder.create();
    }

    /**
     * Runs work with every connection it opens routed to the primary, read-only or not.
     *
     * @param work the work
     * @param <T> the result type
     * @return what the work returned
     * @throws java.sql.SQLException what the work threw
     */
    <T> T onPrimary(SqlWork<T> work) throws java.sql.SQLException;

    /**
     * Runs work with every connection it opens read-only and routed to a replica, accepting replica lag:
     * the scope's consistency token is not applied (use {@link #readOnly(SqlWork)} for that). Nested in
     * {@link #onPrimary(SqlWork)}, the primary wins.
     *
     * @param work the work
     * @param <T> the result type
     * @return what the work returned
     * @throws java.sql.SQLException what the work threw
     */
    <T> T onReplica(SqlWork<T> work) throws java.sql.SQLException;

    /**
     * Runs work as a read-only unit: every connection it opens is read-only (a write fails with SQLState
     * {@code 25006}) and goes to a replica that satisfies the consistency policy, else to the primary.
     *
     * @param work the work
     * @param <T> the result type
     * @return what the work returned
     * @throws java.sql.SQLException what the work threw
     */
    <T> T readOnly(SqlWork<T> work) throws java.sql.SQLException;

    /**
     * Runs work in a consistency session of its own, starting from an imported token (for example one a
     * web client sent back in a header); writes in it do not leak into the enclosing scope. Read
     * {@link #currentToken()} inside the work to export the session's token.
     *
     * @param token the token to start from, or {@code null} for none
     * @param work the work
     * @param <T> the result type
     * @return what the work returned
     * @throws java.sql.SQLException what the work threw
     */
    <T> T inSession(ConsistencyToken token, SqlWork<T> work) throws java.sql.SQLException;

    /**
     * The consistency token of the current scope on this thread: a log position at or past the latest
     * write committed in it (or imported into it). The position of auto-committed writes is not read when
     * they return; the first call after them (or the first read in the scope that needs it) reads the
     * writer's current position, in one round trip whatever the number of writes.
     *
     * @return the token, empty when the scope has not written
     * @throws java.sql.SQLException when the scope has auto-committed writes whose position cannot be read
     *     (no writer is known, or it does not answer); the writes themselves are committed
     */
    Optional<ConsistencyToken> currentToken() throws java.sql.SQLException;

    /**
     * A snapshot of every replica's health, in configuration order. With a cluster given as discovered
     * nodes, every node is listed (the writer as not eligible: it is not in recovery).
     *
     * @return the replicas' statuses
     */
    List<ReplicaStatus> replicaStatuses();

    /**
     * A snapshot of every node with its role: with discovered nodes, the role each reported at its last
     * probe and which one writes go to; with a fixed primary and replicas, their configured roles.
     *
     * @return the nodes' statuses, in configuration order (a fixed primary first)
     */
    List<NodeStatus> nodeStatuses();

    /**
     * Stops the health probe and closes the pools this data source built, which close the connections
     * still handed out as HikariCP does at shutdown; host-supplied data sources are left open. Idempotent.
     */
    @Override
    void close();
}
