package dev.quadrangle.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopyTextTest {
    @Test
    void escapesSeparatorsAndMarksNulls() {
        byte[] data = CopyText.encode(List.<Object[]>of(new Object[] {1L, "a\tb\nc\\d\re", null, true, new byte[] {1, (byte) 0xAB}}),
                5, "t");
        assertThat(new String(data, StandardCharsets.UTF_8)).isEqualTo("1\ta\\tb\\nc\\\\d\\re\t\\N\tt\t\\\\x01ab\n");
        assertThatThrownBy(() -> CopyText.encode(List.<Object[]>of(new Object[] {1L}), 2, "answer"))
                .hasMessage("row 0 for table answer has 1 values, expected 2");
    }
}
