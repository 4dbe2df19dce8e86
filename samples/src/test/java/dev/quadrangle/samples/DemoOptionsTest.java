package dev.quadrangle.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoOptionsTest {

    @Test
    void defaultsMakeAOneMinuteDemoOnThirtyConnections() {
        DemoOptions o = DemoOptions.parse();
        assertThat(o.schools()).isEqualTo(2);
        assertThat(o.users()).isEqualTo(200);
        assertThat(o.warmup()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.thinkTime()).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.maxConnections()).isEqualTo(30);
        assertThat(o.workers()).isEqualTo(60);
        assertThat(o.chaos()).isFalse();
        assertThat(o.backend()).isEqualTo("modules");
    }

    @Test
    void failoverImpliesChaosAndNeedsTheModulesBackend() {
        DemoOptions o = DemoOptions.parse("--failover");
        assertThat(o.failover()).isTrue();
        assertThat(o.chaos()).isTrue();
        assertThat(DemoOptions.parse("--chaos").failover()).isFalse();
        assertThat(DemoOptions.parse().failover()).isFalse();
        assertThatThrownBy(() -> DemoOptions.parse("--failover", "--backend", "jdbc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--failover needs --backend modules (routing over discovered nodes), was 'jdbc'");
    }

    @Test
    void thePlainJdbcBackendStaysSelectableAndAnUnknownOneIsRefused() {
        assertThat(DemoOptions.parse("--backend", "jdbc").backend()).isEqualTo("jdbc");
        assertThatThrownBy(() -> DemoOptions.parse("--backend", "orm"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--backend must be modules or jdbc, was 'orm'");
    }

    @Test
    void parsesEveryOption() {
        DemoOptions o = DemoOptions.parse("--schools", "50", "--users", "5,000", "--warmup", "0s", "--duration", "2m", "--think-time",
                "500ms", "--max-connections", "20", "--workers", "8", "--seed", "9", "--chaos", "--report-dir", "/tmp/r");
        assertThat(o.schools()).isEqualTo(50);
        assertThat(o.users()).isEqualTo(5_000);
        assertThat(o.warmup()).isEqualTo(Duration.ZERO);
        assertThat(o.duration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(o.thinkTime()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.maxConnections()).isEqualTo(20);
        assertThat(o.workers()).isEqualTo(8);
        assertThat(o.seed()).isEqualTo(9);
        assertThat(o.chaos()).isTrue();
        assertThat(o.reportDir()).isEqualTo(Path.of("/tmp/r"));
        assertThat(DemoOptions.parse("--duration", "PT45S").duration()).isEqualTo(Duration.ofSeconds(45));
        assertThat(DemoOptions.parse("--duration", "90").duration()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void badValuesNameTheOptionTheValueAndTheRange() {
        assertThatThrownBy(() -> DemoOptions.parse("--schools", "0"))
                .hasMessage("--schools must be between 1 and 1000, was 0");
        assertThatThrownBy(() -> DemoOptions.parse("--max-connections", "500"))
                .hasMessage("--max-connections must be between 2 and 200, was 500");
        assertThatThrownBy(() -> DemoOptions.parse("--users", "many"))
                .hasMessage("--users must be a whole number, was 'many'");
        assertThatThrownBy(() -> DemoOptions.parse("--duration", "2 days"))
                .hasMessage("--duration must be a duration such as 500ms, 30s, 2m or 1h, was '2 days'");
        assertThatThrownBy(() -> DemoOptions.parse("--duration", "2h"))
                .hasMessage("--duration must be between 1s and 1h, was 2h");
        assertThatThrownBy(() -> DemoOptions.parse("--think-time", "61s"))
                .hasMessage("--think-time must be between 0s and 60s, was 61s");
        assertThatThrownBy(() -> DemoOptions.parse("--users")).hasMessage("--users needs a value");
        assertThatThrownBy(() -> DemoOptions.parse("--schoolz", "1")).hasMessageStartingWith("unknown option --schoolz\n");
        assertThatThrownBy(() -> DemoOptions.parse("50")).hasMessageStartingWith("unexpected argument '50'");
    }

    @Test
    void aConfigFileGivesOptionsAndEndpointsAndTheCommandLineWins(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("campus.properties");
        Files.writeString(file, "schools=5\nusers=300\nquadrangle.pg.primary-url=jdbc:postgresql://db1:5432/postgres\n");
        DemoOptions o = DemoOptions.parse("--config", file.toString(), "--users", "400");
        assertThat(o.schools()).isEqualTo(5);
        assertThat(o.users()).isEqualTo(400);
        assertThat(o.systemProperties()).containsExactly(
                java.util.Map.entry("quadrangle.pg.primary-url", "jdbc:postgresql://db1:5432/postgres"));
        Files.writeString(file, "schols=5\n");
        assertThatThrownBy(() -> DemoOptions.parse("--config", file.toString()))
                .hasMessageContaining("unknown keys in --config").hasMessageContaining("[schols]");
    }
}
