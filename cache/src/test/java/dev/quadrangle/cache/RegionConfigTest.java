package dev.quadrangle.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RegionConfigTest {

    private static RegionConfig.Builder<String, String> builder() {
        return RegionConfig.builder("pools", KeyCodec.strings(), ValueCodec.utf8());
    }

    @Test
    void defaultsAreTheWarmTierAndAOneMinuteL1Bound() {
        RegionConfig<String, String> config = builder().build();
        assertThat(config.ttl()).isEqualTo(Duration.ofHours(1));
        assertThat(config.l1Ttl()).isEqualTo(RegionConfig.DEFAULT_MAX_L1_AGE);
        assertThat(config.maximumSize()).isEqualTo(10_000);
        assertThat(config.maximumWeight()).isEqualTo(-1);
        assertThat(config.negativeTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.crossNodeSingleFlight()).isFalse();
    }

    @Test
    void tiersAreFiveMinutesOneHourAndOneDay() {
        assertThat(TtlTier.HOT.ttl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(TtlTier.WARM.ttl()).isEqualTo(Duration.ofHours(1));
        assertThat(TtlTier.COLD.ttl()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void l1TtlIsTheSmallerOfExpireAfterWriteAndMaxAge() {
        assertThat(builder().ttl(TtlTier.HOT).maxL1Age(Duration.ofMinutes(10)).build().l1Ttl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(builder().l1ExpireAfterWrite(Duration.ofSeconds(5)).build().l1Ttl()).isEqualTo(Duration.ofSeconds(5));
        assertThat(builder().l1ExpireAfterWrite(Duration.ofHours(2)).maxL1Age(Duration.ofSeconds(7)).build().l1Ttl())
                .isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void badNamesAreRefusedWithTheAllowedForm() {
        assertThatThrownBy(() -> RegionConfig.builder("Pools:1", KeyCodec.strings(), ValueCodec.utf8()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("region name must match [a-z0-9][a-z0-9._-]{0,63} (1 to 64 lower-case letters, digits, '.', '_' or '-'), was 'Pools:1'");
    }

    @Test
    void outOfRangeValuesNamePropertyValueAndRange() {
        assertThatThrownBy(() -> builder().ttl(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ttl must be between PT1S and PT720H, was PT0S");
        assertThatThrownBy(() -> builder().jitter(0.7)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("jitter must be between 0.0 and 0.5, was 0.7");
        assertThatThrownBy(() -> builder().maximumSize(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maximumSize must be between 1 and 100000000, was 0");
        assertThatThrownBy(() -> builder().maxValueBytes(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxValueBytes must be between 1 and 536870912, was 0");
        assertThatThrownBy(() -> builder().leaseTtl(Duration.ofMillis(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("leaseTtl must be between PT0.01S and PT5M, was PT0.001S");
    }

    @Test
    void refreshNotShorterThanTheL1TtlIsAConflict() {
        assertThatThrownBy(() -> builder().maxL1Age(Duration.ofSeconds(10)).refreshAfterWrite(Duration.ofSeconds(10)).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("refreshAfterWrite (PT10S) must be shorter than the in-process TTL (PT10S) of region 'pools'");
        assertThat(builder().refreshAfterWrite(Duration.ofSeconds(5)).build().refreshAfterWrite()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void toBuilderCopiesAndLeavesTheOriginalAlone() {
        RegionConfig<String, String> original = builder().ttl(TtlTier.COLD).crossNodeSingleFlight(true).build();
        RegionConfig<String, String> derived = original.toBuilder().ttl(TtlTier.HOT).build();
        assertThat(original.ttl()).isEqualTo(Duration.ofHours(24));
        assertThat(derived.ttl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(derived.crossNodeSingleFlight()).isTrue();
    }

    @Test
    void weightBoundReplacesTheSizeBound() {
        RegionConfig<String, String> config = builder().maximumWeight(1_000, (k, v) -> v.length()).build();
        assertThat(config.maximumWeight()).isEqualTo(1_000);
        assertThat(config.maximumSize()).isEqualTo(-1);
    }
}
