package dev.quadrangle.routing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.spi.ConsistencyToken;
import org.junit.jupiter.api.Test;

class ScopeFrameTest {
    private static final ConsistencyToken EARLY = ConsistencyToken.ofLsn("0/100");
    private static final ConsistencyToken LATE = ConsistencyToken.ofLsn("0/200");

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
    void writesFlowToTheEnclosingScopeButNotOutOfASession() {
        ScopeFrame root = ScopeFrame.root();
        ScopeFrame nested = root.push(ScopeFrame.Kind.PRIMARY, null);
        nested.recordWrite(EARLY, 10);
        assertThat(nested.pop()).isSameAs(root);
        assertThat(root.token()).isEqualTo(EARLY);

        ScopeFrame session = root.push(ScopeFrame.Kind.SESSION, LATE);
        assertThat(session.token()).isEqualTo(LATE);
        session.recordWrite(ConsistencyToken.ofLsn("0/300"), 20);
        session.pop();
        assertThat(root.token()).isEqualTo(EARLY);
        assertThat(root.push(ScopeFrame.Kind.SESSION, null).token()).isNull();
    }

    @Test
    void tokensOnlyMoveForward() {
        ScopeFrame root = ScopeFrame.root();
        root.recordWrite(LATE, 0);
        root.recordWrite(EARLY, 0);
        assertThat(root.token()).isEqualTo(LATE);
    }

    @Test
    void stickyWindowCountsFromTheLastWrite() {
        ScopeFrame root = ScopeFrame.root();
        assertThat(root.wroteWithin(1_000, 5_000)).isFalse();
        root.recordWrite(null, 4_500);
        assertThat(root.wroteWithin(1_000, 5_000)).isTrue();
        assertThat(root.wroteWithin(1_000, 5_600)).isFalse();
    }
}
