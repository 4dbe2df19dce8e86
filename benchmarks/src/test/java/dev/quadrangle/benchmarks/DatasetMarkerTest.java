package dev.quadrangle.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetMarkerTest {
    @TempDir
    Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void versionChangesWithAnyPartAndWithHowPartsAreSplit() {
        String v = DatasetMarker.version(List.of(bytes("schools=50"), bytes("seed=1")));
        assertThat(v).hasSize(64).isEqualTo(DatasetMarker.version(List.of(bytes("schools=50"), bytes("seed=1"))));
        assertThat(DatasetMarker.version(List.of(bytes("schools=50"), bytes("seed=2")))).isNotEqualTo(v);
        assertThat(DatasetMarker.version(List.of(bytes("schools=50seed=1")))).isNotEqualTo(v);
        assertThat(DatasetMarker.version(List.of(bytes("schools=5"), bytes("0seed=1")))).isNotEqualTo(v);
    }

    @Test
    void directoryWithoutMarkerIsNotCurrent() {
        assertThat(DatasetMarker.read(dir)).isEmpty();
        assertThat(DatasetMarker.isCurrent(dir, "abc")).isFalse();
        assertThat(DatasetMarker.facts(dir)).isEmpty();
    }

    @Test
    void writtenMarkerIsCurrentForItsVersionOnlyAndKeepsFacts() {
        DatasetMarker.write(dir, "v1", Map.of("rows.audit_logs", "1010000", "build.seconds", "95"));
        assertThat(DatasetMarker.isCurrent(dir, "v1")).isTrue();
        assertThat(DatasetMarker.isCurrent(dir, "v2")).isFalse();
        assertThat(DatasetMarker.facts(dir)).containsEntry("rows.audit_logs", "1010000").containsEntry("version", "v1");
        assertThat(dir.resolve(DatasetMarker.FILE + ".tmp")).doesNotExist();
    }

    @Test
    void rewriteReplacesTheVersionAndDeleteMakesTheDirectoryStale() {
        DatasetMarker.write(dir, "v1", Map.of());
        DatasetMarker.write(dir, "v2", Map.of());
        assertThat(DatasetMarker.read(dir)).contains("v2");
        DatasetMarker.delete(dir);
        assertThat(DatasetMarker.isCurrent(dir, "v2")).isFalse();
    }

    @Test
    void markerWithoutVersionIsNotCurrent() throws Exception {
        Files.writeString(dir.resolve(DatasetMarker.FILE), "rows.audit_logs=5\n");
        assertThat(DatasetMarker.isCurrent(dir, "v1")).isFalse();
    }

    @Test
    void unreadableMarkerIsReportedNotTreatedAsMissing() throws Exception {
        Files.createDirectory(dir.resolve(DatasetMarker.FILE));
        assertThatThrownBy(() -> DatasetMarker.read(dir)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("could not read the data set marker");
    }

    @Test
    void badInputIsRefusedWithTheReason() {
        assertThatThrownBy(() -> DatasetMarker.write(dir, " ", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the data set version must not be blank, was ' '");
        assertThatThrownBy(() -> DatasetMarker.write(dir, "v1", Map.of("version", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("facts must not contain the key 'version'");
        assertThat(dir.resolve(DatasetMarker.FILE)).doesNotExist();
    }

    @Test
    void classBytesNameAMissingClassInsteadOfFailing() {
        assertThat(DatasetMarker.classBytes(DatasetMarker.class, "DatasetMarker")).isNotEmpty();
        assertThat(new String(DatasetMarker.classBytes(DatasetMarker.class, "NoSuchClass"), StandardCharsets.UTF_8))
                .isEqualTo("missing dev.quadrangle.benchmarks.NoSuchClass");
    }
}
