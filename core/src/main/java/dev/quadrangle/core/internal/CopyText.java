package dev.quadrangle.core.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/** Encodes rows in PostgreSQL's COPY text format (tab-separated, {@code \N} for null, backslash escapes). */
public final class CopyText {
    private CopyText() {
    }

    /**
     * Encodes rows.
     *
     * @param rows the rows
     * @param width the number of columns every row must have
     * @param table the table, for error messages
     * @return the COPY data, UTF-8
     * @throws IllegalArgumentException when a row has the wrong width
     */
    public static byte[] encode(List<Object[]> rows, int width, String table) {
        StringBuilder text = new StringBuilder(rows.size() * 64);
        int index = 0;
        for (Object[] row : rows) {
            if (row == null || row.length != width) {
                throw new IllegalArgumentException("row " + index + " for table " + table + " has "
                        + (row == null ? "no" : String.valueOf(row.length)) + " values, expected " + width);
            }
            for (int i = 0; i < width; i++) {
                if (i > 0) {
                    text.append('\t');
                }
                appendValue(text, row[i]);
            }
            text.append('\n');
            index++;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 16);
        out.writeBytes(text.toString().getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static void appendValue(StringBuilder text, Object value) {
        if (value == null) {
            text.append("\\N");
        } else if (value instanceof Boolean) {
            text.append((Boolean) value ? 't' : 'f');
        } else if (value instanceof byte[]) {
            text.append("\\\\x").append(HexFormat.of().formatHex((byte[]) value));
        } else if (value instanceof Number || value instanceof java.util.UUID) {
            text.append(value);
        } else {
            escape(text, value.toString());
        }
    }

    private static void escape(StringBuilder text, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\':
                    text.append("\\\\");
                    break;
                case '\t':
                    text.append("\\t");
                    break;
                case '\n':
                    text.append("\\n");
                    break;
                case '\r':
                    text.append("\\r");
                    break;
                default:
                    text.append(c);
            }
        }
    }
}
