package dev.quadrangle.samples.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A time-series line chart as inline SVG: series over seconds, optional vertical markers (chaos
 * steps) and an optional horizontal limit line (the connection budget). Linear axes from zero.
 *
 * <p>Not thread-safe; build, then {@link #render()}.
 */
final class LineChart {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 260;
    private static final int LEFT = 64;
    private static final int RIGHT = 150;
    private static final int TOP = 30;
    private static final int BOTTOM = 40;

    private final String title;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private final List<Marker> markers = new ArrayList<>();
    private Double limit;
    private String limitLabel;

    record Series(String name, double[] x, double[] y) {
    }

    record Marker(double x, String label) {
    }

    LineChart(String title, String yLabel) {
        this.title = Objects.requireNonNull(title, "title");
        this.yLabel = Objects.requireNonNull(yLabel, "yLabel");
    }

    LineChart series(String name, double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("series " + name + " has " + x.length + " x and " + y.length + " y values");
        }
        series.add(new Series(name, x, y));
        return this;
    }

    LineChart marker(double x, String label) {
        markers.add(new Marker(x, label));
        return this;
    }

    LineChart limit(double y, String label) {
        this.limit = y;
        this.limitLabel = label;
        return this;
    }

    String render() {
        double maxX = 1;
        double maxY = limit == null ? 0 : limit;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                maxX = Math.max(maxX, s.x()[i]);
                maxY = Math.max(maxY, s.y()[i]);
            }
        }
        for (Marker m : markers) {
            maxX = Math.max(maxX, m.x());
        }
        double yStep = Svg.niceStep(maxY <= 0 ? 1 : maxY, 5);
        double yTop = Math.max(yStep, Math.ceil(maxY / yStep) * yStep);
        double xStep = Svg.niceStep(maxX, 10);
        double xRight = Math.ceil(maxX / xStep) * xStep;
        Frame f = new Frame(xRight, yTop);
        StringBuilder svg = new StringBuilder(8192);
        svg.append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"").append(Svg.esc(title)).append("\">");
        svg.append("<text x=\"").append(LEFT).append("\" y=\"18\" class=\"title\">").append(Svg.esc(title)).append("</text>");
        axes(svg, f, xStep, yStep);
        if (limit != null) {
            svg.append("<line x1=\"").append(Svg.n(f.x(0))).append("\" x2=\"").append(Svg.n(f.x(xRight)))
                    .append("\" y1=\"").append(Svg.n(f.y(limit))).append("\" y2=\"").append(Svg.n(f.y(limit)))
                    .append("\" stroke=\"#111\" stroke-dasharray=\"6 3\"/><text x=\"").append(Svg.n(f.x(0) + 4))
                    .append("\" y=\"").append(Svg.n(f.y(limit) - 4)).append("\" class=\"small\">")
                    .append(Svg.esc(limitLabel)).append("</text>");
        }
        for (Marker m : markers) {
            svg.append("<line x1=\"").append(Svg.n(f.x(m.x()))).append("\" x2=\"").append(Svg.n(f.x(m.x())))
                    .append("\" y1=\"").append(TOP).append("\" y2=\"").append(HEIGHT - BOTTOM)
                    .append("\" stroke=\"#f59e0b\" stroke-dasharray=\"3 3\"/><text x=\"").append(Svg.n(f.x(m.x()) + 3))
                    .append("\" y=\"").append(TOP + 10).append("\" class=\"marker\" transform=\"rotate(90 ")
                    .append(Svg.n(f.x(m.x()) + 3)).append(' ').append(TOP + 10).append(")\">")
                    .append(Svg.esc(m.label())).append("</text>");
        }
        for (int i = 0; i < series.size(); i++) {
            line(svg, f, series.get(i), Svg.color(i), i);
        }
        return svg.append("</svg>").toString();
    }

    private void line(StringBuilder svg, Frame f, Series s, String color, int index) {
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < s.x().length; i++) {
            points.append(i == 0 ? "" : " ").append(Svg.n(f.x(s.x()[i]))).append(',').append(Svg.n(f.y(s.y()[i])));
        }
        if (s.x().length > 0) {
            svg.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"1.8\" points=\"")
                    .append(points).append("\"/>");
        }
        int ly = TOP + 14 + index * 18;
        int lx = WIDTH - RIGHT + 14;
        svg.append("<rect x=\"").append(lx).append("\" y=\"").append(ly - 9).append("\" width=\"12\" height=\"4\" fill=\"")
                .append(color).append("\"/><text x=\"").append(lx + 16).append("\" y=\"").append(ly - 4)
                .append("\" class=\"small\">").append(Svg.esc(s.name())).append("</text>");
    }

    private void axes(StringBuilder svg, Frame f, double xStep, double yStep) {
        svg.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"")
                .append(WIDTH - LEFT - RIGHT).append("\" height=\"").append(HEIGHT - TOP - BOTTOM)
                .append("\" fill=\"#fafafa\" stroke=\"#ccc\"/>");
        for (double y = 0; y <= f.yTop + 1e-9; y += yStep) {
            svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"")
                    .append(Svg.n(f.y(y))).append("\" y2=\"").append(Svg.n(f.y(y))).append("\" stroke=\"#e5e5e5\"/>")
                    .append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(Svg.n(f.y(y) + 4))
                    .append("\" class=\"tick\" text-anchor=\"end\">").append(Svg.label(y)).append("</text>");
        }
        for (double x = 0; x <= f.xRight + 1e-9; x += xStep) {
            svg.append("<text x=\"").append(Svg.n(f.x(x))).append("\" y=\"").append(HEIGHT - BOTTOM + 16)
                    .append("\" class=\"tick\" text-anchor=\"middle\">").append(Svg.label(x)).append("</text>");
        }
        svg.append("<text x=\"").append((LEFT + WIDTH - RIGHT) / 2).append("\" y=\"").append(HEIGHT - 6)
                .append("\" class=\"small\" text-anchor=\"middle\">seconds into the run</text>")
                .append("<text x=\"14\" y=\"").append((TOP + HEIGHT - BOTTOM) / 2).append("\" class=\"small\" ")
                .append("text-anchor=\"middle\" transform=\"rotate(-90 14 ").append((TOP + HEIGHT - BOTTOM) / 2)
                .append(")\">").append(Svg.esc(yLabel)).append("</text>");
    }

    /** Maps data to pixels. */
    private static final class Frame {
        final double xRight;
        final double yTop;

        Frame(double xRight, double yTop) {
            this.xRight = xRight;
            this.yTop = yTop;
        }

        double x(double v) {
            return LEFT + v / xRight * (WIDTH - LEFT - RIGHT);
        }

        double y(double v) {
            return HEIGHT - BOTTOM - v / yTop * (HEIGHT - TOP - BOTTOM);
        }
    }
}
