package dev.quadrangle.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.samples.schema.CampusCalendar;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class HotPathDatasetTest {
    private static final Path HOME = Path.of("/home/perf");

    @Test
    void cacheDirectoryDefaultsUnderTheHomeCache() {
        assertThat(HotPathDataset.cacheDirectory(null, null, HOME)).isEqualTo(Path.of("/home/perf/.cache/quadrangle/hotpath-s50"));
        assertThat(HotPathDataset.cacheDirectory(" ", "", HOME)).isEqualTo(Path.of("/home/perf/.cache/quadrangle/hotpath-s50"));
    }

    @Test
    void environmentWinsOverTheSystemProperty() {
        assertThat(HotPathDataset.cacheDirectory("/data/bench", "/tmp/other", HOME)).isEqualTo(Path.of("/data/bench/hotpath-s50"));
        assertThat(HotPathDataset.cacheDirectory(null, "/tmp/other", HOME)).isEqualTo(Path.of("/tmp/other/hotpath-s50"));
    }

    @Test
    void versionIsStableAndCoversTheExtras() {
        String version = HotPathDataset.version();
        assertThat(version).hasSize(64).isEqualTo(HotPathDataset.version());
        assertThat(HotPathExtras.statements(HotPathDataset.calendar(), HotPathDataset.scale()))
                .anyMatch(sql -> sql.startsWith("CREATE TABLE audit_logs_flat"))
                .anyMatch(sql -> sql.startsWith("CREATE TABLE audit_logs_unindexed"))
                .anyMatch(sql -> sql.startsWith("CREATE TABLE answers_ingest"))
                .filteredOn(sql -> sql.startsWith("INSERT INTO activity_grades")).hasSize(HotPathExtras.HISTORY_TERMS);
    }

    @Test
    void historyTermsDoNotCollideWithTheGeneratedOnes() {
        assertThat(HotPathExtras.historyTermId(1)).isEqualTo(11);
        assertThat(HotPathExtras.historyTermId(HotPathExtras.HISTORY_TERMS)).isEqualTo(16);
        assertThat(HotPathDataset.calendar().terms()).extracting(t -> t.id()).doesNotContain(11, 16);
    }

    @Test
    void archivedTermsAreRangesOfCreatedAtThatEndWhereTheGeneratedTermsBegin() {
        CampusCalendar calendar = HotPathDataset.calendar();
        List<String> terms = HotPathExtras.statements(calendar, HotPathDataset.scale()).stream()
                .filter(sql -> sql.contains(" PARTITION OF activity_grades ")).toList();
        assertThat(terms).hasSize(HotPathExtras.HISTORY_TERMS).allMatch(sql -> sql.contains(" FOR VALUES FROM ('"));
        String previousStart = calendar.term(CampusCalendar.PREVIOUS_TERM).startsOn().atStartOfDay(ZoneOffset.UTC)
                .toOffsetDateTime().toString();
        assertThat(terms.get(0)).contains(" TO ('" + previousStart + "')");
        for (int i = 1; i < terms.size(); i++) {
            String from = terms.get(i - 1).replaceAll(".* FROM \\('([^']+)'\\).*", "$1");
            assertThat(terms.get(i)).as("term %d ends where term %d begins", i + 1, i).contains(" TO ('" + from + "')");
        }
    }
}
