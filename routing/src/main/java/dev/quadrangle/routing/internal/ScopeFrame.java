package dev.quadrangle.routing.internal;

import dev.quadrangle.spi.ConsistencyToken;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One routing scope on a thread: where its connections go and what it has written. A frame inherits
 * its parent's routing (primary wins) and token; when it ends, what it wrote flows back to the parent,
 * unless it is an isolated session. Thread-safe: connections opened in a scope may be used elsewhere.
 */
public final class ScopeFrame {
    /** The kinds of scope. */
    public enum Kind {
        /** The implicit scope of a thread. */
        ROOT,
        /** Everything on the primary. */
        PRIMARY,
        /** Read-only, on a replica, accepting lag. */
        REPLICA,
        /** Read-only, on a replica that satisfies the consistency policy. */
        READ_ONLY,
        /** An isolated consistency session. */
        SESSION
    }

    private final ScopeFrame parent;
    private final Kind kind;
    private final boolean primary;
    private final boolean replica;
    private final boolean readOnly;
    private final AtomicReference<ConsistencyToken> token;
    private final AtomicLong lastWriteNanos;

    private ScopeFrame(ScopeFrame parent, Kind kind, ConsistencyToken token, long lastWriteNanos) {
        this.parent = parent;
        this.kind = kind;
        boolean inheritedPrimary = parent != null && parent.primary;
        this.primary = inheritedPrimary || kind == Kind.PRIMARY;
        this.replica = parent != null && parent.replica || kind == Kind.REPLICA;
        this.readOnly = parent != null && parent.readOnly || kind == Kind.REPLICA || kind == Kind.READ_ONLY;
        this.token = new AtomicReference<>(token);
        this.lastWriteNanos = new AtomicLong(lastWriteNanos);
    }

    /**
     * The implicit scope of a thread.
     *
     * @return a root frame with no token
     */
    public static ScopeFrame root() {
        return new ScopeFrame(null, Kind.ROOT, null, 0);
    }

    /**
     * Opens a nested scope.
     *
     * @param childKind the kind of the new scope
     * @param imported for a {@link Kind#SESSION}, the token it starts from; ignored otherwise
     * @return the new frame
     */
    public ScopeFrame push(Kind childKind, ConsistencyToken imported) {
        if (childKind == Kind.SESSION) {
            return new ScopeFrame(this, childKind, imported, 0);
        }
        return new ScopeFrame(this, childKind, token.get(), lastWriteNanos.get());
    }

    /**
     * Closes this scope, handing what it wrote to the parent unless it is an isolated session.
     *
     * @return the parent frame
     */
    public ScopeFrame pop() {
        if (kind != Kind.SESSION && parent != null) {
            parent.recordWrite(token.get(), lastWriteNanos.get());
        }
        return parent;
    }

    /**
     * Records a committed write.
     *
     * @param written the write's log position, or {@code null} when not captured
     * @param nanos {@link System#nanoTime()} of the write, or 0 for none
     */
    public void recordWrite(ConsistencyToken written, long nanos) {
        if (written != null) {
            token.accumulateAndGet(written, (a, b) -> b.max(a));
        }
        if (nanos != 0) {
            lastWriteNanos.accumulateAndGet(nanos, (a, b) -> a == 0 || b - a > 0 ? b : a);
        }
    }

    /** Whether connections in this scope go to the primary (this or an enclosing scope said so). */
    public boolean primary() {
        return primary;
    }

    /** Whether connections in this scope go to a replica accepting lag. */
    public boolean replica() {
        return replica;
    }

    /** Whether connections in this scope are read-only. */
    public boolean readOnly() {
        return readOnly;
    }

    /** The kind of this scope. */
    public Kind kind() {
        return kind;
    }

    /** The log position of the latest write committed in (or imported into) this scope, or {@code null}. */
    public ConsistencyToken token() {
        return token.get();
    }

    /**
     * Whether this scope wrote within the last {@code windowNanos}.
     *
     * @param windowNanos the window
     * @param now {@link System#nanoTime()}
     * @return {@code true} when a write is that recent
     */
    public boolean wroteWithin(long windowNanos, long now) {
        long last = lastWriteNanos.get();
        return last != 0 && now - last < windowNanos;
    }
}
