package io.losseval.job.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.losseval.job.ExitCode;
import io.losseval.job.JobRun;
import io.losseval.job.ReportFixtures;
import io.losseval.job.config.JobConfig;
import io.losseval.testing.Chromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report looked at in a real browser: headless Chromium opens the page of a small real job run
 * (and a page with intervals and a comparison, made without Spark), takes a screenshot (kept in
 * target/report-browser/ for a person to look at), and checks that every chart is drawn (its SVG
 * and bars exist and have a size, the bars that break a limit are red, whiskers are drawn where
 * there are intervals), that the verdict shows the violated threshold, that the page asks for
 * nothing but files and data URLs, and that its console stays free of errors. Without Chromium the
 * test fails in CI (CI=true) and is skipped elsewhere; tools/install-chromium installs it.
 */
public class ReportBrowserTest {
  static final Path SHOTS = Path.of("target", "report-browser");
  static final String BAR = "#3f6ea5";
  static final String BAD = "#b3261e";
  static final String INK = "#1f2430";

  @TempDir Path dir;

  /** How to install the browser; tools/install-chromium says the same where it cannot. */
  public static final String HOW_TO_INSTALL =
      "install it with 'sudo apt-get install chromium "
          + "fonts-dejavu-core' (Debian, Ubuntu) or your system's package manager, so that chromium "
          + "is on the PATH";

  static Path chromium() {
    Path found = Chromium.find();
    if (found == null) {
      String hint =
          "Chromium is not installed: "
              + HOW_TO_INSTALL
              + " (tools/install-chromium "
              + "does so as root)";
      if (System.getenv("CI") != null) {
        fail(hint);
      }
      assumeTrue(false, hint);
    }
    return found;
  }

  @Test
  void theReportOfARealJobRunIsDrawnOfflineWithoutErrors() throws Exception {
    Path browser = chromium();
    JobRun run =
        exampleRun(
            "[{result = val_ce, max = 1.0}, "
                + "{result = val_bce, max = 0.22, scope = every-slice}]");
    Path page = dir.resolve("results").resolve(JobConfig.ReportSpec.IN_OUTPUT);
    List<String> lines = run.out().strip().lines().toList();
    assertEquals("report: " + page.toUri(), lines.get(lines.size() - 1), "the last line");

    try (Chromium c = open(browser, page, "job")) {
      JsonNode charts = charts(c);
      assertEquals(10, charts.size(), "5 evaluations by 2 slices with columns: " + charts);
      for (JsonNode chart : charts) {
        assertDrawn(chart);
      }
      // val_bce <= 0.2 in every slice: v1 (~0.28) breaks it, overall and in each country.
      JsonNode bceByVersion = charts.get(4);
      assertEquals("chart-4", bceByVersion.get("id").asText());
      assertEquals(1, bceByVersion.get("red").asInt(), "v1 is red: " + bceByVersion);
      assertEquals(2, bceByVersion.get("blue").asInt(), bceByVersion.toString());
      assertEquals(5, charts.get(5).get("red").asInt(), "v1 in 5 countries: " + charts.get(5));
      assertTrue(bceByVersion.get("text").asText().contains("v1"), bceByVersion.toString());
      assertTrue(
          bceByVersion.get("text").asText().contains("limit \u2264 0.22"), bceByVersion.toString());

      String verdict = c.evaluate("document.querySelector('.verdict').innerText").asText();
      assertTrue(verdict.contains("Verdict: 1 of 2 thresholds violated"), verdict);
      assertTrue(verdict.contains("val_bce \u2264 0.22 in every slice"), verdict);
      assertTrue(verdict.contains("Violated in 6 slice values"), verdict);
      assertTrue(verdict.contains("in model_version=v1, country=BR"), verdict);
      assertTrue(
          c.evaluate("getComputedStyle(document.querySelector('.verdict h2')).color")
              .asText()
              .equals("rgb(179, 38, 30)"),
          "the headline is red");

      assertSortable(c);
      assertOffline(c);
    }
  }

