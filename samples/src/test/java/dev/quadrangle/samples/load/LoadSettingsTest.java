package dev.quadrangle.samples.load;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoadSettingsTest {

    @Test
    void rejectsValuesOutOfRangeNamingThem() {
        Duration s = Duration.ofSeconds(1);
        assertThatThrownBy(() -> new LoadSettings(0, Duration.ZERO, s, s, 1, 1)).hasMessage("users must be between 1 and 100000, was 0");
        assertThatThrownBy(() -> new LoadSettings(1, Duration.ZERO, Duration.ofMillis(999), s, 1, 1))
                .hasMessage("duration must be between 1s and 1h, was PT0.999S");
        assertThatThrownBy(() -> new LoadSettings(1, Duration.ZERO, s, Duration.ofSeconds(-1), 1, 1))
                .hasMessage("thinkTime must be between 0s and 60s, was PT-1S");
        assertThatThrownBy(() -> new LoadSettings(1, Duration.ZERO, s, s, 513, 1))
                .hasMessage("workers must be between 1 and 512, was 513");
        assertThatThrownBy(() -> new LoadSettings(1, Duration.ofMinutes(11), s, s, 1, 1))
                .hasMessage("warmup must be between 0s and 10m, was PT11M");
    }
}
