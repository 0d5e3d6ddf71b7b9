package io.losseval.job.result;

import io.losseval.job.ExitCode;
import java.util.List;

/**
 * The facts of one evaluation run, for the console's last lines and for a run record.
 *
 * @param inputRows rows of the evaluated input (those of the first slice, which covers them all)
 * @param evaluations how many losses were computed
 * @param slices how many slices were configured
 * @param resultRows how many result rows there are
 * @param seconds wall time from reading the inputs to the results being written and read back
 * @param output the results' directory, fully qualified, or null for the console only
 * @param format the output's format, or null without output
 * @param replacedColumns how this run's columns differ from those of the earlier results it
 *     replaced (as the output room's {@code OutputManifest.columnChanges} gives them), or null when
 *     they do not
 * @param thresholdsChecked how many thresholds were configured and checked
 * @param thresholds every threshold outcome, held or violated
 */
public record RunSummary(
    long inputRows,
    int evaluations,
    int slices,
    int resultRows,
    double seconds,
    String output,
    String format,
    List<String> replacedColumns,
    int thresholdsChecked,
    List<ThresholdOutcome> thresholds) {

  public RunSummary {
    replacedColumns = replacedColumns == null ? null : List.copyOf(replacedColumns);
    thresholds = List.copyOf(thresholds);
  }

  /** The same figures with another wall time. */
  public RunSummary withSeconds(double wallSeconds) {
    return new RunSummary(
        inputRows,
        evaluations,
        slices,
        resultRows,
        wallSeconds,
        output,
        format,
        replacedColumns,
        thresholdsChecked,
        thresholds);
  }

  /**
   * The input rows per second of evaluation, "12,345 rows/s": the one throughput figure the console
   * and the report show. Over the evaluation only (reading the inputs to holding every result row),
   * as writing the results and starting Spark do not grow with the rows.
   */
  public String throughput(double evaluationSeconds) {
    return TextFormat.throughput(inputRows, evaluationSeconds);
  }

  /** The outcomes that broke their limit, in check order. */
  public List<ThresholdOutcome> violations() {
    return thresholds.stream().filter(o -> !o.held()).toList();
  }

  /** OK when every threshold held, else THRESHOLD. */
  public ExitCode exitCode() {
    return violations().isEmpty() ? ExitCode.OK : ExitCode.THRESHOLD;
  }
}
