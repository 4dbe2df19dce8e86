package dev.quadrangle.core.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Period;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Retention.export refuses every key prefix that a content store would refuse later, before anything is detached. */
class RetentionTest {
    private static final Period MONTH = Period.ofMonths(1);
    /** 1024 minus the longest suffix: '/' + schema + '/' + table + '/' + partition (63 each) + '.' + 10 digits + '.copy.gz'. */
    private static final int MAX_PREFIX = 813;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        ".|archive key prefix '.' must not contain a '.' or '..' segment",
        "..|archive key prefix '..' must not contain a '.' or '..' segment",
        "./archive|archive key prefix './archive' must not contain a '.' or '..' segment",
        "archive/.|archive key prefix 'archive/.' must not contain a '.' or '..' segment",
        "archive/./answers|archive key prefix 'archive/./answers' must not contain a '.' or '..' segment",
        "../etc|archive key prefix '../etc' must not contain a '.' or '..' segment",
        "archive//answers|archive key prefix 'archive//answers' must not contain '//'",
        "/archive|archive key prefix '/archive' must not start with '/'",
        "archive/|archive key prefix 'archive/' must not end with '/'",
        "archive answers|archive key prefix must be segments of [A-Za-z0-9_.-] separated by '/', was 'archive answers'",
    })
    void prefixesThatAContentStoreRefusesAreRefusedAtOnce(String prefix, String message) {
        assertThatThrownBy(() -> Retention.export(MONTH, prefix)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void emptyAndMissingPrefixesAreRefused() {
        assertThatThrownBy(() -> Retention.export(MONTH, "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("archive key prefix must not be empty");
        assertThatThrownBy(() -> Retention.export(MONTH, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("archive key prefix must not be empty");
    }

    @Test
    void aPrefixTooLongForTheLongestArchiveKeyIsRefused() {
        String longest = "a".repeat(MAX_PREFIX);
        assertThat(Retention.export(MONTH, longest).target()).contains(longest);
        assertThatThrownBy(() -> Retention.export(MONTH, "a".repeat(1100))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("archive key prefix must be at most " + MAX_PREFIX + " characters, was 1100,"
                        + " so that keys prefix/schema/table/partition.N.copy.gz stay within 1024 characters");
        assertThatThrownBy(() -> Retention.export(MONTH, "a".repeat(MAX_PREFIX + 1)))
                .hasMessageStartingWith("archive key prefix must be at most " + MAX_PREFIX
                        + " characters, was " + (MAX_PREFIX + 1));
    }

    @Test
    void thePublishedLimitIsTheOneChecked() {
        assertThat(Retention.MAX_EXPORT_PREFIX_LENGTH).isEqualTo(MAX_PREFIX);
    }

    @Test
    void ordinaryPrefixesStayAccepted() {
        assertThat(Retention.export(MONTH, "archive/answers").target()).contains("archive/answers");
        assertThat(Retention.export(MONTH, "a.b/..c/d..").target()).contains("a.b/..c/d..");
    }
}