  @Test
  void aViolatedOverallLimitIsDrawnRedAndNoLabelLeavesItsChart() throws Exception {
    // Issue 21: "ce <= 1.0 overall" failed, and its chart drew no limit and nothing red.
    Path browser = chromium();
    exampleRun("[{result = val_ce, max = 0.3}, {result = val_bce, min = 0.01}]");
    Path page = dir.resolve("results").resolve(JobConfig.ReportSpec.IN_OUTPUT);
    try (Chromium c = open(browser, page, "overall-violation")) {
      JsonNode charts = charts(c);
      for (JsonNode chart : charts) {
        assertDrawn(chart);
      }
      JsonNode ce = charts.get(2);
      assertTrue(ce.get("text").asText().contains("limit overall \u2264 0.3"), ce.toString());
      JsonNode bce = charts.get(4);
      assertTrue(bce.get("text").asText().contains("limit overall \u2265 0.01"), bce.toString());
      String strokes =
          "id => Array.from(document.getElementById(id).querySelectorAll('path'))"
              + ".filter(p => (p.getAttribute('stroke') || '').toLowerCase() === '"
              + BAD
              + "').length";
      assertTrue(
          c.evaluate("(" + strokes + ")('chart-2')").asInt() >= 2,
          "the violated limit and the overall line are red");
      assertEquals(
          0,
          c.evaluate("(" + strokes + ")('chart-4')").asInt(),
          "a held overall limit is not red (val_bce has no violation)");
      JsonNode clipped =
          c.evaluate(
              "Array.from(document.querySelectorAll('.chart svg'))"
                  + ".flatMap(svg => { const r = svg.getBoundingClientRect();"
                  + " return Array.from(svg.querySelectorAll('text')).filter(t => {"
                  + "   const b = t.getBoundingClientRect();"
                  + "   return b.width > 0 && (b.left < r.left - 0.5 || b.right > r.right + 0.5"
                  + "     || b.top < r.top - 0.5 || b.bottom > r.bottom + 0.5); })"
                  + "   .map(t => t.textContent); })");
      assertEquals(0, clipped.size(), "labels running off their chart: " + clipped);
      c.evaluate("document.getElementById('chart-2').scrollIntoView()");
      Files.write(SHOTS.resolve("overall-violation-val_ce.png"), c.screenshot());
      assertOffline(c);
    }
  }

  @Test
  void intervalsAndComparisonsAreDrawnWithWhiskersAndTheZeroLine() throws Exception {
    Path browser = chromium();
    Path page = dir.resolve("intervals.html");
    Files.writeString(page, ReportPage.render(ReportFixtures.withIntervals(dir)));
    try (Chromium c = open(browser, page, "intervals")) {
      JsonNode charts = charts(c);
      // ce_new, ce_old and the comparison, each by model_version and by country.
      assertEquals(6, charts.size(), charts.toString());
      for (JsonNode chart : charts) {
        assertDrawn(chart);
        // Three strokes per bar with both bounds (the whisker and its caps): 4 model versions
        // (one a NULL key), and 30 of 38 countries shown, of which ZZ has none and NN is NaN.
        int bars = chart.get("bars").asInt();
        int expected = 3 * (bars == 4 ? 4 : 29);
        assertEquals(expected, chart.get("whiskers").asInt(), "whisker strokes: " + chart);
      }
      JsonNode changeByVersion = charts.get(4);
      assertTrue(
          changeByVersion.get("text").asText().contains("limit upper \u2264 0.01"),
          changeByVersion.toString());
      assertTrue(changeByVersion.get("green").asInt() >= 1, "v3 is better: " + changeByVersion);
      String verdict = c.evaluate("document.querySelector('.verdict').innerText").asText();
      assertTrue(verdict.contains("ce_change.upper \u2264 0.01 in every slice"), verdict);
      assertTrue(verdict.contains("ce_change: ce_new \u2212 ce_old"), verdict);
      String html = c.evaluate("document.documentElement.outerHTML").asText();
      assertFalse(html.contains(ReportFixtures.HTML_KEY), "a key is shown as text, never run");
      assertTrue(
          c.evaluate("document.body.innerText").asText().contains(ReportFixtures.HTML_KEY),
          "and it is shown");
      assertOffline(c);
    }
  }

  /**
   * The example job over 6,000 sample rows with {@code thresholds}, its results and report in
   * results/; a threshold must be violated (exit code 3).
   */
  private JobRun exampleRun(String thresholds) {
    JobRun run =
        JobRun.run(
            List.of(
                JobRun.EXAMPLE.toString(),
                "inputs.predictions.path=null",
                "inputs.predictions.format=null",
                "inputs.predictions.sample-rows=6000",
                "output.path=" + dir.resolve("results"),
                "output.overwrite=false",
                "thresholds=" + thresholds));
    assertEquals(ExitCode.THRESHOLD.code(), run.code(), run.toString());
    return run;
  }

