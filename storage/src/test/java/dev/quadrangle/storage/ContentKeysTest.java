package dev.quadrangle.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ContentKeysTest {
    private static final String SHA = "a".repeat(64);

    @Test
    void contentKeysAreContentAddressedUnderTenantTableYearAndMonthInUtc() {
        ZonedDateTime newYearInTokyo = ZonedDateTime.of(2027, 1, 1, 5, 0, 0, 0, ZoneId.of("Asia/Tokyo"));
        assertThat(ContentKeys.contentKey("content", "school-7", "activity", newYearInTokyo, SHA))
                .isEqualTo("content/school-7/activity/2026/12/" + SHA);
        assertThat(ContentKeys.tenantPrefix("content", "school-7")).isEqualTo("content/school-7/");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/abs/key|content key '/abs/key' must not start with '/'",
        "a//b|content key 'a//b' must not contain '//'",
        "a/../b|content key 'a/../b' must not contain a '.' or '..' segment",
        "..|content key '..' must not contain a '.' or '..' segment",
        "a/./b|content key 'a/./b' must not contain a '.' or '..' segment",
        "a/b/|content key 'a/b/' must not end with '/'",
        "a\\b|content key 'a\\b' contains a forbidden character (control character or backslash) at index 1",
    })
    void hostileKeysAreRejected(String key, String message) {
        assertThatThrownBy(() -> ContentKeys.validate(key)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void controlCharactersAndOversizedOrEmptyKeysAreRejected() {
        assertThatThrownBy(() -> ContentKeys.validate("a\u0000b")).hasMessage(
                "content key 'a\\u0000b' contains a forbidden character (control character or backslash) at index 1");
        assertThatThrownBy(() -> ContentKeys.validate("a\u007fb")).hasMessageContaining("at index 1");
        assertThatThrownBy(() -> ContentKeys.validate("")).hasMessage("content key must not be empty");
        assertThatThrownBy(() -> ContentKeys.validate("k".repeat(1025))).hasMessage("content key must be at most 1024 characters, was 1025");
        assertThat(ContentKeys.validate("content/t/activity/2026/11/" + SHA)).endsWith(SHA);
        assertThat(ContentKeys.validate("a/..b/c..")).isEqualTo("a/..b/c..");
    }

    @Test
    void segmentsAndHashesAreChecked() {
        assertThatThrownBy(() -> ContentKeys.contentKey("content", "../x", "activity", ZonedDateTime.now(), SHA))
                .hasMessage("tenant must match [a-z0-9][a-z0-9_-]{0,62}, was '../x'");
        assertThatThrownBy(() -> ContentKeys.contentKey("content", "t", "Activity", ZonedDateTime.now(), SHA))
                .hasMessage("table must match [a-z0-9][a-z0-9_-]{0,62}, was 'Activity'");
        assertThatThrownBy(() -> ContentKeys.contentKey("content", "t", "a", ZonedDateTime.now(), "xyz"))
                .hasMessage("sha256 must be 64 lowercase hex digits, was 'xyz'");
        assertThatThrownBy(() -> ContentKeys.validateSegment("tenant", null)).hasMessage("tenant must match [a-z0-9][a-z0-9_-]{0,62}, was 'null'");
    }
}
