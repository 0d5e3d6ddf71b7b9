package io.losseval.job.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.losseval.job.ReportFixtures;
import io.losseval.job.config.ConfigReader;
import io.losseval.job.config.JobConfig;
import io.losseval.job.output.Json;
import io.losseval.job.output.RunRecord;
import io.losseval.job.report.ReportCharts.Bar;
import io.losseval.job.report.ReportCharts.Chart;
import io.losseval.job.result.ComparisonVerdict.Conclusion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report page rendered from run records made without Spark: charts with whiskers and
 * comparisons when results carry intervals, none without; the verdict; escaping; and a page that
 * needs nothing from the network. ReportBrowserTest looks at the same page in Chromium.
 */
class ReportPageTest {
  @TempDir Path dir;

  @Test
  void resultsWithIntervalsGetWhiskersAndComparisonsGetTheirOwnCharts() {
    RunRecord run = ReportFixtures.withIntervals(dir);
    List<Chart> charts = ReportCharts.charts(run);
    assertEquals(
        List.of("ce_new", "ce_new", "ce_old", "ce_old", "ce_change", "ce_change"),
        charts.stream().map(Chart::result).toList(),
        "each result by each slice with columns");
    Chart byVersion = charts.get(0);
    assertTrue(byVersion.interval());
    assertEquals(
        List.of("v1", "v2", "v3", "NULL"),
        byVersion.bars().stream().map(Bar::label).toList(),
        "sorted from the highest loss");
    Bar v1 = byVersion.bars().get(0);
    assertEquals(0.62, v1.value());
    assertEquals(0.612, v1.lower(), 1e-12);
    assertEquals(0.628, v1.upper(), 1e-12);
    assertTrue(v1.violated(), "v1 breaks ce_new <= 0.6 in every slice");
    assertFalse(byVersion.bars().get(1).violated());
    assertEquals(0.41, byVersion.overall());
    assertEquals(
        List.of(
            new ReportCharts.Limit("overall \u2264 0.5", 0.5, true, false),
            new ReportCharts.Limit("\u2264 0.6", 0.6, false, true)),
        byVersion.limits(),
        "the overall limit (held) and the every-slice one (violated, by v1)");

    Chart byCountry = charts.get(1);
    assertEquals(ReportFixtures.COUNTRIES + 2, byCountry.total());
    assertEquals(30, byCountry.bars().size(), "max-chart-values");
    assertEquals("ZZ", byCountry.bars().get(0).label());
    assertNull(byCountry.bars().get(0).lower(), "too few rows for an interval: no whisker");
    assertTrue(
        byCountry.bars().stream().noneMatch(b -> b.label().equals("NN")),
        "NaN sorts below every number");

    Chart change = charts.get(4);
    assertTrue(change.comparison());
    assertEquals(
        List.of(Conclusion.WORSE, Conclusion.UNCLEAR, Conclusion.BETTER, Conclusion.BETTER),
        change.bars().stream().map(Bar::conclusion).toList(),
        "v1 +0.07, NULL 0, v2 -0.01 and v3 -0.09, each +-0.008");
    assertEquals(
        List.of(new ReportCharts.Limit("upper \u2264 0.01", 0.01, false, true)), change.limits());

    String html = ReportPage.render(run);
    assertTrue(html.contains("<h2 id=\"comparisons-h\">"), "a comparisons section");
    assertTrue(
        html.contains("<button type=\"button\">ce_new_lower</button>"),
        "the table shows the bounds");
    assertTrue(
        html.contains(
            "aria-label=\"ce_change (candidate minus baseline) by "
                + "model_version: 4 values, sorted from the highest. v1 0.07;"),
        "a comparison chart's text alternative says what it shows");
  }

  @Test
  void withoutIntervalsTheChartsHaveNoWhiskersAndThePageNoComparisons() throws Exception {
    RunRecord run = ReportFixtures.plain(dir);
    JsonNode data = new ObjectMapper().readTree(Json.write(ReportCharts.data(run), false));
    assertEquals(4, data.get("charts").size());
    for (JsonNode chart : data.get("charts")) {
      assertFalse(chart.get("interval").asBoolean(), chart.toString());
      for (JsonNode bar : chart.get("bars")) {
        assertTrue(bar.get("lower").isNull() && bar.get("upper").isNull(), bar.toString());
      }
    }
    String html = ReportPage.render(run);
    assertFalse(html.contains("comparisons-h"));
    assertFalse(html.contains("_lower</button>"));
  }

