package dev.quadrangle.samples.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportTest {

    private static String html(boolean chaos) {
        CampusReport report = SampleReports.report(chaos);
        return HtmlReport.render(report, ReportJson.toJson(report));
    }

    @Test
    void drawsFiveInlineChartsAndFetchesNothing() {
        String html = html(false);
        assertThat(count(html, "<svg class=\"chart\"")).isEqualTo(5);
        assertThat(html).doesNotContain("src=\"http", "href=\"http", "<link");
        assertThat(html).contains("<polyline", "data-charts-rendered");
    }

    @Test
    void escapesTextAndTheEmbeddedJson() {
        String html = html(false);
        assertThat(html).contains("<title>Campus &lt;test&gt;</title>");
        assertThat(html.substring(0, html.indexOf("<script"))).doesNotContain("Campus <test>");
        String json = html.substring(html.indexOf("id=\"campus-report\">"), html.indexOf("</script>"));
        assertThat(json).contains("\"nothingLost\" : true").doesNotContain("</");
    }

    @Test
    void marksChaosStepsOnTheTimeChartsAndExplainsThem() {
        String html = html(true);
        assertThat(count(html, ">stop standby</text>")).isEqualTo(4);
        assertThat(html).contains("Chaos: what degraded", "standby stopped from 4.0 s to 10.4 s");
        assertThat(html).doesNotContain("Chaos: what degraded</h2><ul></ul>");
        assertThat(html(false)).doesNotContain("Chaos: what degraded", "Modules: routing, cache, storage");
        assertThat(html).contains("<h2>Modules: routing, cache, storage</h2><ul><li>routing: 209 reads fell back to "
                + "the primary &lt;standby down&gt;</li></ul>");
    }

    private static int count(String text, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
