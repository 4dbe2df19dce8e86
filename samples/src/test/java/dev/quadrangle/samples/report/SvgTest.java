package dev.quadrangle.samples.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SvgTest {

    @Test
    void niceStepsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertThat(Svg.niceStep(100, 5)).isEqualTo(20);
        assertThat(Svg.niceStep(30, 5)).isEqualTo(10);
        assertThat(Svg.niceStep(0.7, 5)).isEqualTo(0.2);
        assertThat(Svg.niceStep(1234, 10)).isEqualTo(200);
    }

    @Test
    void escapesMarkup() {
        assertThat(Svg.esc("<a href=\"x\">&'")).isEqualTo("&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    }
}
