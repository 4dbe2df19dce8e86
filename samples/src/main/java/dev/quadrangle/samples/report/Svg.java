package dev.quadrangle.samples.report;

import java.util.Locale;

/** Small helpers for writing SVG and HTML text. */
final class Svg {
    private Svg() {
    }

    /** Escapes text for XML/HTML content and attribute values. */
    static String esc(String text) {
        StringBuilder s = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&': s.append("&amp;"); break;
                case '<': s.append("&lt;"); break;
                case '>': s.append("&gt;"); break;
                case '"': s.append("&quot;"); break;
                case '\'': s.append("&#39;"); break;
                default: s.append(c);
            }
        }
        return s.toString();
    }

    /** A coordinate with one decimal. */
    static String n(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** A tick label: integers plain, small values with up to two decimals. */
    static String label(double v) {
        if (Math.abs(v - Math.rint(v)) < 1e-9) {
            return String.format(Locale.ROOT, "%,d", (long) Math.rint(v));
        }
        return String.format(Locale.ROOT, v < 1 ? "%.2f" : "%.1f", v);
    }

    /**
     * "Nice" tick step for a range: 1, 2 or 5 times a power of ten, giving about {@code ticks} ticks.
     *
     * @param range the span of the axis, more than 0
     * @param ticks the wanted number of ticks
     * @return the step
     */
    static double niceStep(double range, int ticks) {
        double raw = range / Math.max(1, ticks);
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double residual = raw / magnitude;
        double nice = residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    /** The colours of series, in order. */
    static final String[] PALETTE = {"#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#ca8a04",
        "#db2777"};

    static String color(int i) {
        return PALETTE[i % PALETTE.length];
    }
}
