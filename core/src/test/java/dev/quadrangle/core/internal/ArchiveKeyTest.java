package dev.quadrangle.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArchiveKeyTest {
    private static final String BASE = "archive/public/answers/answers_p202601.copy.gz";

    @Test
    void theFirstMergeWritesGenerationTwo() {
        assertThat(ArchiveExporter.nextKey(BASE, BASE)).isEqualTo("archive/public/answers/answers_p202601.2.copy.gz");
    }

    @Test
    void laterMergesCountUp() {
        assertThat(ArchiveExporter.nextKey(BASE, "archive/public/answers/answers_p202601.2.copy.gz"))
                .isEqualTo("archive/public/answers/answers_p202601.3.copy.gz");
        assertThat(ArchiveExporter.nextKey(BASE, "archive/public/answers/answers_p202601.41.copy.gz"))
                .isEqualTo("archive/public/answers/answers_p202601.42.copy.gz");
    }

    @Test
    void aPreviousObjectElsewhereLeavesTheBaseKeyFree() {
        assertThat(ArchiveExporter.nextKey(BASE, "old-prefix/public/answers/answers_p202601.copy.gz")).isEqualTo(BASE);
        assertThat(ArchiveExporter.nextKey(BASE, "archive/public/answers/answers_p202601.x.copy.gz")).isEqualTo(BASE);
    }
}
