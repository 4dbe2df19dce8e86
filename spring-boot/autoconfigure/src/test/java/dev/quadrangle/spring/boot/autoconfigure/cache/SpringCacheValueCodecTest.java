package dev.quadrangle.spring.boot.autoconfigure.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.cache.support.NullValue;

/** Values of Spring-managed regions through Jackson 3 and Jackson 2, and the trusted packages. */
class SpringCacheValueCodecTest {
    /** A cached value. */
    public record Grade(long id, int score, List<String> notes, String at) {
    }

    private final TrustedTypes trusted = new TrustedTypes(List.of("dev.quadrangle.spring.boot.autoconfigure.cache"));

    @Test
    void valuesComeBackAsTheirOwnClassWithBothJacksonVersions() {
        for (CacheValueSerializer serializer : List.of(
                new Jackson3CacheValueSerializer(tools.jackson.databind.json.JsonMapper.builder().build(), trusted),
                new Jackson2CacheValueSerializer(new com.fasterxml.jackson.databind.ObjectMapper().findAndRegisterModules(),
                        trusted))) {
            SpringCacheValueCodec codec = new SpringCacheValueCodec(serializer, trusted, getClass().getClassLoader());
            Grade grade = new Grade(7, 97, List.of("a", "b"), "2026-11-22T10:15:30Z");
            assertThat(codec.decode(codec.encode(grade))).as(serializer.toString()).isEqualTo(grade);
            assertThat(codec.decode(codec.encode(42L))).isEqualTo(42L);
            assertThat(codec.decode(codec.encode("text"))).isEqualTo("text");
            assertThat(codec.decode(codec.encode(NullValue.INSTANCE))).isSameAs(NullValue.INSTANCE);
            Object list = codec.decode(codec.encode(new java.util.ArrayList<>(List.of(grade))));
            assertThat(list).as(serializer.toString()).isEqualTo(List.of(grade));
            assertThat(codec.decode(codec.encode(new java.util.HashMap<>(Map.of("k", 1L))))).isEqualTo(Map.of("k", 1L));
        }
    }

    /** A cached value with a java.time field, as applications' records have. */
    public record Due(long id, java.time.Instant dueAt) {
    }

    @Test
    void jackson3WritesAndReadsJavaTimeInRecordsInLists() {
        SpringCacheValueCodec codec = new SpringCacheValueCodec(
                new Jackson3CacheValueSerializer(tools.jackson.databind.json.JsonMapper.builder().build(), trusted),
                trusted, getClass().getClassLoader());
        List<Due> due = new java.util.ArrayList<>(List.of(new Due(1, java.time.Instant.parse("2026-12-05T10:15:30Z"))));
        assertThat(codec.decode(codec.encode(due))).isEqualTo(due);
    }

    @Test
    void aClassOutsideTheTrustedPackagesIsNeverLoaded() {
        SpringCacheValueCodec codec = new SpringCacheValueCodec(
                new Jackson3CacheValueSerializer(tools.jackson.databind.json.JsonMapper.builder().build(), trusted),
                trusted, getClass().getClassLoader());
        byte[] type = "javax.script.ScriptEngineManager".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[3 + type.length + 2];
        bytes[0] = 1;
        bytes[2] = (byte) type.length;
        System.arraycopy(type, 0, bytes, 3, type.length);
        bytes[bytes.length - 2] = '{';
        bytes[bytes.length - 1] = '}';
        assertThatThrownBy(() -> codec.decode(bytes)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not in a trusted package").hasMessageContaining("quadrangle.cache.json.trusted-packages");
    }

    @Test
    void camelCaseCacheNamesNameKebabCaseRegions() {
        assertThat(QuadrangleCacheManager.regionName("pendingActivities")).isEqualTo("pending-activities");
        assertThat(QuadrangleCacheManager.regionName("grade-book")).isEqualTo("grade-book");
        assertThat(QuadrangleCacheManager.regionName("URLs")).isEqualTo("urls");
    }
}
