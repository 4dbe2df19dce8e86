package dev.quadrangle.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The example's command line: defaults, values, Spring Boot's arguments passed on, refusals. */
class WebOptionsTest {

    @Test
    void defaultsMatchTheNonSpringSample() {
        WebOptions o = WebOptions.parse();
        assertThat(o.schools()).isEqualTo(2);
        assertThat(o.users()).isEqualTo(200);
        assertThat(o.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.thinkTime()).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.load()).isFalse();
    }

    @Test
    void ownOptionsAreReadAndTheRestGoToSpringBoot() {
        WebOptions o = WebOptions.parse("--load", "--users", "50", "--duration", "2m", "--think-time", "500ms",
                "--server.port=8081");
        assertThat(o.load()).isTrue();
        assertThat(o.users()).isEqualTo(50);
        assertThat(o.duration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(o.thinkTime()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.springArgs()).isEqualTo(List.of("--server.port=8081"));
    }

    @Test
    void badValuesAreRefusedNamingTheOptionAndWhatIsAllowed() {
        assertThatThrownBy(() -> WebOptions.parse("--users", "0"))
                .hasMessage("--users must be a whole number from 1 to 10000, was '0'");
        assertThatThrownBy(() -> WebOptions.parse("--duration", "soon"))
                .hasMessage("--duration must be a duration from PT1S to PT1H (500ms, 30s, 2m), was 'soon'");
        assertThatThrownBy(() -> WebOptions.parse("--schools")).hasMessage("--schools needs a value");
    }
}
