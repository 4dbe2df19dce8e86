package dev.quadrangle.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LsnTest {

    @Test
    void parsesHighAndLowHalves() {
        assertThat(Lsn.parse("0/3000148")).isEqualTo(0x3000148L);
        assertThat(Lsn.parse("16/B374D848")).isEqualTo(0x16B374D848L);
        assertThat(Lsn.parse("1/0")).isGreaterThan(Lsn.parse("0/FFFFFFFF"));
    }

    @Test
    void rejectsMalformedText() {
        assertThatThrownBy(() -> Lsn.parse("3000148")).hasMessage("not a PostgreSQL LSN: '3000148'");
        assertThatThrownBy(() -> Lsn.parse("0/")).hasMessage("not a PostgreSQL LSN: '0/'");
        assertThatThrownBy(() -> Lsn.parse("0/XYZ")).hasMessage("not a PostgreSQL LSN: '0/XYZ'");
        assertThatThrownBy(() -> Lsn.parse(null)).hasMessage("not a PostgreSQL LSN: 'null'");
    }
}
