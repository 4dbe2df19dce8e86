package dev.quadrangle.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quadrangle.storage.internal.Compression;
import dev.quadrangle.storage.internal.Sha256;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading back verifies codec header, sizes and SHA-256, on the in-memory store (writes are covered by the ITs). */
class ResolveVerificationTest {
    private final InMemoryContentStore store = InMemoryContentStore.named("verify");
    private final ContentOffloader offloader = ContentOffload.builder().store(store).build().offloader();

    private ContentRef stored(byte[] json, Codec codec) {
        String sha = Sha256.hex(json);
        byte[] compressed = Compression.compress(codec, json);
        String key = ContentKeys.contentKey("content", "t1", "activity", ZonedDateTime.now(), Sha256.hex(compressed));
        store.put(key, compressed, Map.of());
        return new ContentRef(store.baseUri() + key, json.length, compressed.length, sha, codec, "application/json");
    }

    @Test
    void everyCodecRoundTrips() {
        byte[] json = TestPayloads.json(50_000, 3);
        for (Codec codec : Codec.values()) {
            assertThat(offloader.resolve("t1", stored(json, codec))).as(codec.id()).isEqualTo(json);
        }
        assertThat(Compression.compress(Codec.ZSTD, json).length).isLessThan(json.length / 2);
    }

    @Test
    void tamperedObjectsAreDetected() {
        byte[] json = TestPayloads.json(20_000, 4);
        ContentRef ref = stored(json, Codec.GZIP);
        String key = ref.uri().substring(store.baseUri().length());
        byte[] good = Compression.compress(Codec.GZIP, json);

        store.overwrite(key, Compression.compress(Codec.ZSTD, json));
        assertThatThrownBy(() -> offloader.resolve("t1", ref)).isInstanceOf(ContentIntegrityException.class)
                .hasMessageStartingWith("content object '" + key + "' ");

        byte[] sameLength = good.clone();
        sameLength[good.length - 5] ^= (byte) 0xff; // inside the gzip trailer (CRC32 / size)
        store.overwrite(key, sameLength);
        assertThatThrownBy(() -> offloader.resolve("t1", ref)).isInstanceOf(ContentIntegrityException.class)
                .hasMessage("content object '" + key + "' stored bytes do not hash to the key's SHA-256");

        // a reference under a key that is not a hash: only the content checks apply
        byte[] inflated = Compression.compress(Codec.GZIP, Arrays.copyOf(json, json.length * 50));
        String plainKey = "content/t1/activity/2026/11/bomb";
        store.put(plainKey, inflated, Map.of());
        ContentRef lying = new ContentRef(store.baseUri() + plainKey, ref.size(), inflated.length, ref.sha256(), Codec.GZIP,
                ref.contentType());
        assertThatThrownBy(() -> offloader.resolve("t1", lying)).isInstanceOf(ContentIntegrityException.class)
                .hasMessage("content object '" + plainKey + "' cannot be decompressed: content inflates past the expected "
                        + json.length + " bytes");

        String otherKey = "content/t1/activity/2026/11/other";
        byte[] other = Compression.compress(Codec.GZIP, TestPayloads.json(20_000, 5));
        store.put(otherKey, other, Map.of());
        byte[] otherJson = Arrays.copyOf(TestPayloads.json(20_000, 5), TestPayloads.json(20_000, 5).length);
        ContentRef mismatched = new ContentRef(store.baseUri() + otherKey, otherJson.length, other.length, ref.sha256(),
                Codec.GZIP, ref.contentType());
        assertThatThrownBy(() -> offloader.resolve("t1", mismatched)).isInstanceOf(ContentIntegrityException.class)
                .hasMessage("content object '" + otherKey + "' SHA-256 is " + Sha256.hex(otherJson) + ", the reference says "
                        + ref.sha256());

        store.overwrite(key, good);
        assertThat(offloader.resolve("t1", ref)).isEqualTo(json);
        assertThatThrownBy(() -> offloader.resolve("t2", ref)).isInstanceOf(ContentAccessDeniedException.class)
                .hasMessage("content reference " + ref.uri() + " does not belong to tenant 't2'");
    }
}