  /** Opens {@code page}, waits until every chart holds an SVG, and keeps a screenshot. */
  private Chromium open(Path browser, Path page, String name) throws Exception {
    Chromium c = Chromium.start(browser, dir.resolve("profile-" + name), 1280, 900);
    try {
      c.navigate(page.toUri().toString());
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!c.evaluate(
              "Array.from(document.querySelectorAll('.chart'))"
                  + ".every(e => e.querySelector('svg'))")
          .asBoolean()) {
        if (System.nanoTime() > deadline) {
          fail("the charts were not drawn within 30 s; errors: " + c.errors);
        }
        Thread.sleep(100);
      }
      Files.createDirectories(SHOTS);
      Files.write(SHOTS.resolve(name + ".png"), c.screenshot());
      Files.copy(
          page, SHOTS.resolve(name + ".html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return c;
    } catch (Exception | AssertionError e) {
      c.close();
      throw e;
    }
  }

  /**
   * Per chart: its id, the SVG's size, how many bars (filled paths of a bar colour, with a size)
   * there are by colour, how many whisker strokes, its text, and the data's bar count.
   */
  private static JsonNode charts(Chromium c) throws Exception {
    return c.evaluate(
        "JSON.parse(document.getElementById('losseval-data').textContent).charts"
            + ".map(d => { const e = document.getElementById(d.id); const svg = e.querySelector('svg');"
            + " const r = svg.getBoundingClientRect();"
            + " const sized = p => { const b = p.getBoundingClientRect();"
            + "   return b.width > 0 && b.height > 0; };"
            + " const paths = Array.from(svg.querySelectorAll('path'));"
            + " const filled = f => paths.filter(p => (p.getAttribute('fill') || '').toLowerCase()"
            + "   === f && sized(p)).length;"
            + " return { id: d.id, width: r.width, height: r.height, bars: d.bars.length,"
            + "   numbers: d.bars.filter(b => typeof b.value === 'number' && b.value !== 0).length,"
            + "   blue: filled('"
            + BAR
            + "'), red: filled('"
            + BAD
            + "'),"
            + "   green: filled('#2e7d46'), grey: filled('#8d98aa'),"
            + "   whiskers: paths.filter(p => (p.getAttribute('stroke') || '').toLowerCase() === '"
            + INK
            + "' && p.getAttribute('stroke-width') === '1.5').length,"
            + "   text: Array.from(svg.querySelectorAll('text')).map(t => t.textContent).join('|') }; })");
  }

  private static void assertDrawn(JsonNode chart) {
    assertTrue(
        chart.get("width").asDouble() > 200 && chart.get("height").asDouble() > 100,
        "the chart has a size: " + chart);
    int bars =
        chart.get("blue").asInt()
            + chart.get("red").asInt()
            + chart.get("green").asInt()
            + chart.get("grey").asInt();
    assertEquals(chart.get("numbers").asInt(), bars, "one drawn bar per number: " + chart);
    assertTrue(chart.get("text").asText().contains("overall"), "overall marked: " + chart);
  }

  /** Sorting by a numeric column puts its highest value first, then its lowest. */
  private static void assertSortable(Chromium c) throws Exception {
    String firstRows =
        "Array.from(document.querySelectorAll('#results tbody tr'))"
            + ".filter(r => !r.hidden)[0].cells[%d].getAttribute('data-v')";
    int column =
        c.evaluate(
                "Array.from(document.querySelectorAll('#results th'))"
                    + ".findIndex(th => th.innerText.trim() === 'val_bce')")
            .asInt();
    assertTrue(column > 0);
    List<Double> firsts = new ArrayList<>();
    for (int click = 0; click < 2; click++) {
      c.evaluate("document.querySelectorAll('#results th button')[" + column + "].click()");
      firsts.add(Double.parseDouble(c.evaluate(String.format(firstRows, column)).asText()));
    }
    List<Double> all = new ArrayList<>();
    for (JsonNode v :
        c.evaluate(
            "Array.from(document.querySelectorAll('#results tbody tr'))"
                + ".map(r => r.cells["
                + column
                + "].getAttribute('data-v'))")) {
      all.add(Double.parseDouble(v.asText()));
    }
    assertEquals(all.stream().min(Double::compare).orElseThrow(), firsts.get(0), "ascending");
    assertEquals(all.stream().max(Double::compare).orElseThrow(), firsts.get(1), "descending");
  }

  /** Every request was for the page itself or data, and nothing went wrong in the console. */
  private static void assertOffline(Chromium c) {
    List<String> requests = List.copyOf(c.requests);
    assertFalse(requests.isEmpty(), "the page's own request is recorded");
    for (String url : requests) {
      assertTrue(
          url.startsWith("file:") || url.startsWith("data:") || url.startsWith("about:"),
          "a request left the machine: " + url);
    }
    assertEquals(List.of(), List.copyOf(c.errors), "console errors");
  }
}
