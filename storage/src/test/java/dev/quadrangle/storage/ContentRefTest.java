package dev.quadrangle.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ContentRefTest {
    private static final String SHA = "0123456789abcdef".repeat(4);

    @Test
    void jsonRoundTrips() {
        ContentRef ref = new ContentRef("s3://b/content/t/activity/2026/11/" + SHA, 1000, 300, SHA, Codec.ZSTD, "application/json");
        assertThat(ref.toJson()).isEqualTo("{\"uri\":\"s3://b/content/t/activity/2026/11/" + SHA + "\",\"size\":1000,"
                + "\"storedSize\":300,\"sha256\":\"" + SHA + "\",\"codec\":\"zstd\",\"contentType\":\"application/json\"}");
        assertThat(ContentRef.parse(ref.toJson())).isEqualTo(ref);
        // jsonb reorders keys and adds spaces
        assertThat(ContentRef.parse("{\"size\": 1000, \"uri\": \"" + ref.uri() + "\", \"codec\": \"zstd\", \"sha256\": \"" + SHA
                + "\", \"storedSize\": 300, \"contentType\": \"application/json\"}")).isEqualTo(ref);
    }

    @Test
    void invalidReferencesAreRejected() {
        assertThatThrownBy(() -> ContentRef.parse("not json")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a content reference: ");
        assertThatThrownBy(() -> ContentRef.parse("[1]")).hasMessage("not a content reference: expected a JSON object");
        assertThatThrownBy(() -> ContentRef.parse("{\"uri\":\"s3://b/k\",\"size\":\"1\"}"))
                .hasMessage("not a content reference: field 'size' must be an integer");
        assertThatThrownBy(() -> new ContentRef("s3://b/k", -1, 0, SHA, Codec.GZIP, "application/json"))
                .hasMessage("size must be >= 0, was -1");
        assertThatThrownBy(() -> new ContentRef("s3://b/k", 1, 1, "ABC", Codec.GZIP, "application/json"))
                .hasMessage("sha256 must be 64 lowercase hex digits, was 'ABC'");
        assertThatThrownBy(() -> Codec.ofId("brotli")).hasMessage("codec must be one of identity, gzip, zstd, was 'brotli'");
    }
}
