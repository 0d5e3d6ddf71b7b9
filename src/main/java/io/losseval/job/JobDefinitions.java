package io.losseval.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.losseval.job.config.ConfigReader;
import io.losseval.job.config.JobConfig;
import io.losseval.job.config.JobConfig.Comparison;
import io.losseval.job.config.JobConfig.Evaluation;
import io.losseval.job.config.ResultColumns;
import io.losseval.job.config.StrictConfig;
import io.losseval.job.query.EvaluationQuery;
import io.losseval.job.result.ResultRow;
import io.losseval.job.result.ThresholdOutcome;
import io.losseval.job.result.Thresholds;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The batch job's evaluation definitions (slices, evaluations, comparisons, thresholds), read,
 * checked and computed exactly as the batch job does, for the job's other run mode: the streaming
 * job of {@code io.losseval.job.stream}. The one public door from there into the batch job's
 * configuration, query and threshold classes, so that both modes agree to the bit and to the
 * message.
 */
public final class JobDefinitions {
  /**
   * The column that holds a result row's slice position until it is written: {@link #violations}
   * reads it.
   */
  public static final String SLICE_INDEX = ResultColumns.SLICE_INDEX;

  private final JobConfig config;

  private JobDefinitions(JobConfig config) {
    this.config = config;
  }

  /**
   * The definitions of a configuration with a {@code stream} section, read as the batch job reads
   * them (unknown keys, losses, options and thresholds are configuration errors naming the key);
   * {@code source} names the configuration in messages.
   */
  public static JobDefinitions read(StrictConfig root, String source) {
    return new JobDefinitions(ConfigReader.build(root, source));
  }

  /** Every column the results have besides the groups' own: slice columns, then the results'. */
  public List<String> columns() {
    List<String> out = new ArrayList<>(ResultColumns.keys(config.slices()));
    out.add(ResultColumns.SLICE);
    out.add(ResultColumns.ROWS);
    for (Evaluation e : config.evaluations()) {
      out.addAll(ResultColumns.ofEvaluation(e.name(), e.hasInterval()));
    }
    for (Comparison c : config.comparisons()) {
      out.addAll(ResultColumns.ofComparison(c.name()));
    }
    return List.copyOf(out);
  }

  /**
   * Checks the configured columns against {@code input}'s schema and lets Spark analyse every loss
   * call over it (a streaming input too: nothing runs); errors name the key.
   */
  public void check(Dataset<Row> input) {
    EvaluationQuery.check(input, config);
  }

  /**
   * The batch job's aggregation with {@code groupBy} added to every slice (a time window): one row
   * per group and slice value, with the batch job's result columns ({@code slice} names the
   * configured slice) and {@link #SLICE_INDEX}. Nothing runs until an action.
   */
  public Dataset<Row> aggregate(Dataset<Row> input, List<String> groupBy) {
    List<List<String>> grouped = new ArrayList<>();
    for (List<String> slice : config.slices()) {
      List<String> g = new ArrayList<>(groupBy);
      g.addAll(slice);
      grouped.add(g);
    }
    Dataset<Row> result =
        EvaluationQuery.build(input, "stream", config.evaluations(), config.comparisons(), grouped);
    Column name = null;
    for (int i = 0; i < config.slices().size(); i++) {
      Column here = lit(ResultColumns.sliceName(config.slices().get(i)));
      name =
          name == null
              ? when(col(SLICE_INDEX).equalTo(i), here)
              : name.when(col(SLICE_INDEX).equalTo(i), here);
    }
    return result.withColumn(ResultColumns.SLICE, name);
  }

  /** Whether any threshold is configured. */
  public boolean hasThresholds() {
    return !config.thresholds().isEmpty();
  }

  /**
   * The thresholds one result row breaks (a row of {@link #aggregate}, collected, with {@link
   * #SLICE_INDEX}), in threshold order; an overall threshold is checked on overall rows only, as in
   * the batch job. NULL and NaN break every limit.
   */
  public List<Violation> violations(Row row) {
    List<ResultRow> rows =
        EvaluationQuery.rowsOf(
            List.of(row), config.slices(), config.evaluations(), config.comparisons());
    List<Violation> out = new ArrayList<>();
    for (ThresholdOutcome o : Thresholds.check(rows, config.thresholds())) {
      if (!o.held()) {
        out.add(
            new Violation(
                o.threshold().describe(),
                o.threshold().subject(),
                o.value(),
                o.threshold().min(),
                o.threshold().max(),
                o.violation()));
      }
    }
    return List.copyOf(out);
  }

  /**
   * A threshold a result row broke.
   *
   * @param threshold the limit and its scope, e.g. {@code val_mse <= 0.5 overall}
   * @param result the limited number: a result's name, or {@code RESULT.lower}/{@code .upper}
   * @param value the number on the row: null where no row was aggregated or no interval exists,
   *     else possibly NaN
   * @param min the lower limit, or null
   * @param max the upper limit, or null
   * @param message the batch console's line for it ({@code THRESHOLD VIOLATED: ...}), one line,
   *     values escaped
   */
  public record Violation(
      String threshold, String result, Double value, Double min, Double max, String message) {}
}
