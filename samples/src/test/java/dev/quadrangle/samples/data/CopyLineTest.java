package dev.quadrangle.samples.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class CopyLineTest {

    @Test
    void escapesTheCharactersCopyTextFormatReserves() {
        String line = new CopyLine().add("a\\b\tc\nd\re").toString();
        assertThat(line).isEqualTo("a\\\\b\\tc\\nd\\re");
    }

    @Test
    void writesTypedFieldsTabSeparatedWithNullMarker() {
        CopyLine line = new CopyLine().add(42L).add(true).add(false).add(1.5).add((String) null)
                .add(Instant.parse("2026-11-22T10:00:00Z")).add(LocalDate.of(2026, 11, 22)).addNull().add("{\"a\":1}");
        assertThat(line.toString()).isEqualTo("42\tt\tf\t1.5\t\\N\t2026-11-22T10:00:00Z\t2026-11-22\t\\N\t{\"a\":1}");
        assertThat(line.reset().add("x").toString()).isEqualTo("x");
    }
}
