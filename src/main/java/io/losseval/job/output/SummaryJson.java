package io.losseval.job.output;

import io.losseval.core.interval.IntervalOptions;
import io.losseval.job.config.JobConfig;
import io.losseval.job.config.JobConfig.Comparison;
import io.losseval.job.config.JobConfig.Evaluation;
import io.losseval.job.config.JobConfig.InputSpec;
import io.losseval.job.config.JobConfig.Threshold;
import io.losseval.job.result.ComparisonVerdict;
import io.losseval.job.result.ResultRow;
import io.losseval.job.result.ThresholdOutcome;
import io.losseval.job.result.ThresholdVerdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run record, {@value #FILE} in the output directory: the facts of the report's header and
 * verdict as JSON for schedulers, in the schema documented in docs/run-record.md. A change that
 * removes or renames a field, or changes its meaning, raises {@link #SCHEMA_VERSION}; adding a
 * field does not.
 */
public final class SummaryJson {
  /** The record's name in the output directory: Spark's readers skip names starting with '_'. */
  public static final String FILE = "_summary.json";

  static final int SCHEMA_VERSION = 1;

  private SummaryJson() {}

  public static String render(RunRecord run) {
    return Json.write(tree(run), true) + "\n";
  }

  /** The record as a JSON tree (maps, lists, scalars). */
  public static Map<String, Object> tree(RunRecord run) {
    JobConfig config = run.config();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("schema_version", SCHEMA_VERSION);
    out.put("title", run.title());
    out.put("exit_code", run.exitCode().code());
    out.put(
        "verdict",
        config.thresholds().isEmpty()
            ? "none"
            : run.summary().violations().isEmpty() ? "held" : "violated");
    out.put("started", run.started().toString());
    out.put(
        "timings",
        map("evaluation_seconds", run.evaluationSeconds(), "write_seconds", run.writeSeconds()));
    out.put(
        "configuration",
        map("file", run.configFile(), "overrides", run.overrides(), "resolved", config.resolved()));
    out.put("inputs", config.inputs().values().stream().map(SummaryJson::input).toList());
    out.put(
        "evaluated",
        config.query() != null ? map("query", config.query()) : map("from", config.from()));
    out.put("rows", map("input", run.summary().inputRows(), "results", run.rows().size()));
    out.put("slices", config.slices());
    ResultRow overall = run.overall();
    List<Object> evaluations = new ArrayList<>();
    for (Evaluation e : config.evaluations()) {
      long[] counted = run.evaluationRows(e.name());
      Map<String, Object> m =
          map(
              "name",
              e.name(),
              "loss",
              e.loss().name(),
              "columns",
              e.columns(),
              "reduction",
              e.reduction().sqlName(),
              "options",
              options(e.options()),
              "rows",
              counted[0],
              "skipped",
              counted[1]);
      m.put("interval", interval(e.interval(), e.key()));
      m.put("overall", overall == null ? null : result(overall, e.name()));
      evaluations.add(m);
    }
    out.put("evaluations", evaluations);
    List<Object> comparisons = new ArrayList<>();
    for (ComparisonVerdict v : run.comparisonVerdicts()) {
      Comparison c = v.comparison();
      comparisons.add(
          map(
              "name",
              c.name(),
              "candidate",
              c.candidate(),
              "baseline",
              c.baseline(),
              "interval",
              interval(c.interval(), c.key()),
              "overall",
              v.overall() == null ? null : result(v.overall(), c.name()),
              "conclusion",
              v.conclusion().key(),
              "slices",
              map("worse", v.worse(), "better", v.better(), "unclear", v.unclear())));
    }
    out.put("comparisons", comparisons);
    out.put("thresholds", run.thresholdVerdicts().stream().map(SummaryJson::threshold).toList());
    out.put(
        "output",
        config.output() == null
            ? null
            : map(
                "path",
                run.summary().output(),
                "format",
                run.summary().format(),
                "summary",
                run.summaryLocation()));
    out.put("report", run.reportLocation());
    out.put(
        "versions",
        map(
            "losseval",
            run.versions().losseval(),
            "spark",
            run.versions().spark(),
            "scala",
            run.versions().scala(),
            "java",
            run.versions().java()));
    return out;
  }

  private static Map<String, Object> input(InputSpec in) {
    Map<String, Object> m =
        map("name", in.name(), "kind", in.kind().name().toLowerCase(Locale.ROOT));
    switch (in.kind()) {
      case PATH -> {
        m.put("path", in.path());
        m.put("format", in.format());
      }
      case TABLE -> m.put("table", in.table());
      default -> m.put("sample_rows", in.sampleRows());
    }
    return m;
  }

  /** Option values as JSON: arrays of numbers become lists. */
  private static Map<String, Object> options(Map<String, Object> options) {
    Map<String, Object> out = new LinkedHashMap<>();
    options.forEach(
        (k, v) ->
            out.put(
                k,
                v instanceof double[] a
                    ? Arrays.stream(a).boxed().map(Json::number).toList()
                    : v instanceof Double d ? Json.number(d) : v));
    return out;
  }

  /**
   * An interval's options, or null for a result without one; {@code key} is the column that
   * bucketed the rows, or null when their argument values did.
   */
  private static Map<String, Object> interval(IntervalOptions interval, String key) {
    return interval == null
        ? null
        : map("confidence", interval.confidence(), "buckets", interval.buckets(), "key", key);
  }

  /** A result on a row: value, and lower and upper when it has an interval. */
  public static Map<String, Object> result(ResultRow row, String result) {
    Map<String, Object> m = map("value", Json.number(row.value(result)));
    if (row.hasInterval(result)) {
      m.put("lower", Json.number(row.lower().get(result)));
      m.put("upper", Json.number(row.upper().get(result)));
    }
    return m;
  }

  private static Map<String, Object> threshold(ThresholdVerdict v) {
    Threshold t = v.threshold();
    Map<String, Object> m =
        map(
            "result",
            t.result(),
            "bound",
            t.bound().key(),
            "min",
            t.min(),
            "max",
            t.max(),
            "scope",
            t.scope(),
            "limit",
            t.describe(),
            "verdict",
            v.held() ? "held" : "violated",
            "checked",
            v.checked());
    m.put("worst", v.worst() == null ? null : outcome(v.worst()));
    m.put("violations", v.violations().stream().map(SummaryJson::outcome).toList());
    return m;
  }

  /**
   * A threshold on one row: the result's value there, the number the threshold checked (the value
   * itself, or a bound) and, with an interval, its bounds.
   */
  private static Map<String, Object> outcome(ThresholdOutcome o) {
    Map<String, Object> m = Json.slice(o.slice());
    m.put("value", Json.number(o.estimate()));
    m.put("checked_value", Json.number(o.value()));
    if (o.hasInterval()) {
      m.put("lower", Json.number(o.lower()));
      m.put("upper", Json.number(o.upper()));
    }
    return m;
  }

  /** An ordered map of alternating keys and values (values may be null). */
  public static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }
}
