package dev.quadrangle.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Where the host's rows keep {@link ContentRef}s, so that the {@link OutboxProcessor} and the
 * {@link ContentReconciler} can tell referenced objects from orphans and find dangling references.
 * {@link JdbcReferenceColumn} covers a table with a reference column; implement this for other layouts.
 *
 * <p>Implementations are thread-safe and run their queries on the connection they are given (so they
 * see the caller's transaction and locks).
 */
public interface ReferenceSource {

    /**
     * Which of the given object URIs some row references.
     *
     * @param connection the caller's connection
     * @param uris object URIs ({@link ContentRef#uri()}), at most a few thousand
     * @return the subset that is referenced
     * @throws SQLException when the query fails
     */
    Set<String> referenced(Connection connection, Collection<String> uris) throws SQLException;

    /**
     * Passes every reference held by the rows to the consumer (in pages; not one snapshot).
     *
     * @param connection the caller's connection
     * @param consumer receives each reference
     * @throws SQLException when the query fails
     */
    void forEach(Connection connection, Consumer<RowReference> consumer) throws SQLException;

    /**
     * One row's reference.
     *
     * @param table the table
     * @param rowId the row's id, as text
     * @param ref the reference
     */
    record RowReference(String table, String rowId, ContentRef ref) {
    }
}
