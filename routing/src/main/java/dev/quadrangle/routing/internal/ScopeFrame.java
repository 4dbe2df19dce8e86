package dev.quadrangle.routing.internal;

import dev.quadrangle.spi.ConsistencyToken;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One routing scope on a thread: where its connections go and what it has written. A frame inherits
 * its parent's routing (primary wins) and token; when it ends, what it wrote flows back to the parent,
 * unless it is an isolated session. Thread-safe: connections opened in a scope may be used elsewhere.
 *
 * <p>The position of an auto-committed write is not read when the write returns: the frame counts the
 * write as uncaptured, and the first read that needs the scope's token (or an export of it) reads the
 * writer's current position once, which covers every write committed before, however many there were.
 * A position read later than the commit is only ever further on, so a replica that has replayed it has
 * replayed the write too.
 */
public final class ScopeFrame {
    /** Where an uncaptured write's position is read from: the writer's current position. */
    @FunctionalInterface
    public interface PositionSource {
        /**
         * The writer's current log position.
         *
         * @return a position at or past the end of every commit that returned before the call
         * @throws SQLException when it cannot be read
         */
        ConsistencyToken position() throws SQLException;
    }

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
    /** Auto-committed writes counted so far (one more for a parent's uncaptured writes inherited at push). */
    private final AtomicLong writes = new AtomicLong();
    /** The value of {@link #writes} the token covers: every write counted up to it is at or before the token. */
    private final AtomicLong covered = new AtomicLong();
    /** The parent's write count this frame inherited as uncaptured at push, or 0. */
    private long inheritedParentWrites;

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
        // the counts before the token: a token read after "all covered" includes what the counts cover
        long parentWrites = writes.get();
        boolean uncaptured = parentWrites > covered.get();
        ScopeFrame child = new ScopeFrame(this, childKind, token.get(), lastWriteNanos.get());
        if (uncaptured) {
            child.writes.set(1);
            child.inheritedParentWrites = parentWrites;
        }
        return child;
    }

    /**
     * Closes this scope, handing what it wrote to the parent unless it is an isolated session.
     *
     * @return the parent frame
     */
    public ScopeFrame pop() {
        if (kind != Kind.SESSION && parent != null) {
            long counted = writes.get();
            boolean uncaptured = counted > covered.get();
            parent.recordWrite(token.get(), lastWriteNanos.get());
            if (uncaptured) {
                parent.writes.incrementAndGet();
            } else if (inheritedParentWrites > 0) {
                // this frame read a position after the parent's uncaptured writes: its token covers them
                parent.covered.accumulateAndGet(inheritedParentWrites, Math::max);
            }
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

    /**
     * Records an auto-committed write whose position was not read: the next {@link #token(PositionSource)}
     * reads one.
     *
     * @param nanos {@link System#nanoTime()} of the write
     */
    public void recordUncapturedWrite(long nanos) {
        recordWrite(null, nanos);
        writes.incrementAndGet();
    }

    /**
     * How many auto-committed writes this frame has counted: read before a commit whose position is read
     * with it, then given to {@link #recordCapturedWrite}.
     *
     * @return the count
     */
    public long writeCount() {
        return writes.get();
    }

    /**
     * Records a committed write whose position was read with its commit; that position is past every
     * write counted before the commit began, so they need no position of their own any more.
     *
     * @param position the position read with the commit
     * @param nanos {@link System#nanoTime()} of the commit
     * @param countedBefore {@link #writeCount()} read before the commit was sent
     */
    public void recordCapturedWrite(ConsistencyToken position, long nanos, long countedBefore) {
        recordWrite(position, nanos);
        covered.accumulateAndGet(countedBefore, Math::max);
    }

    /** Whether a write of this scope (or inherited from its parent) still waits for its position. */
    public boolean hasUncapturedWrites() {
        return writes.get() > covered.get();
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

    /**
     * The log position of the latest write committed in (or imported into) this scope, reading the
     * writer's position first when a write has not had its position read yet.
     *
     * @param source where to read the position from
     * @return the token, or {@code null} when the scope has not written
     * @throws SQLException when a position is needed and cannot be read (the scope stays uncaptured)
     */
    public ConsistencyToken token(PositionSource source) throws SQLException {
        long counted = writes.get();
        if (counted > covered.get()) {
            ConsistencyToken position = source.position();
            token.accumulateAndGet(position, (a, b) -> b.max(a));
            covered.accumulateAndGet(counted, Math::max); // after the token: whoever sees it covered sees the token
        }
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
