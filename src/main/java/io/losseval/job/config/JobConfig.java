package io.losseval.job.config;

import io.losseval.core.LossDefinition;
import io.losseval.core.Reduction;
import io.losseval.core.interval.IntervalOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A validated job configuration (see {@link ConfigReader} for the file format). Everything here was
 * checked without Spark: names, loss functions, options, reductions, thresholds.
 *
 * @param source where the configuration came from, for messages
 * @param inputs the inputs by name; each is registered as a temporary view of that name
 * @param from the input to evaluate, or null when {@code query} is given
 * @param query a SQL query over the inputs giving the rows to evaluate, or null
 * @param evaluations the losses to compute, in the order the configuration declares them
 * @param slices grouping sets; an empty list is the overall slice
 * @param thresholds limits checked after the results are written
 * @param output where evaluation results go, or null for the console only
 * @param idColumn a column that identifies an input row, shown for rows a loss rejects, or null
 * @param sqlFile the SQL mode's file, or null in evaluation mode
 * @param sql the SQL mode's statements, read when the configuration is read
 * @param sqlOutput where SQL mode's result goes (never {@code output}), or null for the console
 * @param sqlAllowWrites whether SQL mode may run statements other than queries and temporary views
 *     (statements that write tables or files, or change the session)
 * @param consoleMaxRows how many result rows the console table shows
 * @param comparisons paired comparisons of two evaluations (candidate - baseline), in the order
 *     declared
 * @param report the HTML report page, or null for none
 * @param resolved the whole configuration after overrides and substitutions, as nested maps, lists
 *     and scalars with keys sorted and secrets redacted ({@link #REDACTED}): what a run record
 *     shows
 */
public record JobConfig(
    String source,
    Map<String, InputSpec> inputs,
    String from,
    String query,
    List<Evaluation> evaluations,
    List<List<String>> slices,
    List<Threshold> thresholds,
    OutputSpec output,
    String idColumn,
    String sqlFile,
    List<String> sql,
    OutputSpec sqlOutput,
    boolean sqlAllowWrites,
    int consoleMaxRows,
    List<Comparison> comparisons,
    ReportSpec report,
    Map<String, Object> resolved) {

  public boolean sqlMode() {
    return sqlFile != null;
  }

  /** Every result's name, in output order: the evaluations', then the comparisons'. */
  public List<String> results() {
    List<String> out = new ArrayList<>();
    evaluations.forEach(e -> out.add(e.name()));
    comparisons.forEach(c -> out.add(c.name()));
    return List.copyOf(out);
  }

  /**
   * What puts each interval's rows into buckets, as the console and the report say it: {@code
   * val_mse, mse_change by key id; new_mse by row values}; empty without an interval. Without a
   * key, identical rows share a bucket (see docs/interval-keys.md).
   */
  public String intervalBucketing() {
    Map<String, List<String>> byKey = new LinkedHashMap<>();
    for (Evaluation e : evaluations) {
      if (e.hasInterval()) {
        byKey.computeIfAbsent(e.key() == null ? "" : e.key(), k -> new ArrayList<>()).add(e.name());
      }
    }
    for (Comparison c : comparisons) {
      byKey.computeIfAbsent(c.key() == null ? "" : c.key(), k -> new ArrayList<>()).add(c.name());
    }
    List<String> parts = new ArrayList<>();
    byKey.forEach(
        (key, names) ->
            parts.add(
                String.join(", ", names) + (key.isEmpty() ? " by row values" : " by key " + key)));
    return String.join("; ", parts);
  }

  /** What a run record shows instead of a value whose key looks like a secret. */
  public static final String REDACTED = "*** (redacted)";

  /**
   * The key of an evaluation's or a comparison's interval settings: the column whose values bucket
   * the rows (a row id, or a cluster id such as a user); the id-column by default. The SQL
   * functions {@code _ci} and {@code _compare} take it under the same name.
   */
  public static final String INTERVAL_KEY = "key";

  /** The slice with no grouping columns: the whole input. */
  public static final List<String> OVERALL = List.of();

  /** Where an input's rows come from. */
  public enum InputKind {
    PATH,
    TABLE,
    SAMPLE
  }

  /**
   * One input, registered as a view called {@code name}.
   *
   * @param format parquet, orc, csv or json (PATH only)
   * @param options reader options (PATH only)
   * @param sampleRows rows of generated {@code query.SampleData} (SAMPLE only)
   * @param samplePartitions partitions of the generated data, 0 for Spark's default parallelism
   */
  public record InputSpec(
      String name,
      InputKind kind,
      String path,
      String format,
      Map<String, String> options,
      String table,
      long sampleRows,
      int samplePartitions) {

    /** The formats a path input may have. */
    static final List<String> FORMATS = List.of("parquet", "orc", "csv", "json");
  }

  /**
   * One loss to compute, published under {@code name}.
   *
   * @param columns the input columns of the loss's tensor arguments, in the loss's argument order
   * @param options the options the configuration gave, as {@code LossOptions} parsed them
   * @param interval the confidence interval's options when the evaluation asks for one ({@code
   *     confidence}, {@code buckets} or {@code key}), else null: no {@code RESULT_lower/_upper}
   * @param key the column whose values bucket the interval's rows ({@code key}, by default the
   *     {@code id-column}); null to bucket rows by their argument values, or without an interval
   */
  public record Evaluation(
      String name,
      LossDefinition loss,
      List<String> columns,
      Reduction reduction,
      Map<String, Object> options,
      IntervalOptions interval,
      String key) {

    /** An evaluation without an interval. */
    Evaluation(
        String name,
        LossDefinition loss,
        List<String> columns,
        Reduction reduction,
        Map<String, Object> options) {
      this(name, loss, columns, reduction, options, null, null);
    }

    /** An evaluation whose interval, if any, buckets rows by their argument values. */
    Evaluation(
        String name,
        LossDefinition loss,
        List<String> columns,
        Reduction reduction,
        Map<String, Object> options,
        IntervalOptions interval) {
      this(name, loss, columns, reduction, options, interval, null);
    }

    public boolean hasInterval() {
      return interval != null;
    }

    /** The loss, its reduction and its columns: "cross_entropy (mean) of logits, target_class". */
    public String describe() {
      return loss.name() + " (" + reduction.sqlName() + ") of " + String.join(", ", columns);
    }
  }

  /** Which number of a result a threshold limits: the value, or a bound of its interval. */
  public enum Bound {
    VALUE,
    LOWER,
    UPPER;

    /** The name in configurations and run records: value, lower, upper. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A limit on one result: {@code min <= number <= max} (either may be null), checked on the
   * overall row or on every result row, where the number is the result's value or a bound of its
   * interval. NULL and NaN numbers violate every limit.
   */
  public record Threshold(String result, Double min, Double max, boolean everySlice, Bound bound) {
    /** The {@code scope} of a threshold on the overall row. */
    public static final String OVERALL = "overall";

    /** The {@code scope} of a threshold on every result row. */
    static final String EVERY_SLICE = "every-slice";

    /** A limit on the result's value. */
    public Threshold(String result, Double min, Double max, boolean everySlice) {
      this(result, min, max, everySlice, Bound.VALUE);
    }

    public boolean holds(Double value) {
      return value != null
          && !value.isNaN()
          && (min == null || value >= min)
          && (max == null || value <= max);
    }

    /**
     * How far {@code value} lies beyond the limit (positive: violated by that much; zero or
     * negative: held with that much room); NULL and NaN count as infinitely far.
     */
    public double excess(Double value) {
      if (value == null || value.isNaN()) {
        return Double.POSITIVE_INFINITY;
      }
      double beyond = Double.NEGATIVE_INFINITY;
      if (max != null) {
        beyond = Math.max(beyond, value - max);
      }
      if (min != null) {
        beyond = Math.max(beyond, min - value);
      }
      return beyond;
    }

    /** The limited number's name: {@code result}, or {@code result.upper} for a bound. */
    public String subject() {
      return bound == Bound.VALUE ? result : result + "." + bound.key();
    }

    /** The limit alone: {@code x <= 0.5}, {@code x >= 0.1} or {@code 0.1 <= x <= 0.5}. */
    public String limit() {
      return min != null && max != null
          ? min + " <= " + subject() + " <= " + max
          : max != null ? subject() + " <= " + max : subject() + " >= " + min;
    }

    public String describe() {
      return limit() + (everySlice ? " in every slice" : " overall");
    }

    /** The scope as configurations and run records name it: overall or every-slice. */
    public String scope() {
      return everySlice ? EVERY_SLICE : OVERALL;
    }
  }

  /**
   * A paired comparison of two evaluations of the same rows: its result is candidate - baseline
   * (positive: the candidate's loss is higher, i.e. worse), with an interval.
   *
   * @param candidate the candidate's evaluation name
   * @param baseline the baseline's evaluation name, of the same loss, reduction and options
   * @param interval the interval's options (the comparison's own, defaults 0.95 and 20 buckets)
   * @param key the column whose values bucket the rows ({@code key}, by default the {@code
   *     id-column}); null to bucket rows by their argument values
   */
  public record Comparison(
      String name, String candidate, String baseline, IntervalOptions interval, String key) {

    /** A comparison with the default interval. */
    public Comparison(String name, String candidate, String baseline) {
      this(name, candidate, baseline, IntervalOptions.DEFAULT, null);
    }

    /** A comparison whose rows are bucketed by their argument values. */
    public Comparison(String name, String candidate, String baseline, IntervalOptions interval) {
      this(name, candidate, baseline, interval, null);
    }
  }

  /**
   * The HTML report page.
   *
   * @param path where the page goes, or null for {@link #IN_OUTPUT} inside the output directory
   * @param title the page's title
   * @param maxChartValues slice values a chart shows at most (the highest; the table has all)
   */
  public record ReportSpec(String path, String title, int maxChartValues) {
    /** The page's name inside the output directory when no path is given. */
    public static final String IN_OUTPUT = "_report.html";

    /** Default of {@code report.max-chart-values}. */
    public static final int DEFAULT_MAX_CHART_VALUES = 30;

    /** A run's title when the configuration gives none: "Loss evaluation: NAME" of its file. */
    public static String defaultTitle(String source) {
      return "Loss evaluation: "
          + Path.of(source).getFileName().toString().replaceFirst("\\.conf$", "");
    }
  }

  /**
   * Where results are written: a directory in {@code format}, replaced only if allowed.
   *
   * @param key the configuration section that set it ({@code output}, {@code sql-output}), for
   *     messages; null for a path from the command line
   */
  public record OutputSpec(String key, String path, String format, boolean overwrite) {
    /** The formats results may be written in. */
    static final List<String> FORMATS = List.of("parquet", "json", "csv");

    /** How messages name the path: {@code output.path}, or "PATH" from the command line. */
    public String pathKey() {
      return key == null ? "PATH" : key + ".path";
    }
  }
}
