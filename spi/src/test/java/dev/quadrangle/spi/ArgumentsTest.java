package dev.quadrangle.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shared definition of blank (security issue #18 item 5: Unicode spaces passed as tenants). */
class ArgumentsTest {

    @ParameterizedTest(name = "blank: {0}")
    @ValueSource(strings = {
        "", " ", "   ", "\t", "\n", "\r\n", " \t \n", "\u000B", "\f", "\u0000", "\u001F", "\u007F", "\u0085",
        "\u00A0",       // NO-BREAK SPACE (Zs, not Character.isWhitespace)
        "\u2007",       // FIGURE SPACE (Zs, not Character.isWhitespace)
        "\u202F",       // NARROW NO-BREAK SPACE (Zs, not Character.isWhitespace)
        "\u200B",       // ZERO WIDTH SPACE (Cf)
        "\uFEFF",       // ZERO WIDTH NO-BREAK SPACE / BOM (Cf)
        "\u3000",       // IDEOGRAPHIC SPACE (Zs)
        "\u2028", "\u2029", "\u200E", "\u2060", "\u00AD", "\u1680", "\u205F",
        "\u00A0\u2007\u202F\u200B\uFEFF\u3000 \t",
        "\uDB40\uDC01", // U+E0001 LANGUAGE TAG (Cf), beyond the BMP
    })
    void blankTexts(String text) {
        assertThat(Arguments.isBlank(text)).isTrue();
        assertThatThrownBy(() -> Arguments.requireNonBlank("tenant", text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("tenant must not be blank (empty, or only white space, control or format characters), was \"");
    }

    @ParameterizedTest(name = "not blank: {0}")
    @ValueSource(strings = {
        "a", " a ", "\u00A0school1", "school1\u200B", "\uFEFFx\u3000", "\t-\n", "_", "~", "0",
        "\u3164",       // HANGUL FILLER is a letter (Lo): not blank by this definition
        "\uD800",       // an unpaired surrogate is not a space
        "\uD83D\uDE00", // a supplementary character
    })
    void textsWithAnyOtherCharacterAreNotBlank(String text) {
        assertThat(Arguments.isBlank(text)).isFalse();
        assertThat(Arguments.requireNonBlank("tenant", text)).isSameAs(text);
    }

    @Test
    void nullIsBlankButRequireNonBlankSaysItIsNull() {
        assertThat(Arguments.isBlank((CharSequence) null)).isTrue();
        assertThatThrownBy(() -> Arguments.requireNonBlank("tenant", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("tenant must not be null");
    }

    @Test
    void messagesShowTheInvisibleCharacters() {
        assertThatThrownBy(() -> Arguments.requireNonBlank("tenant", "\u00A0\u2007\u202F\u200B\uFEFF\u3000 \t\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tenant must not be blank (empty, or only white space, control or format characters), was "
                        + "\"\\u00A0\\u2007\\u202F\\u200B\\uFEFF\\u3000 \\t\\n\"");
        assertThat(Arguments.escape("a\\b\u0000\uD800\uDB40\uDC01é")).isEqualTo("a\\\\b\\u0000\\uD800\\uDB40\\uDC01é");
    }

    @Test
    void stringIsBlankDisagreesOnExactlyTheCharactersTheIssueNamed() {
        // the definition the issue found wanting: String.isBlank() accepts these as content
        for (String text : new String[] {"\u00A0", "\u2007", "\u202F", "\u200B", "\uFEFF"}) {
            assertThat(text.isBlank()).as("String.isBlank of U+%04X", (int) text.charAt(0)).isFalse();
            assertThat(Arguments.isBlank(text)).as("Arguments.isBlank of U+%04X", (int) text.charAt(0)).isTrue();
        }
        assertThat("\u3000".isBlank()).isTrue();
        assertThat(Arguments.isBlank("\u3000")).isTrue();
    }
}
