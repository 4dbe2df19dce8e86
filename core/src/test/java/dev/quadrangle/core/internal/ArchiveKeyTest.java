package dev.quadrangle.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.spi.ContentKeyRules;
import org.junit.jupiter.api.Test;

class ArchiveKeyTest {
    private static final String BASE = "archive/public/answers/answers_p202601.copy.gz";

    @Test
    void theFirstMergeWritesGenerationTwo() {
        assertThat(ArchiveKeys.nextKey(BASE, BASE)).isEqualTo("archive/public/answers/answers_p202601.2.copy.gz");
    }

    @Test
    void laterMergesCountUp() {
        assertThat(ArchiveKeys.nextKey(BASE, "archive/public/answers/answers_p202601.2.copy.gz"))
                .isEqualTo("archive/public/answers/answers_p202601.3.copy.gz");
        assertThat(ArchiveKeys.nextKey(BASE, "archive/public/answers/answers_p202601.41.copy.gz"))
                .isEqualTo("archive/public/answers/answers_p202601.42.copy.gz");
    }

    @Test
    void aPreviousObjectElsewhereLeavesTheBaseKeyFree() {
        assertThat(ArchiveKeys.nextKey(BASE, "old-prefix/public/answers/answers_p202601.copy.gz")).isEqualTo(BASE);
        assertThat(ArchiveKeys.nextKey(BASE, "archive/public/answers/answers_p202601.x.copy.gz")).isEqualTo(BASE);
    }

    @Test
    void theLongestKeyOfTheLongestPrefixIsAValidContentKey() {
        String name = "n".repeat(Identifiers.MAX_BYTES);
        String longestGeneration = ArchiveKeys.nextKey("p/s/t/" + name + ".copy.gz", "p/s/t/" + name + ".999999999.copy.gz");
        assertThat(longestGeneration).endsWith("." + 1_000_000_000 + ".copy.gz");
        String key = "a".repeat(ArchiveKeys.MAX_PREFIX_LENGTH) + "/" + name + "/" + name + "/" + name + ".1000000000.copy.gz";
        assertThat(key).hasSize(ContentKeyRules.MAX_KEY_LENGTH);
        assertThat(ContentKeyRules.validate(key)).isEqualTo(key);
        assertThat(ArchiveKeys.MAX_PREFIX_LENGTH).isEqualTo(813);
    }
}
