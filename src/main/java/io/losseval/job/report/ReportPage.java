package io.losseval.job.report;

import static io.losseval.job.report.Html.escape;
import static io.losseval.job.report.Html.scriptText;
import static io.losseval.job.result.TextFormat.count;
import static io.losseval.job.result.TextFormat.interval;
import static io.losseval.job.result.TextFormat.number;
import static io.losseval.job.result.TextFormat.plural;
import static io.losseval.job.result.TextFormat.symbols;

import io.losseval.job.config.JobConfig.Comparison;
import io.losseval.job.config.JobConfig.InputSpec;
import io.losseval.job.config.JobConfig.Threshold;
import io.losseval.job.output.Json;
import io.losseval.job.output.RunRecord;
import io.losseval.job.output.SummaryJson;
import io.losseval.job.output.Versions;
import io.losseval.job.result.ComparisonVerdict;
import io.losseval.job.result.ComparisonVerdict.Conclusion;
import io.losseval.job.result.RunSummary;
import io.losseval.job.result.ThresholdOutcome;
import io.losseval.job.result.ThresholdVerdict;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The report: one self-contained HTML page that opens offline in any browser. The header says when,
 * how long, what was read and how it was configured; the verdict lists every threshold and
 * comparison; charts show each evaluation's loss per slice value and each comparison's difference
 * ({@link ReportCharts}); the full results table sorts by any column. The page's text, the verdict
 * and the table are plain HTML, readable without scripts; the charts are drawn by Apache ECharts,
 * inlined with its licence, and the page's Content-Security-Policy forbids every request, so
 * nothing is ever fetched.
 */
public final class ReportPage {
  /** Marks a page the job wrote, so that a later run may replace it at {@code report.path}. */
  static final String GENERATOR =
      "<meta name=\"generator\" content=\"spark-loss-evaluator report\">";

