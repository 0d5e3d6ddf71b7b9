package io.losseval.job.report;

import static io.losseval.job.report.Html.escape;
import static io.losseval.job.result.TextFormat.plural;

import io.losseval.job.config.JobConfig;
import io.losseval.job.config.JobConfig.Comparison;
import io.losseval.job.config.JobConfig.Evaluation;
import io.losseval.job.config.JobConfig.Threshold;
import io.losseval.job.output.Json;
import io.losseval.job.output.RunRecord;
import io.losseval.job.output.SummaryJson;
import io.losseval.job.result.ComparisonVerdict.Conclusion;
import io.losseval.job.result.ResultRow;
import io.losseval.job.result.SliceKey;
import io.losseval.job.result.TextFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The report's charts: for each evaluation, the loss per slice value, one chart per slice (sorted
 * from the highest, the overall value and every-slice limits marked, interval whiskers where the
 * result has an interval); for each comparison, candidate - baseline per slice value with its
 * interval and the zero line. A chart shows at most {@code report.max-chart-values} bars, the
 * highest; the table has every row. Here the charts are data and HTML figures with text
 * alternatives; the page's script draws them.
 */
final class ReportCharts {
  /** Charts with more bars than this take the whole width. */
  static final int WIDE = 16;

  private ReportCharts() {}

  /** One bar: a slice value's number. */
  public record Bar(
      String label,
      Double value,
      Double lower,
      Double upper,
      long rows,
      boolean violated,
      Conclusion conclusion) {}

  /**
   * A vertical line across a chart: a threshold's limit.
   *
   * @param overall whether it limits the overall value only (else every slice value)
   * @param violated whether the threshold was violated (drawn red)
   */
  record Limit(String label, double value, boolean overall, boolean violated) {}

  /**
   * One chart: {@code result} per value of one slice.
   *
   * @param total the slice's values in all; {@code bars} holds at most the configured number
   */
  record Chart(
      String id,
      String result,
      boolean comparison,
      List<String> slice,
      int total,
      List<Bar> bars,
      Double overall,
      List<Limit> limits,
      boolean interval) {

    /** A text alternative: what the chart shows, its extremes and the overall value. */
    public String description() {
      StringBuilder d =
          new StringBuilder(
              result
                  + (comparison ? " (candidate minus baseline)" : "")
                  + " by "
                  + String.join(", ", slice)
                  + ": "
                  + plural(total, "value")
                  + (bars.size() < total ? ", the " + bars.size() + " highest shown" : "")
                  + ", sorted from the highest.");
      int listed = Math.min(bars.size(), 8);
      for (int i = 0; i < listed; i++) {
        Bar b = bars.get(i);
        d.append(i == 0 ? " " : "; ")
            .append(b.label())
            .append(" ")
            .append(TextFormat.number(b.value()));
      }
      if (listed < bars.size()) {
        d.append("; ...");
      }
      d.append(".");
      if (overall != null) {
        d.append(" Overall ").append(TextFormat.number(overall)).append(".");
      }
      for (Limit l : limits) {
        d.append(" Limit ").append(l.label()).append(".");
      }
      return d.toString();
    }
  }

  /** Every chart of the run, evaluations first, then comparisons; ids in that order. */
  static List<Chart> charts(RunRecord run) {
    JobConfig config = run.config();
    int max =
        config.report() == null
            ? JobConfig.ReportSpec.DEFAULT_MAX_CHART_VALUES
            : config.report().maxChartValues();
    List<Chart> out = new ArrayList<>();
    List<String> results = new ArrayList<>();
    config.evaluations().forEach(e -> results.add(e.name()));
    config.comparisons().forEach(c -> results.add(c.name()));
    ResultRow overall = run.overall();
    for (String result : results) {
      boolean comparison = config.evaluations().stream().noneMatch(e -> e.name().equals(result));
      for (int s = 0; s < config.slices().size(); s++) {
        List<String> slice = config.slices().get(s);
        if (slice.isEmpty()) {
          continue;
        }
        List<Bar> bars = new ArrayList<>();
        boolean interval = false;
        for (ResultRow r : run.rows()) {
          if (r.slice().index() != s) {
            continue;
          }
          interval |= r.hasInterval(result);
          bars.add(
              new Bar(
                  label(r.slice()),
                  r.value(result),
                  r.lower().get(result),
                  r.upper().get(result),
                  r.rows(),
                  run.breaksThreshold(result, r.slice()),
                  comparison ? Conclusion.of(r, result) : null));
        }
        bars.sort(Comparator.comparingDouble(ReportCharts::sortKey).reversed());
        out.add(
            new Chart(
                "chart-" + out.size(),
                result,
                comparison,
                slice,
                bars.size(),
                List.copyOf(bars.subList(0, Math.min(max, bars.size()))),
                overall == null ? null : overall.value(result),
                limits(run, result),
                interval));
      }
    }
    return out;
  }

