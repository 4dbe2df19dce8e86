package dev.quadrangle.samples.report;

import dev.quadrangle.samples.load.LoadResult;
import dev.quadrangle.samples.load.RunEvent;
import dev.quadrangle.samples.load.TimelinePoint;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The report as one self-contained HTML page: summary, per-operation table, inline SVG charts
 * (latency percentiles, throughput, latency over time, connections, read routing) with the chaos steps
 * marked, the fault analysis, the data set, and the JSON embedded. No network fetches.
 */
public final class HtmlReport {
    private static final String CSS = "body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#111;max-width:960px}"
            + "h1{font-size:22px}h2{font-size:17px;margin-top:28px}table{border-collapse:collapse;margin:8px 0}"
            + "td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}th{background:#f3f4f6}"
            + "td:first-child,th:first-child{text-align:left}.cards{display:flex;gap:12px;flex-wrap:wrap}"
            + ".card{border:1px solid #ddd;border-radius:6px;padding:8px 14px;min-width:150px}"
            + ".card b{display:block;font-size:20px}.ok{color:#15803d}.bad{color:#b91c1c}.note{color:#555}"
            + "svg .title{font-weight:600;font-size:13px}svg .tick{font-size:11px;fill:#444}"
            + "svg .small{font-size:11px;fill:#222}svg .marker{font-size:10px;fill:#b45309}";
    /** Counts the charts that laid out with a size and drawn elements; a screenshot check reads it. */
    private static final String RENDER_CHECK = "window.addEventListener('load',function(){var n=0;"
            + "document.querySelectorAll('svg.chart').forEach(function(s){var b=s.getBBox();"
            + "if(b.width>0&&b.height>0&&s.querySelectorAll('rect,polyline,line').length>3){n++;}});"
            + "document.body.setAttribute('data-charts-rendered',String(n));"
            + "document.title=document.title+' [charts rendered: '+n+']';});";

    private HtmlReport() {
    }

    /**
     * Renders a report.
     *
     * @param report the report
     * @param json its JSON, embedded for tools
     * @return the page
     */
    public static String render(CampusReport report, String json) {
        LoadResult load = report.load();
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(Svg.esc(report.title())).append("</title><style>").append(CSS).append("</style></head><body>")
                .append("<h1>").append(Svg.esc(report.title())).append("</h1><p class=\"note\">")
                .append(Svg.esc(report.generatedAt())).append(" &middot; ").append(Svg.esc(report.backend()))
                .append("<br>").append(Svg.esc(report.setup().machine())).append(" &middot; services: ")
                .append(Svg.esc(report.setup().services())).append("<br>").append(Svg.esc(report.setup().note()))
                .append("</p>");
        cards(html, report);
        html.append("<h2>Operations</h2>").append(operationsTable(load));
        html.append("<h2>Latency</h2>").append(percentiles(load));
        charts(html, load);
        if (!report.faults().isEmpty()) {
            html.append("<h2>Chaos: what degraded</h2><ul>");
            for (CampusReport.FaultEffect f : report.faults()) {
                html.append("<li>").append(Svg.esc(f.summary())).append("</li>");
            }
            html.append("</ul>").append(eventsTable(load.events()));
        }
        if (!report.moduleNotes().isEmpty()) {
            html.append("<h2>Modules: routing, cache, storage</h2><ul>");
            for (String note : report.moduleNotes()) {
                html.append("<li>").append(Svg.esc(note)).append("</li>");
            }
            html.append("</ul>");
        }
        html.append("<h2>Answers: submitted against stored</h2>").append(answers(report));
        CampusReport.ReplicationLag lag = report.replicationLag();
        html.append(String.format(Locale.ROOT, "<p>Replication lag before the load, commit on the primary to visible on "
                + "the standby, %d writes: p50 %.2f ms, p99 %.2f ms, max %.2f ms.</p>", lag.samples(), lag.p50Ms(),
                lag.p99Ms(), lag.maxMs()));
        html.append("<h2>Data set</h2>").append(dataset(report.dataset()));
        html.append("<script type=\"application/json\" id=\"campus-report\">")
                .append(json.replace("</", "<\\/")).append("</script><script>").append(RENDER_CHECK)
                .append("</script></body></html>");
        return html.toString();
    }

    private static void cards(StringBuilder html, CampusReport r) {
        LoadResult load = r.load();
        boolean ok = r.answers().nothingLost();
        html.append("<div class=\"cards\">")
                .append(card("operations", String.format(Locale.ROOT, "%,d", load.totalOps()),
                        String.format(Locale.ROOT, "%,.0f/s over %.0f s after a %.0f s warm-up",
                                load.totalOps() / Math.max(1e-9, load.seconds()), load.seconds(), load.warmupSeconds())))
                .append(card("errors", String.format(Locale.ROOT, "%,d", load.totalErrors()),
                        String.format(Locale.ROOT, "warm-up: %,d calls, %,d errors", load.warmupCalls(), load.warmupErrors())))
                .append(card("virtual users", String.format(Locale.ROOT, "%,d", load.users()),
                        "think time " + load.thinkTimeMs() + " ms"))
                .append(card("connections", r.connections().peakOpen() + " / " + r.connections().budget(),
                        "peak open / budget"))
                .append("<div class=\"card\">answers lost<b class=\"").append(ok ? "ok" : "bad").append("\">")
                .append(r.answers().lost()).append("</b>").append(ok ? "submitted == stored" : "MISMATCH").append("</div>")
                .append("</div>");
    }

    private static String card(String label, String value, String sub) {
        return "<div class=\"card\">" + Svg.esc(label) + "<b>" + Svg.esc(value) + "</b>" + Svg.esc(sub) + "</div>";
    }

