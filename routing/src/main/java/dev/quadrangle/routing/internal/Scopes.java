package dev.quadrangle.routing.internal;

import dev.quadrangle.spi.ConsistencyToken;
import dev.quadrangle.routing.SqlWork;
import java.sql.SQLException;

/** The per-thread stack of routing scopes of one data source. */
public final class Scopes {
    private final ThreadLocal<ScopeFrame> current = ThreadLocal.withInitial(ScopeFrame::root);

    /** The innermost scope of the calling thread (its implicit root scope outside any explicit one). */
    public ScopeFrame current() {
        return current.get();
    }

    /**
     * Runs work in a nested scope.
     *
     * @param kind the kind of scope
     * @param imported the token a session starts from, or {@code null}
     * @param work the work
     * @param <T> the result type
     * @return what the work returned
     * @throws SQLException what the work threw
     */
    public <T> T run(ScopeFrame.Kind kind, ConsistencyToken imported, SqlWork<T> work) throws SQLException {
        ScopeFrame frame = current.get().push(kind, imported);
        current.set(frame);
        try {
            return work.run();
        } finally {
            current.set(frame.pop());
        }
    }
}
