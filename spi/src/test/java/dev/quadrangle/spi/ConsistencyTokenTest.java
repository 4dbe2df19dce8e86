package dev.quadrangle.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConsistencyTokenTest {

    @Test
    void lsnTextRoundTripsThroughTheStringForm() {
        ConsistencyToken token = ConsistencyToken.ofLsn("16/B374D848");
        assertThat(token.walPosition()).isEqualTo(0x16B374D848L);
        assertThat(token.lsn()).isEqualTo("16/B374D848");
        assertThat(token.asString()).isEqualTo("q1.00000016B374D848");
        assertThat(ConsistencyToken.parse(token.asString())).isEqualTo(token);
    }

    @Test
    void ordersByLogPositionAndKeepsTheLater() {
        ConsistencyToken early = ConsistencyToken.ofLsn("0/3000148");
        ConsistencyToken late = ConsistencyToken.ofLsn("1/0");
        assertThat(early).isLessThan(late);
        assertThat(early.max(late)).isSameAs(late);
        assertThat(late.max(null)).isSameAs(late);
        assertThat(late.isSatisfiedBy(late.walPosition())).isTrue();
        assertThat(late.isSatisfiedBy(early.walPosition())).isFalse();
    }

    @Test
    void rejectsTextThatIsNotAToken() {
        assertThatThrownBy(() -> ConsistencyToken.parse("q1.xyz"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a Quadrangle consistency token: 'q1.xyz'");
        assertThatThrownBy(() -> ConsistencyToken.parse(null))
                .hasMessage("not a Quadrangle consistency token: 'null'");
        assertThatThrownBy(() -> ConsistencyToken.ofLsn("16B374D848"))
                .hasMessage("not a PostgreSQL LSN: '16B374D848'");
        assertThatThrownBy(() -> ConsistencyToken.ofWalPosition(-1))
                .hasMessage("walPosition must be >= 0, was -1");
    }
}
