package dev.quadrangle.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The tenant literal of the {@code SET LOCAL} that Citus sends to its workers. */
class TenantSettingTest {

    @Test
    void quotesAndBackslashesAreDoubledInAnEscapeString() {
        assertThat(TenantSetting.literal("42")).isEqualTo("E'42'");
        assertThat(TenantSetting.literal("o'brien \\ school")).isEqualTo("E'o''brien \\\\ school'");
        assertThat(TenantSetting.literal("'; reset all; --")).isEqualTo("E'''; reset all; --'");
        assertThatThrownBy(() -> TenantSetting.literal("a\0b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tenantId must not contain a NUL character");
    }
}
