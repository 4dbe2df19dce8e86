package dev.quadrangle.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContentKeyRulesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        ".|content key '.' must not contain a '.' or '..' segment",
        "a/.|content key 'a/.' must not contain a '.' or '..' segment",
        "a/../b|content key 'a/../b' must not contain a '.' or '..' segment",
        "a//b|content key 'a//b' must not contain '//'",
        "/a|content key '/a' must not start with '/'",
        "a/|content key 'a/' must not end with '/'",
        "a\\b|content key 'a\\b' contains a forbidden character (control character or backslash) at index 1",
    })
    void keysBreakingARuleAreRefusedNamingTheRule(String key, String message) {
        assertThatThrownBy(() -> ContentKeyRules.validate(key)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void lengthIsCheckedAgainstTheGivenLimit() {
        assertThat(ContentKeyRules.validate("k".repeat(1024))).hasSize(1024);
        assertThatThrownBy(() -> ContentKeyRules.validate("k".repeat(1025)))
                .hasMessage("content key must be at most 1024 characters, was 1025");
        assertThatThrownBy(() -> ContentKeyRules.check("export prefix", "k".repeat(11), 10))
                .hasMessage("export prefix must be at most 10 characters, was 11");
        assertThatThrownBy(() -> ContentKeyRules.check("export prefix", "k", 1025))
                .hasMessage("maxLength must be between 1 and 1024, was 1025");
        assertThatThrownBy(() -> ContentKeyRules.check("export prefix", null, 10)).hasMessage("export prefix must not be empty");
    }

    @Test
    void dotsInsideSegmentsAreAllowedAndMessagesEscapeWhatTheyPrint() {
        assertThat(ContentKeyRules.validate("a/..b/c../.d")).isEqualTo("a/..b/c../.d");
        assertThatThrownBy(() -> ContentKeyRules.validate("a\u2028b"))
                .hasMessage("content key 'a\\u2028b' contains a forbidden character (control character or backslash) at index 1");
        assertThat(ContentKeyRules.printable("x".repeat(250))).hasSize(203).endsWith("...");
    }
}
