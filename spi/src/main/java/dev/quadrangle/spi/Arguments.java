package dev.quadrangle.spi;

import java.util.Objects;

/**
 * The one definition of a blank name that every Quadrangle module applies to names and tenants it
 * is given, so that a tenant no one can see is refused everywhere alike.
 *
 * <p><b>Blank</b> means empty, or made only of code points in the Unicode general categories
 * <i>space separator</i> (Zs: U+0020, U+00A0, U+2007, U+202F, U+3000, ...), <i>line separator</i> (Zl),
 * <i>paragraph separator</i> (Zp), <i>control</i> (Cc: tab, line feed, U+0000, ...) and <i>format</i>
 * (Cf: U+200B ZERO WIDTH SPACE, U+FEFF, U+200E, U+2060, ...). This covers everything
 * {@link Character#isWhitespace(int)} and {@link Character#isSpaceChar(int)} accept, which
 * {@link String#isBlank()} alone does not (it accepts U+00A0 or U+200B as content). Letters and symbols
 * are never blank, even those that render empty (U+3164 HANGUL FILLER is a letter). A string with any
 * other code point, anywhere, is not blank; its blank characters are kept as they are.
 *
 * <p>Stateless and thread-safe.
 */
public final class Arguments {

    private Arguments() {
    }

    /**
     * Whether a text is blank: {@code null}, empty, or only space separators, line and paragraph
     * separators, control and format characters (see the class description).
     *
     * @param text the text, or {@code null}
     * @return whether it is blank
     */
    public static boolean isBlank(CharSequence text) {
        if (text == null) {
            return true;
        }
        for (int i = 0; i < text.length(); ) {
            int cp = Character.codePointAt(text, i);
            if (!isBlank(cp)) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    /**
     * Whether one code point is blank: a space, line or paragraph separator, a control or a format
     * character.
     *
     * @param codePoint the code point
     * @return whether it is blank
     */
    public static boolean isBlank(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.CONTROL,
                    Character.FORMAT -> true;
            default -> false;
        };
    }

    /**
     * Checks that a value is not blank.
     *
     * @param property what the value is, for the message ({@code "tenant"})
     * @param value the value
     * @return the value, unchanged
     * @throws NullPointerException when the value is {@code null}
     * @throws IllegalArgumentException when the value is blank, with a message naming the property and
     *     showing the value with its invisible characters escaped ({@link #escape(CharSequence)})
     */
    public static String requireNonBlank(String property, String value) {
        Objects.requireNonNull(value, () -> property + " must not be null");
        if (isBlank(value)) {
            throw new IllegalArgumentException(property + " must not be blank (empty, or only white space, control or format "
                    + "characters), was \"" + escape(value) + "\"");
        }
        return value;
    }

    /**
     * A text with the characters that do not show escaped, for messages and logs: blank code points other
     * than U+0020 (see {@link #isBlank(int)}), unpaired surrogates and the backslash become
     * {@code \t}, {@code \n}, {@code \r}, {@code \\} or {@code \}{@code uXXXX} (two of them beyond U+FFFF);
     * everything else stays.
     *
     * @param text the text, not {@code null}
     * @return the escaped text
     */
    public static String escape(CharSequence text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); ) {
            int cp = Character.codePointAt(text, i);
            i += Character.charCount(cp);
            if (cp == '\\') {
                out.append("\\\\");
            } else if (cp == '\t') {
                out.append("\\t");
            } else if (cp == '\n') {
                out.append("\\n");
            } else if (cp == '\r') {
                out.append("\\r");
            } else if (cp != ' ' && (isBlank(cp) || Character.getType(cp) == Character.SURROGATE)) {
                for (char c : Character.toChars(cp)) {
                    out.append(String.format("\\u%04X", (int) c));
                }
            } else {
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }
}
