package dev.quadrangle.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quadrangle.spi.ContentStore;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filesystem and in-memory stores: same contract, no server. */
class LocalStoresTest {
    @TempDir
    Path dir;

    private List<ContentStore> stores() {
        return List.of(FileSystemContentStore.at(dir.resolve("store")), InMemoryContentStore.named("unit"));
    }

    @Test
    void putOpenDescribeListDeleteBehaveAlikeOnBothStores() throws Exception {
        for (ContentStore store : stores()) {
            store.put("p/t/b", "bee".getBytes(StandardCharsets.UTF_8), Map.of("content-type", "text/plain"));
            store.put("p/t/a", "ay".getBytes(StandardCharsets.UTF_8), Map.of());
            store.put("p/u/c", "sea".getBytes(StandardCharsets.UTF_8), Map.of());
            store.put("p/t/b", "other".getBytes(StandardCharsets.UTF_8), Map.of()); // existing key: left as it is
            try (InputStream in = store.open("p/t/b").orElseThrow()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).as(store.toString()).isEqualTo("bee");
            }
            assertThat(store.describe("p/t/b").orElseThrow().metadata()).containsEntry("content-type", "text/plain");
            assertThat(store.describe("p/t/b").orElseThrow().size()).isEqualTo(3);
            List<String> keys = new ArrayList<>();
            store.list("p/t/", o -> keys.add(o.key()));
            assertThat(keys).as(store.toString()).containsExactly("p/t/a", "p/t/b");
            store.delete("p/t/a");
            store.delete("p/t/a");
            assertThat(store.open("p/t/a")).isEmpty();
            assertThat(store.describe("p/t/a")).isEmpty();
        }
    }

    @Test
    void hostileKeysAreRejectedAndNothingIsWrittenOutsideTheRoot() {
        for (ContentStore store : stores()) {
            assertThatThrownBy(() -> store.put("../escape", new byte[] {1}, Map.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("content key '../escape' must not contain a '.' or '..' segment");
            assertThatThrownBy(() -> store.open("/etc/passwd")).hasMessage("content key '/etc/passwd' must not start with '/'");
            assertThatThrownBy(() -> store.list("a//", o -> { })).hasMessage("content key 'a/' must not end with '/'");
        }
        assertThat(Files.exists(dir.resolve("escape"))).isFalse();
        assertThat(Files.exists(dir.resolve("store/escape"))).isFalse();
    }

    @Test
    void aLargeCompressedStreamRoundTripsThroughTheFileSystemStoreWithTheSameSha256() throws Exception {
        Path file = dir.resolve("rows.csv.gz");
        String sha256 = LargeStreams.writeCompressedRows(file, 200_000, 11);
        FileSystemContentStore store = FileSystemContentStore.at(dir.resolve("store"));
        try (InputStream in = Files.newInputStream(file)) {
            store.put("archive/grade/2026/10/part-0", in, Files.size(file), Map.of());
        }
        try (InputStream in = store.open("archive/grade/2026/10/part-0").orElseThrow()) {
            String[] read = LargeStreams.shaAndLineCount(in);
            assertThat(read[0]).isEqualTo(sha256);
            assertThat(read[1]).isEqualTo("200000");
        }
        assertThat(store.baseUri()).startsWith("file:/").endsWith("/objects/");
    }
}