  /** NULL and NaN sort below every number, so that a chart's top is its highest numbers. */
  private static double sortKey(Bar b) {
    return b.value() == null || b.value().isNaN() ? Double.NEGATIVE_INFINITY : b.value();
  }

  /** The slice value as a chart label: the keys joined by " · ", NULL as "NULL". */
  public static String label(SliceKey slice) {
    List<String> parts = new ArrayList<>();
    slice.values().forEach(v -> parts.add(TextFormat.value(v)));
    return String.join(" \u00b7 ", parts);
  }

  /**
   * The limits of the thresholds on {@code result}: those every slice value must meet, and those of
   * the overall value ("overall ..."), each marked violated when its threshold was.
   */
  private static List<Limit> limits(RunRecord run, String result) {
    List<Limit> out = new ArrayList<>();
    for (Threshold t : run.config().thresholds()) {
      if (!t.result().equals(result)) {
        continue;
      }
      boolean violated = run.summary().violations().stream().anyMatch(o -> o.threshold() == t);
      String subject =
          (t.everySlice() ? "" : "overall ")
              + (t.bound() == JobConfig.Bound.VALUE ? "" : t.bound().key() + " ");
      if (t.max() != null) {
        out.add(new Limit(subject + "\u2264 " + t.max(), t.max(), !t.everySlice(), violated));
      }
      if (t.min() != null) {
        out.add(new Limit(subject + "\u2265 " + t.min(), t.min(), !t.everySlice(), violated));
      }
    }
    return out;
  }

  /** The charts as the page's script reads them. */
  public static Map<String, Object> data(RunRecord run) {
    List<Object> charts = new ArrayList<>();
    for (Chart c : charts(run)) {
      List<Object> bars = new ArrayList<>();
      for (Bar b : c.bars()) {
        bars.add(
            SummaryJson.map(
                "label",
                b.label(),
                "value",
                Json.number(b.value()),
                "lower",
                Json.number(b.lower()),
                "upper",
                Json.number(b.upper()),
                "rows",
                b.rows(),
                "violated",
                b.violated(),
                "conclusion",
                b.conclusion() == null ? null : b.conclusion().key()));
      }
      charts.add(
          SummaryJson.map(
              "id",
              c.id(),
              "kind",
              c.comparison() ? "comparison" : "loss",
              "result",
              c.result(),
              "slice",
              String.join(", ", c.slice()),
              "total",
              c.total(),
              "overall",
              Json.number(c.overall()),
              "interval",
              c.interval(),
              "limits",
              c.limits().stream()
                  .map(
                      l ->
                          SummaryJson.map(
                              "label",
                              l.label(),
                              "value",
                              l.value(),
                              "overall",
                              l.overall(),
                              "violated",
                              l.violated()))
                  .toList(),
              "bars",
              bars));
    }
    return SummaryJson.map("charts", charts);
  }

