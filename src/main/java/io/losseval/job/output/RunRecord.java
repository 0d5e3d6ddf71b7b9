package io.losseval.job.output;

import io.losseval.job.ExitCode;
import io.losseval.job.config.JobConfig;
import io.losseval.job.config.ResultColumns;
import io.losseval.job.result.ComparisonVerdict;
import io.losseval.job.result.ResultRow;
import io.losseval.job.result.RunSummary;
import io.losseval.job.result.SliceKey;
import io.losseval.job.result.ThresholdVerdict;
import java.time.Instant;
import java.util.List;

/**
 * Everything a run's record and its report say: when it ran and for how long, what it read and how
 * it was configured, every result row, the threshold and comparison verdicts, the exit code, the
 * versions, and where the files went. Read by {@link SummaryJson} and the report's page.
 *
 * @param title the report's title
 * @param started when the job started evaluating (reading the inputs)
 * @param evaluationSeconds from reading the inputs to holding every result row
 * @param writeSeconds writing the results table, or 0 without an output
 * @param configFile the configuration file as given on the command line
 * @param overrides the command line's {@code key=value} overrides, in order
 * @param config the checked configuration
 * @param summary the figures and threshold outcomes the console reports too
 * @param rows every result row, in output order
 * @param versions library, Spark, Scala and Java versions
 * @param summaryLocation where the run record goes (fully qualified), or null without an output
 * @param reportLocation where the report page goes (fully qualified), or null without a report
 */
public record RunRecord(
    String title,
    Instant started,
    double evaluationSeconds,
    double writeSeconds,
    String configFile,
    List<String> overrides,
    JobConfig config,
    RunSummary summary,
    List<ResultRow> rows,
    Versions versions,
    String summaryLocation,
    String reportLocation) {

  public RunRecord {
    overrides = List.copyOf(overrides);
    rows = List.copyOf(rows);
  }

  /** The same record with the time the results table took to write. */
  public RunRecord withWriteSeconds(double seconds) {
    return new RunRecord(
        title,
        started,
        evaluationSeconds,
        seconds,
        configFile,
        overrides,
        config,
        summary,
        rows,
        versions,
        summaryLocation,
        reportLocation);
  }

  /** Every slice column once, in the order the slices name them. */
  public List<String> keys() {
    return ResultColumns.keys(config.slices());
  }

  /** The overall row (the first, if the slices list [] twice), or null without one. */
  public ResultRow overall() {
    return rows.stream().filter(r -> r.slice().overall()).findFirst().orElse(null);
  }

  /**
   * The rows an evaluation aggregated and skipped in all: {@code [aggregated, skipped]}, summed
   * over the first slice, whose rows partition the input.
   */
  public long[] evaluationRows(String evaluation) {
    long rowsIn = 0;
    long skipped = 0;
    for (ResultRow r : rows) {
      if (r.slice().index() == 0) {
        rowsIn += r.rows();
        skipped += r.skipped().get(evaluation);
      }
    }
    return new long[] {rowsIn - skipped, skipped};
  }

  /** Whether the row of {@code slice} breaks a threshold on {@code result}. */
  public boolean breaksThreshold(String result, SliceKey slice) {
    return summary.violations().stream()
        .anyMatch(o -> o.threshold().result().equals(result) && o.slice().equals(slice));
  }

  public List<ThresholdVerdict> thresholdVerdicts() {
    return ThresholdVerdict.of(config.thresholds(), summary.thresholds());
  }

  public List<ComparisonVerdict> comparisonVerdicts() {
    return ComparisonVerdict.of(config.comparisons(), rows);
  }

  public ExitCode exitCode() {
    return summary.exitCode();
  }
}