  private static final String RESOURCES = "/io/losseval/job/report/";
  private static final String ECHARTS = RESOURCES + "echarts/";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z]+)}}");
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  /** Violations listed per threshold in the verdict; the table and the run record have all. */
  static final int VIOLATIONS_SHOWN = 20;

  private ReportPage() {}

  /** Whether a file's beginning is a page this class wrote. */
  public static boolean isReport(String head) {
    return head.contains(GENERATOR);
  }

  public static String render(RunRecord run) {
    Map<String, String> parts = new LinkedHashMap<>();
    parts.put("generator", GENERATOR);
    parts.put("title", escape(run.title()));
    parts.put("css", resource(RESOURCES + "report.css"));
    parts.put("body", body(run));
    parts.put("data", scriptText(Json.write(ReportCharts.data(run), false)));
    parts.put("echarts", scriptText(resource(ECHARTS + "echarts.min.js")));
    parts.put("script", scriptText(resource(RESOURCES + "report.js")));
    return fill(resource(RESOURCES + "report.html"), parts::get);
  }

  /** {@code template} with each {{name}} replaced once; replacements are not searched again. */
  public static String fill(String template, Function<String, String> parts) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String part = parts.apply(m.group(1));
      if (part == null) {
        throw new IllegalStateException("report template: no part named " + m.group(0));
      }
      m.appendReplacement(out, Matcher.quoteReplacement(part));
    }
    return m.appendTail(out).toString();
  }

  private static String body(RunRecord run) {
    StringBuilder b = new StringBuilder();
    header(b, run);
    b.append("<main class=\"wrap\">\n");
    verdict(b, run);
    ReportCharts.sections(b, run);
    ReportTable.section(b, run);
    b.append("</main>\n");
    footer(b, run);
    return b.toString();
  }

  private static void header(StringBuilder b, RunRecord run) {
    RunSummary s = run.summary();
    b.append("<header class=\"masthead\"><div class=\"wrap\">\n")
        .append("<p class=\"eyebrow\">Loss evaluation report</p>\n")
        .append("<h1>")
        .append(escape(run.title()))
        .append("</h1>\n")
        .append("<p class=\"lede\">")
        .append(count(s.inputRows()))
        .append(" rows, ")
        .append(plural(s.evaluations(), "evaluation"))
        .append(", ")
        .append(plural(s.slices(), "slice"))
        .append(", ")
        .append(plural(s.resultRows(), "result row"))
        .append(" &middot; ")
        .append(escape(WHEN.format(run.started())))
        .append("</p>\n")
        .append("<dl class=\"facts\">\n");
    fact(b, "Started", WHEN.format(run.started()));
    fact(
        b,
        "Took",
        String.format(
            Locale.ROOT,
            "%.1f s evaluating, %.1f s writing",
            run.evaluationSeconds(),
            run.writeSeconds()));
    fact(
        b, "Input rows", count(s.inputRows()) + " (" + s.throughput(run.evaluationSeconds()) + ")");
    List<String> inputs = new ArrayList<>();
    for (InputSpec in : run.config().inputs().values()) {
      inputs.add(
          in.name()
              + ": "
              + switch (in.kind()) {
                case PATH -> in.path() + " (" + in.format() + ")";
                case TABLE -> "table " + in.table();
                case SAMPLE -> count(in.sampleRows()) + " generated sample rows";
              });
    }
    fact(b, inputs.size() == 1 ? "Input" : "Inputs", String.join("\n", inputs));
    fact(
        b,
        "Evaluated",
        run.config().query() != null
            ? run.config().query().strip()
            : "input " + run.config().from());
    String bucketing = run.config().intervalBucketing();
    if (!bucketing.isEmpty()) {
      fact(b, "Interval buckets", bucketing);
    }
    fact(
        b,
        "Results",
        s.output() == null
            ? "console only (no output configured)"
            : s.output() + " (" + s.format() + ")");
    fact(
        b,
        "Configuration",
        run.configFile()
            + (run.overrides().isEmpty()
                ? ""
                : " with " + plural(run.overrides().size(), "command-line override")));
    Versions v = run.versions();
    fact(
        b,
        "Versions",
        v.losseval() + ", Spark " + v.spark() + ", Scala " + v.scala() + ", Java " + v.java());
    b.append("</dl>\n<details class=\"config\"><summary>Resolved configuration</summary>\n");
    if (!run.overrides().isEmpty()) {
      b.append("<p>Command-line overrides, in order:</p>\n<pre>")
          .append(escape(String.join("\n", run.overrides())))
          .append("</pre>\n");
    }
    b.append("<pre>")
        .append(escape(Json.write(run.config().resolved(), true)))
        .append(
            "</pre>\n<p class=\"hint\">After command-line overrides and substitutions; "
                + "values of keys that look like secrets are redacted.</p></details>\n")
        .append("</div></header>\n");
  }

  private static void fact(StringBuilder b, String name, String value) {
    b.append("<div><dt>")
        .append(escape(name))
        .append("</dt><dd>")
        .append(escape(value))
        .append("</dd></div>\n");
  }

  private static void verdict(StringBuilder b, RunRecord run) {
    List<ThresholdVerdict> verdicts = run.thresholdVerdicts();
    long violated = verdicts.stream().filter(v -> !v.held()).count();
    String state = verdicts.isEmpty() ? "none" : violated > 0 ? "violated" : "held";
    String headline =
        verdicts.isEmpty()
            ? "No thresholds configured"
            : violated > 0
                ? violated + " of " + plural(verdicts.size(), "threshold") + " violated"
                : (verdicts.size() == 1
                        ? "The threshold"
                        : "All " + verdicts.size() + " thresholds")
                    + " held";
    b.append("<section class=\"verdict verdict-")
        .append(state)
        .append(
            "\" aria-labelledby=\"verdict-h\">\n<h2 id=\"verdict-h\"><span class=\"mark\" "
                + "aria-hidden=\"true\">")
        .append(
            state.equals("violated") ? "&#x2717;" : state.equals("held") ? "&#x2713;" : "&#x2013;")
        .append("</span> Verdict: ")
        .append(escape(headline))
        .append("</h2>\n<p>Exit code ")
        .append(run.exitCode().code())
        .append(": ")
        .append(
            switch (run.exitCode()) {
              case OK ->
                  verdicts.isEmpty()
                      ? "the results were written."
                      : "the results were written and every threshold held.";
              case THRESHOLD -> "the results were written, but a threshold was violated.";
              default -> "the run failed.";
            })
        .append("</p>\n");
    if (!verdicts.isEmpty()) {
      b.append(
          "<table class=\"thresholds\"><thead><tr><th scope=\"col\">Status</th>"
              + "<th scope=\"col\">Threshold</th><th scope=\"col\">Checked</th>"
              + "<th scope=\"col\">Worst value</th></tr></thead>\n<tbody>\n");
      for (ThresholdVerdict v : verdicts) {
        threshold(b, v);
      }
      b.append("</tbody></table>\n");
    }
    List<ComparisonVerdict> comparisons = run.comparisonVerdicts();
    if (!comparisons.isEmpty()) {
      b.append("<h3>Comparisons</h3>\n<ul class=\"comparisons\">\n");
      for (ComparisonVerdict c : comparisons) {
        comparison(b, c);
      }
      b.append("</ul>\n");
    }
    b.append("</section>\n");
  }

  private static void threshold(StringBuilder b, ThresholdVerdict v) {
    b.append("<tr class=\"")
        .append(v.held() ? "held" : "violated")
        .append("\"><td>")
        .append(
            v.held()
                ? "<span class=\"badge good\">&#x2713; Held</span>"
                : "<span class=\"badge bad\">&#x2717; Violated</span>")
        .append("</td><td>")
        .append(escape(symbols(v.threshold().describe())))
        .append("</td><td>")
        .append(plural(v.checked(), "row"))
        .append("</td><td>")
        .append(v.worst() == null ? "&ndash;" : escape(outcome(v.worst())))
        .append("</td></tr>\n");
    if (v.held()) {
      return;
    }
    b.append("<tr class=\"violations\"><td></td><td colspan=\"3\"><p>Violated in ")
        .append(plural(v.violations().size(), "slice value"))
        .append(":</p>\n<ul>\n");
    List<ThresholdOutcome> shown =
        v.violations().subList(0, Math.min(VIOLATIONS_SHOWN, v.violations().size()));
    for (ThresholdOutcome o : shown) {
      b.append("<li>")
          .append(escape(outcome(o)))
          .append(" &mdash; ")
          .append(escape(beyond(o)))
          .append("</li>\n");
    }
    if (shown.size() < v.violations().size()) {
      b.append("<li>&hellip; and ")
          .append(v.violations().size() - shown.size())
          .append(" more (see the results table and ")
          .append(SummaryJson.FILE)
          .append(")</li>\n");
    }
    b.append("</ul></td></tr>\n");
  }

  /** How far a violating number lies beyond its limit: "0.05 above the maximum 0.22". */
  private static String beyond(ThresholdOutcome o) {
    Threshold t = o.threshold();
    Double v = o.value();
    if (v == null || v.isNaN()) {
      return (v == null ? "no value" : "not a number") + ", which breaks every limit";
    }
    if (t.max() != null && v > t.max()) {
      return number(v - t.max()) + " above the maximum " + number(t.max());
    }
    return number(t.min() - v) + " below the minimum " + number(t.min());
  }

  /** "0.7213 [0.70, 0.74] in model_version=v1, country=BR", with the checked number. */
  private static String outcome(ThresholdOutcome o) {
    return o.threshold().subject()
        + " = "
        + number(o.value())
        + (o.hasInterval()
            ? " (interval [" + number(o.lower()) + ", " + number(o.upper()) + "])"
            : "")
        + " in "
        + (o.slice().overall() ? "the overall slice" : o.slice().describe());
  }

  private static void comparison(StringBuilder b, ComparisonVerdict v) {
    Comparison c = v.comparison();
    Conclusion conclusion = v.conclusion();
    b.append("<li class=\"")
        .append(conclusion.key())
        .append("\"><strong>")
        .append(escape(c.name()))
        .append("</strong>: ")
        .append(escape(c.candidate()))
        .append(" &minus; ")
        .append(escape(c.baseline()));
    if (v.overall() != null) {
      b.append(" = ")
          .append(escape(interval(v.overall(), c.name())))
          .append(" overall: <span class=\"badge ")
          .append(
              switch (conclusion) {
                case WORSE -> "bad";
                case BETTER -> "good";
                default -> "neutral";
              })
          .append("\">")
          .append(escape(conclusion.text()))
          .append("</span>");
    }
    int slices = v.worse() + v.better() + v.unclear();
    if (slices > 0) {
      b.append("; in ")
          .append(plural(slices, "slice value"))
          .append(": worse in ")
          .append(v.worse())
          .append(", better in ")
          .append(v.better())
          .append(", no clear difference in ")
          .append(v.unclear());
    }
    b.append("</li>\n");
  }

  private static void footer(StringBuilder b, RunRecord run) {
    b.append("<footer class=\"wrap\"><p>Written by ")
        .append(escape(run.versions().losseval()))
        .append(". The results' exact values are in the output files")
        .append(run.summaryLocation() == null ? "" : " and in " + SummaryJson.FILE)
        .append(
            ". Charts drawn with Apache ECharts <span id=\"echarts-version\"></span>, "
                + "inlined in this page under the Apache License 2.0.</p>\n"
                + "<details><summary>Licence notices</summary>\n");
    for (String file : List.of("NOTICE", "LICENSE", "LICENSE-d3")) {
      b.append("<h4>Apache ECharts: ")
          .append(file)
          .append("</h4><pre>")
          .append(escape(resource(ECHARTS + file)))
          .append("</pre>\n");
    }
    b.append("</details></footer>\n");
  }

  private static String resource(String name) {
    try (InputStream in = ReportPage.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(
            "the report's resource "
                + name
                + " is missing from the "
                + "class path (the build unpacks ECharts there: mvn package)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }
}