  /** The evaluations' and comparisons' sections, each result with its charts. */
  static void sections(StringBuilder b, RunRecord run) {
    List<Chart> charts = charts(run);
    JobConfig config = run.config();
    ResultRow overall = run.overall();
    b.append("<section aria-labelledby=\"losses-h\">\n<h2 id=\"losses-h\">Loss per slice</h2>\n")
        .append("<p class=\"hint\">Bars are sorted from the highest loss. The dark line marks ")
        .append("the overall value (red when an overall limit is broken), a dashed line a ")
        .append("threshold's limit: of every slice value, or of the overall value (\"limit ")
        .append("overall\"); red where it was broken, grey where it held. Red bars break a limit ")
        .append("of every slice value. Whiskers show the confidence interval where an evaluation ")
        .append("has one. Hover a bar for its numbers.</p>\n");
    for (Evaluation e : config.evaluations()) {
      b.append("<article class=\"result\" id=\"result-")
          .append(escape(e.name()))
          .append("\">\n")
          .append("<h3>")
          .append(escape(e.name()))
          .append("</h3>\n<p class=\"about\">")
          .append(escape(e.describe()));
      if (overall != null) {
        b.append(" &middot; overall <strong>")
            .append(escape(TextFormat.interval(overall, e.name())))
            .append("</strong>");
      }
      long[] counted = run.evaluationRows(e.name());
      b.append(" &middot; ")
          .append(plural(counted[0], "row"))
          .append(counted[1] > 0 ? ", " + TextFormat.count(counted[1]) + " skipped (NULL)" : "")
          .append("</p>\n");
      figures(b, charts, e.name());
      b.append("</article>\n");
    }
    b.append("</section>\n");
    if (config.comparisons().isEmpty()) {
      return;
    }
    b.append("<section aria-labelledby=\"comparisons-h\">\n<h2 id=\"comparisons-h\">")
        .append("Comparisons: candidate &minus; baseline per slice</h2>\n")
        .append("<p class=\"hint\">Above zero the candidate's loss is higher (worse). Red: the ")
        .append("interval lies wholly above zero; green: wholly below; grey: it holds zero.</p>\n");
    for (Comparison c : config.comparisons()) {
      b.append("<article class=\"result\" id=\"result-")
          .append(escape(c.name()))
          .append("\">\n")
          .append("<h3>")
          .append(escape(c.name()))
          .append("</h3>\n<p class=\"about\">")
          .append(escape(c.candidate()))
          .append(" &minus; ")
          .append(escape(c.baseline()));
      if (overall != null) {
        b.append(" &middot; overall <strong>")
            .append(escape(TextFormat.interval(overall, c.name())))
            .append("</strong>");
      }
      b.append("</p>\n");
      figures(b, charts, c.name());
      b.append("</article>\n");
    }
    b.append("</section>\n");
  }

  private static void figures(StringBuilder b, List<Chart> charts, String result) {
    List<Chart> own = charts.stream().filter(c -> c.result().equals(result)).toList();
    if (own.isEmpty()) {
      b.append("<p class=\"hint\">Only the overall slice was evaluated: add slices to see ")
          .append("the loss per slice value.</p>\n");
      return;
    }
    b.append("<div class=\"charts\">\n");
    for (Chart c : own) {
      b.append("<figure class=\"chart-card")
          .append(c.bars().size() > WIDE ? " wide" : "")
          .append("\">\n<figcaption>by <strong>")
          .append(escape(String.join(", ", c.slice())))
          .append("</strong> <span class=\"count\">")
          .append(plural(c.total(), "value"))
          .append("</span></figcaption>\n")
          .append("<div class=\"chart\" id=\"")
          .append(c.id())
          .append("\" role=\"img\" aria-label=\"")
          .append(escape(c.description()))
          .append("\" style=\"height:")
          .append(height(c.bars().size()))
          .append("px\"></div>\n");
      if (c.bars().size() < c.total()) {
        b.append("<p class=\"note\">The ")
            .append(c.bars().size())
            .append(" highest of ")
            .append(c.total())
            .append(" values; all are in the table below.</p>\n");
      }
      b.append("</figure>\n");
    }
    b.append("</div>\n");
  }

  /** A chart's height in pixels: room for each bar's label, and for the axis and line labels. */
  public static int height(int bars) {
    return 84 + 26 * Math.max(bars, 2);
  }
}