  @Test
  void theVerdictNamesEachViolatedThresholdWithSliceValueAndLimit() {
    String html = ReportPage.render(ReportFixtures.withIntervals(dir));
    assertTrue(html.contains("Verdict: 2 of 3 thresholds violated"), html);
    assertTrue(
        html.contains("Exit code 3: the results were written, but a threshold was " + "violated."));
    assertTrue(
        html.contains(
            "<span class=\"badge good\">&#x2713; Held</span></td><td>ce_new "
                + "\u2264 0.5 overall</td>"));
    assertTrue(
        html.contains(
            "ce_new = 0.62 (interval [0.612, 0.628]) in model_version=v1 "
                + "&mdash; 0.02 above the maximum 0.6"),
        "value, interval, slice and limit");
    assertTrue(
        html.contains(
            "ce_change.upper = 0.078 (interval [0.062, 0.078]) in "
                + "model_version=v1 &mdash; 0.068 above the maximum 0.01"),
        "a limit on a bound");
    assertTrue(
        html.contains(
            "ce_new = NaN (interval [NaN, NaN]) in country=NN &mdash; not a "
                + "number, which breaks every limit"));
    assertTrue(html.contains("<strong>ce_change</strong>: ce_new &minus; ce_old"));
  }

  /** The header says what bucketed each interval's rows: a key, or the rows' own values. */
  @Test
  void thePageSaysWhatBucketedEachIntervalsRows() throws Exception {
    assertTrue(
        ReportPage.render(ReportFixtures.withIntervals(dir))
            .contains("<div><dt>Interval buckets</dt><dd>ce_change by row values</dd></div>"));
    assertFalse(
        ReportPage.render(ReportFixtures.plain(dir)).contains("Interval buckets"),
        "no interval, no line");
    Path conf = dir.resolve("keyed.conf");
    java.nio.file.Files.writeString(
        conf,
        ReportFixtures.CONFIG
            .replace(
                "ce_new { loss = cross_entropy, columns = [logits_new, target] }",
                "ce_new { loss = cross_entropy, columns = [logits_new, target], key = user_id }")
            .replace(
                "ce_old { loss = cross_entropy, columns = [logits_old, target] }",
                "ce_old { loss = cross_entropy, columns = [logits_old, target], confidence = 0.9 }"));
    JobConfig keyed = ConfigReader.read(conf, List.of());
    RunRecord run = ReportFixtures.record(keyed, ReportFixtures.withIntervals(dir).rows());
    assertTrue(
        ReportPage.render(run)
            .contains(
                "<div><dt>Interval buckets</dt><dd>ce_new by key "
                    + "user_id; ce_old by row values</dd></div>"),
        keyed.intervalBucketing());
  }

  @Test
  void everyTextFromTheDataOrTheConfigurationIsEscaped() {
    String html = ReportPage.render(ReportFixtures.withIntervals(dir));
    assertFalse(html.contains(ReportFixtures.HTML_KEY));
    assertTrue(html.contains("<td data-v=\"&lt;script&gt;alert(1)&lt;/script&gt;\">"));
    assertTrue(html.contains("<title>Candidate &lt;b&gt;vs&lt;/b&gt; current</title>"));
    Matcher closing = Pattern.compile("(?i)</script").matcher(html);
    int count = 0;
    while (closing.find()) {
      count++;
    }
    assertEquals(3, count, "only the page's own three script elements end");
    assertEquals("a\\u003c/SCRIPT>b\\u003c!--c", Html.scriptText("a</SCRIPT>b<!--c"));
  }

  @Test
  void thePageIsSelfContainedAndOfAReasonableSize() {
    String html = ReportPage.render(ReportFixtures.withIntervals(dir));
    assertTrue(
        html.contains(
            "<meta http-equiv=\"Content-Security-Policy\" content=\""
                + "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                + "img-src data:\">"),
        "the browser refuses every request");
    String markup = Pattern.compile("(?is)<script[^>]*>.*?</script>").matcher(html).replaceAll("");
    assertFalse(
        Pattern.compile("(?i)<(script|link|img|iframe|object|embed)\\b[^>]*\\b(src|href)=")
            .matcher(markup)
            .find(),
        "nothing loaded from elsewhere");
    assertTrue(html.contains("echarts"), "ECharts is inlined");
    assertTrue(html.contains("Apache ECharts: NOTICE</h4><pre>Apache ECharts"), "with its notice");
    assertTrue(ReportPage.isReport(html.substring(0, 1000)), "marked as the job's page");
    int bytes = html.getBytes(StandardCharsets.UTF_8).length;
    assertTrue(bytes < 1_300_000, "ECharts (about 1 MB) and the data: " + bytes);
  }

  @Test
  void aTemplateIsFilledOncePerPlaceholder() {
    assertEquals(
        "<p>{{b}}</p>-2",
        ReportPage.fill("<p>{{a}}</p>-{{b}}", Map.of("a", "{{b}}", "b", "2")::get),
        "replacements are not searched again");
  }
}
