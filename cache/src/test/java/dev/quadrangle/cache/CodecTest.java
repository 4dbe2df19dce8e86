package dev.quadrangle.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodecTest {

    record Item(String title) {
    }

    @Test
    void jacksonCodecRoundTripsGenericValues() {
        ObjectMapper mapper = new ObjectMapper();
        JacksonValueCodec<List<Long>> codec = JacksonValueCodec.of(mapper,
                mapper.getTypeFactory().constructCollectionType(List.class, Long.class));
        byte[] bytes = codec.encode(List.of(3L, 5L, 8L));
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("[3,5,8]");
        assertThat(codec.decode(bytes)).containsExactly(3L, 5L, 8L);
        assertThat(codec).hasToString("json(java.util.List<java.lang.Long>)");
    }

    @Test
    void jacksonCodecSaysWhatItCannotWriteOrRead() {
        JacksonValueCodec<Object> codec = JacksonValueCodec.of(new ObjectMapper(), Object.class);
        assertThatThrownBy(() -> codec.encode(new Object())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Jackson cannot write java.lang.Object as JSON: No serializer found");
        JacksonValueCodec<Item> items = JacksonValueCodec.of(new ObjectMapper(), Item.class);
        assertThat(items.decode(items.encode(new Item("algebra")))).isEqualTo(new Item("algebra"));
        assertThatThrownBy(() -> items.decode("[1".getBytes(StandardCharsets.UTF_8))).isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("cannot read [simple type, class dev.quadrangle.cache.CodecTest$Item] from JSON");
    }

    @Test
    void keyCodecsRoundTrip() {
        assertThat(KeyCodec.longs().decode(KeyCodec.longs().encode(42L))).isEqualTo(42L);
        assertThat(KeyCodec.strings().encode("a:b")).isEqualTo("a:b");
        KeyCodec<int[]> pairs = KeyCodec.of(p -> p[0] + "-" + p[1],
                t -> new int[] {Integer.parseInt(t.split("-")[0]), Integer.parseInt(t.split("-")[1])});
        assertThat(pairs.decode(pairs.encode(new int[] {7, 9}))).containsExactly(7, 9);
    }

    @Test
    void utf8AndBytesCodecs() {
        assertThat(ValueCodec.utf8().decode(ValueCodec.utf8().encode("grüße"))).isEqualTo("grüße");
        byte[] raw = {1, 2, 3};
        assertThat(ValueCodec.bytes().encode(raw)).isSameAs(raw);
    }
}
