package dev.quadrangle.samples.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Latency percentiles per operation as grouped horizontal bars (p50, p95, p99) with the maximum as a
 * tick, on a logarithmic millisecond axis so that sub-millisecond reads and slow outliers share one
 * chart. Inline SVG.
 *
 * <p>Not thread-safe; build, then {@link #render()}.
 */
final class PercentileBarChart {
    private static final int WIDTH = 900;
    private static final int LEFT = 150;
    private static final int RIGHT = 40;
    private static final int TOP = 46;
    private static final int BAR = 7;
    private static final int GROUP = 3 * BAR + 12;
    private static final String[] NAMES = {"p50", "p95", "p99"};
    private static final String[] COLORS = {"#93c5fd", "#3b82f6", "#1e3a8a"};

    private final String title;
    private final List<Row> rows = new ArrayList<>();

    private record Row(String name, double p50, double p95, double p99, double max) {
    }

    PercentileBarChart(String title) {
        this.title = title;
    }

    PercentileBarChart row(String name, double p50Ms, double p95Ms, double p99Ms, double maxMs) {
        rows.add(new Row(name, p50Ms, p95Ms, p99Ms, maxMs));
        return this;
    }

    String render() {
        double lo = 0.1;
        double hi = 1;
        for (Row r : rows) {
            hi = Math.max(hi, r.max());
        }
        int decadeLo = (int) Math.floor(Math.log10(lo));
        int decadeHi = (int) Math.ceil(Math.log10(hi));
        int height = TOP + rows.size() * GROUP + 40;
        StringBuilder svg = new StringBuilder(8192);
        svg.append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(height).append("\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" role=\"img\" aria-label=\"").append(Svg.esc(title)).append("\">")
                .append("<text x=\"").append(LEFT).append("\" y=\"18\" class=\"title\">").append(Svg.esc(title))
                .append("</text>");
        for (int i = 0; i < NAMES.length; i++) {
            svg.append("<rect x=\"").append(LEFT + i * 70).append("\" y=\"26\" width=\"12\" height=\"8\" fill=\"")
                    .append(COLORS[i]).append("\"/><text x=\"").append(LEFT + i * 70 + 16).append("\" y=\"34\" class=\"small\">")
                    .append(NAMES[i]).append("</text>");
        }
        svg.append("<line x1=\"").append(LEFT + 220).append("\" x2=\"").append(LEFT + 220).append("\" y1=\"25\" y2=\"35\" ")
                .append("stroke=\"#dc2626\" stroke-width=\"2\"/><text x=\"").append(LEFT + 226)
                .append("\" y=\"34\" class=\"small\">max</text>");
        for (int d = decadeLo; d <= decadeHi; d++) {
            double x = x(Math.pow(10, d), decadeLo, decadeHi);
            svg.append("<line x1=\"").append(Svg.n(x)).append("\" x2=\"").append(Svg.n(x)).append("\" y1=\"").append(TOP)
                    .append("\" y2=\"").append(height - 30).append("\" stroke=\"#e5e5e5\"/><text x=\"").append(Svg.n(x))
                    .append("\" y=\"").append(height - 16).append("\" class=\"tick\" text-anchor=\"middle\">")
                    .append(Svg.label(Math.pow(10, d))).append(" ms</text>");
        }
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            int y = TOP + i * GROUP;
            svg.append("<text x=\"").append(LEFT - 8).append("\" y=\"").append(y + 2 * BAR + 2)
                    .append("\" class=\"tick\" text-anchor=\"end\">").append(Svg.esc(r.name())).append("</text>");
            double[] values = {r.p50(), r.p95(), r.p99()};
            for (int k = 0; k < values.length; k++) {
                double w = Math.max(1, x(Math.max(lo, values[k]), decadeLo, decadeHi) - LEFT);
                svg.append("<rect x=\"").append(LEFT).append("\" y=\"").append(y + k * BAR).append("\" width=\"")
                        .append(Svg.n(w)).append("\" height=\"").append(BAR - 1).append("\" fill=\"").append(COLORS[k])
                        .append("\"><title>").append(Svg.esc(r.name() + " " + NAMES[k] + " " + values[k] + " ms"))
                        .append("</title></rect>");
            }
            double mx = x(Math.max(lo, r.max()), decadeLo, decadeHi);
            svg.append("<line x1=\"").append(Svg.n(mx)).append("\" x2=\"").append(Svg.n(mx)).append("\" y1=\"").append(y)
                    .append("\" y2=\"").append(y + 3 * BAR).append("\" stroke=\"#dc2626\" stroke-width=\"2\"/>")
                    .append("<text x=\"").append(Svg.n(mx + 4)).append("\" y=\"").append(y + 2 * BAR + 1)
                    .append("\" class=\"small\">p99 ").append(Svg.label(r.p99())).append(" ms</text>");
        }
        return svg.append("</svg>").toString();
    }

    private static double x(double ms, int decadeLo, int decadeHi) {
        double f = (Math.log10(ms) - decadeLo) / (decadeHi - decadeLo);
        return LEFT + f * (WIDTH - LEFT - RIGHT - 70);
    }
}
