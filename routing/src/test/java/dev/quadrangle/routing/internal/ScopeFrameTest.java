package dev.quadrangle.routing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.spi.ConsistencyToken;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ScopeFrameTest {
    private static final ConsistencyToken EARLY = ConsistencyToken.ofLsn("0/100");
    private static final ConsistencyToken LATE = ConsistencyToken.ofLsn("0/200");
    /** For frames with no uncaptured write: reading a position there is a defect. */
    private static final ScopeFrame.PositionSource NONE_NEEDED = () -> {
        throw new AssertionError("no position should be read");
    };

    @Test
    void primaryWinsInEveryNesting() {
        ScopeFrame root = ScopeFrame.root();
        assertThat(root.push(ScopeFrame.Kind.REPLICA, null).push(ScopeFrame.Kind.PRIMARY, null).primary()).isTrue();
        ScopeFrame primaryThenReplica = root.push(ScopeFrame.Kind.PRIMARY, null).push(ScopeFrame.Kind.REPLICA, null);
        assertThat(primaryThenReplica.primary()).isTrue();
        assertThat(primaryThenReplica.readOnly()).isTrue();
        assertThat(root.push(ScopeFrame.Kind.READ_ONLY, null).replica()).isFalse();
        assertThat(root.primary()).isFalse();
        assertThat(root.readOnly()).isFalse();
    }

    @Test
    void writesFlowToTheEnclosingScopeButNotOutOfASession() throws SQLException {
        ScopeFrame root = ScopeFrame.root();
        ScopeFrame nested = root.push(ScopeFrame.Kind.PRIMARY, null);
        nested.recordWrite(EARLY, 10);
        assertThat(nested.pop()).isSameAs(root);
        assertThat(root.token(NONE_NEEDED)).isEqualTo(EARLY);

        ScopeFrame session = root.push(ScopeFrame.Kind.SESSION, LATE);
        assertThat(session.token(NONE_NEEDED)).isEqualTo(LATE);
        session.recordWrite(ConsistencyToken.ofLsn("0/300"), 20);
        session.pop();
        assertThat(root.token(NONE_NEEDED)).isEqualTo(EARLY);
        assertThat(root.push(ScopeFrame.Kind.SESSION, null).token(NONE_NEEDED)).isNull();
    }

    @Test
    void tokensOnlyMoveForward() throws SQLException {
        ScopeFrame root = ScopeFrame.root();
        root.recordWrite(LATE, 0);
        root.recordWrite(EARLY, 0);
        assertThat(root.token(NONE_NEEDED)).isEqualTo(LATE);
    }

    @Test
    void stickyWindowCountsFromTheLastWrite() {
        ScopeFrame root = ScopeFrame.root();
        assertThat(root.wroteWithin(1_000, 5_000)).isFalse();
        root.recordWrite(null, 4_500);
        assertThat(root.wroteWithin(1_000, 5_000)).isTrue();
        assertThat(root.wroteWithin(1_000, 5_600)).isFalse();
    }

    @Test
    void uncapturedWritesAreCoveredByOnePositionReadWhenTheTokenIsNeeded() throws SQLException {
        ScopeFrame root = ScopeFrame.root();
        Positions positions = new Positions("0/500");
        root.recordUncapturedWrite(1);
        root.recordUncapturedWrite(2);
        root.recordUncapturedWrite(3);
        assertThat(positions.reads.get()).isZero();
        assertThat(root.token(positions)).isEqualTo(ConsistencyToken.ofLsn("0/500"));
        assertThat(root.token(positions)).isEqualTo(ConsistencyToken.ofLsn("0/500"));
        assertThat(positions.reads.get()).isEqualTo(1);
        root.recordUncapturedWrite(4);
        positions.next = ConsistencyToken.ofLsn("0/600");
        assertThat(root.token(positions)).isEqualTo(ConsistencyToken.ofLsn("0/600"));
        assertThat(positions.reads.get()).isEqualTo(2);
    }

    @Test
    void aFailedPositionReadLeavesTheWritesUncapturedForTheNextRead() throws SQLException {
        ScopeFrame root = ScopeFrame.root();
        root.recordWrite(EARLY, 1);
        root.recordUncapturedWrite(2);
        ScopeFrame.PositionSource down = () -> {
            throw new SQLTransientConnectionException("writer down", "08006");
        };
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> root.token(down)).hasMessage("writer down");
        assertThat(root.hasUncapturedWrites()).isTrue();
        assertThat(root.token(new Positions("0/700"))).isEqualTo(ConsistencyToken.ofLsn("0/700"));
        assertThat(root.hasUncapturedWrites()).isFalse();
    }

    @Test
    void aNestedScopeInheritsItsParentsUncapturedWritesAndHandsBackWhatItCovered() throws SQLException {
        ScopeFrame root = ScopeFrame.root();
        root.recordUncapturedWrite(1);
        ScopeFrame reading = root.push(ScopeFrame.Kind.READ_ONLY, null);
        assertThat(reading.hasUncapturedWrites()).isTrue();
        Positions positions = new Positions("0/800");
        assertThat(reading.token(positions)).isEqualTo(ConsistencyToken.ofLsn("0/800"));
        reading.pop();
        // the nested read's position covers the parent's write: no second read
        assertThat(root.hasUncapturedWrites()).isFalse();
        assertThat(root.token(NONE_NEEDED)).isEqualTo(ConsistencyToken.ofLsn("0/800"));

        ScopeFrame writing = root.push(ScopeFrame.Kind.PRIMARY, null);
        writing.recordUncapturedWrite(2);
        writing.pop();
        assertThat(root.hasUncapturedWrites()).isTrue();
        positions.next = ConsistencyToken.ofLsn("0/900");
        assertThat(root.token(positions)).isEqualTo(ConsistencyToken.ofLsn("0/900"));
    }

    @Test
    void aWriteCountedAfterAPositionWasAskedForStaysUncaptured() throws SQLException {
        ScopeFrame root = ScopeFrame.root();
        root.recordUncapturedWrite(1);
        // another thread's write lands while this one reads the position: that position may predate it
        ScopeFrame.PositionSource racing = () -> {
            root.recordUncapturedWrite(2);
            return ConsistencyToken.ofLsn("0/a00");
        };
        root.token(racing);
        assertThat(root.hasUncapturedWrites()).isTrue();
    }

    @Test
    void aCommitsPositionCoversTheWritesCountedBeforeIt() {
        ScopeFrame root = ScopeFrame.root();
        root.recordUncapturedWrite(1);
        long before = root.writeCount();
        root.recordCapturedWrite(LATE, 2, before);
        assertThat(root.hasUncapturedWrites()).isFalse();
    }

    @Test
    void aSessionNeitherInheritsNorHandsBackUncapturedWrites() throws SQLException {
        ScopeFrame root = ScopeFrame.root();
        root.recordUncapturedWrite(1);
        ScopeFrame session = root.push(ScopeFrame.Kind.SESSION, EARLY);
        assertThat(session.hasUncapturedWrites()).isFalse();
        session.recordUncapturedWrite(2);
        session.pop();
        assertThat(root.token(new Positions("0/b00"))).isEqualTo(ConsistencyToken.ofLsn("0/b00"));
        assertThat(root.writeCount()).isEqualTo(1);
    }

    /** Hands out a settable position and counts the reads. */
    private static final class Positions implements ScopeFrame.PositionSource {
        private final AtomicInteger reads = new AtomicInteger();
        private ConsistencyToken next;

        Positions(String lsn) {
            this.next = ConsistencyToken.ofLsn(lsn);
        }

        @Override
        public ConsistencyToken position() {
            reads.incrementAndGet();
            return next;
        }
    }
}