    private static String operationsTable(LoadResult load) {
        StringBuilder t = new StringBuilder("<table><tr><th>operation</th><th>route</th><th>calls</th><th>per s</th>"
                + "<th>errors</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th><th>max ms</th></tr>");
        for (LoadResult.OperationResult o : load.operations()) {
            t.append("<tr><td>").append(Svg.esc(o.name())).append("</td><td>").append(o.route()).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%,d", o.count())).append("</td><td>").append(o.perSecond())
                    .append("</td><td class=\"").append(o.errors() == 0 ? "ok" : "bad").append("\">").append(o.errors())
                    .append("</td><td>").append(o.latency().p50Ms()).append("</td><td>").append(o.latency().p95Ms())
                    .append("</td><td>").append(o.latency().p99Ms()).append("</td><td>").append(o.latency().maxMs())
                    .append("</td></tr>");
        }
        return t.append("</table>").toString();
    }

    private static String percentiles(LoadResult load) {
        PercentileBarChart chart = new PercentileBarChart("Latency by operation (log scale), from intent to response");
        for (LoadResult.OperationResult o : load.operations()) {
            if (o.count() > 0) {
                chart.row(o.name(), o.latency().p50Ms(), o.latency().p95Ms(), o.latency().p99Ms(), o.latency().maxMs());
            }
        }
        return chart.render();
    }

    private static void charts(StringBuilder html, LoadResult load) {
        List<TimelinePoint> tl = load.timeline();
        double[] x = tl.stream().mapToDouble(TimelinePoint::second).toArray();
        double[] interval = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            interval[i] = Math.max(0.2, x[i] - (i == 0 ? 0 : x[i - 1]));
        }
        LineChart throughput = new LineChart("Throughput", "operations per second")
                .series("completed", x, perSecond(tl.stream().mapToDouble(TimelinePoint::ops).toArray(), interval))
                .series("failed", x, perSecond(tl.stream().mapToDouble(TimelinePoint::errors).toArray(), interval));
        LineChart latency = new LineChart("Latency over time, all operations", "milliseconds")
                .series("p50", x, tl.stream().mapToDouble(TimelinePoint::p50Ms).toArray())
                .series("p99", x, tl.stream().mapToDouble(TimelinePoint::p99Ms).toArray());
        LineChart connections = new LineChart("Connections", "connections").limit(load.maxConnections(),
                "budget " + load.maxConnections());
        Set<String> pools = new TreeSet<>();
        tl.forEach(p -> pools.addAll(p.openConnections().keySet()));
        for (String pool : pools) {
            connections.series(pool + " open", x, tl.stream().mapToDouble(p -> p.openConnections().getOrDefault(pool, 0)).toArray());
            connections.series(pool + " busy", x, tl.stream().mapToDouble(p -> p.activeConnections().getOrDefault(pool, 0)).toArray());
        }
        LineChart routing = new LineChart("Where reads went", "reads per second")
                .series("replica", x, perSecond(tl.stream().mapToDouble(TimelinePoint::replicaReads).toArray(), interval))
                .series("primary", x, perSecond(tl.stream().mapToDouble(TimelinePoint::primaryReads).toArray(), interval))
                .series("fallbacks", x, perSecond(tl.stream().mapToDouble(TimelinePoint::replicaFallbacks).toArray(), interval));
        for (RunEvent e : load.events()) {
            for (LineChart c : List.of(throughput, latency, connections, routing)) {
                c.marker(e.second(), e.name());
            }
        }
        for (LineChart c : List.of(throughput, latency, connections, routing)) {
            html.append("<div>").append(c.render()).append("</div>");
        }
    }

    private static double[] perSecond(double[] counts, double[] interval) {
        double[] rate = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            rate[i] = counts[i] / interval[i];
        }
        return rate;
    }

    private static String eventsTable(List<RunEvent> events) {
        StringBuilder t = new StringBuilder("<table><tr><th>step</th><th>at s</th><th>took ms</th><th>result</th></tr>");
        for (RunEvent e : events) {
            t.append("<tr><td>").append(Svg.esc(e.name())).append("</td><td>").append(e.second()).append("</td><td>")
                    .append(e.tookMs()).append("</td><td class=\"").append(e.ok() ? "ok" : "bad").append("\">")
                    .append(Svg.esc(e.note())).append("</td></tr>");
        }
        return t.append("</table>").toString();
    }

    private static String answers(CampusReport r) {
        return String.format(Locale.ROOT, "<table><tr><th>acknowledged</th><th>failed</th><th>stored (counted on the "
                + "primary)</th><th>summaries grew by</th><th>lost</th></tr><tr><td>%,d</td><td>%,d</td><td>%,d</td>"
                + "<td>%,d</td><td class=\"%s\">%,d</td></tr></table>", r.answers().acknowledged(), r.answers().failed(),
                r.answers().stored(), r.answers().summaryGrowth(), r.answers().nothingLost() ? "ok" : "bad",
                r.answers().lost());
    }

    private static String dataset(CampusReport.Dataset d) {
        StringBuilder t = new StringBuilder(String.format(Locale.ROOT, "<p>%,d schools, %,d classes, %,d students, "
                + "%,d teachers; %,d rows loaded with COPY in %.1f s (schema, rows, indexes, statistics).</p>"
                + "<table><tr><th>table</th><th>rows</th></tr>", d.schools(), d.classes(), d.students(), d.teachers(),
                d.totalRows(), d.loadMillis() / 1000.0));
        d.rows().forEach((table, rows) -> t.append("<tr><td>").append(Svg.esc(table)).append("</td><td>")
                .append(String.format(Locale.ROOT, "%,d", rows)).append("</td></tr>"));
        return t.append("</table>").toString();
    }
}
