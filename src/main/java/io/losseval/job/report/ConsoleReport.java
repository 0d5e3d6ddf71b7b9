package io.losseval.job.report;

import io.losseval.job.config.JobConfig;
import io.losseval.job.config.ResultColumns;
import io.losseval.job.result.ResultRow;
import io.losseval.job.result.RunSummary;
import io.losseval.job.result.TextFormat;
import io.losseval.job.result.ThresholdOutcome;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the job prints on stdout: the result table, where the results went, each violated threshold,
 * and a closing line of figures. Reads the model ({@link ResultRow}, {@link RunSummary}) and, for
 * SQL mode's free-form result, plain values; never Spark's rows.
 */
public final class ConsoleReport {
  private final PrintStream out;

  public ConsoleReport(PrintStream out) {
    this.out = out;
  }

  /**
   * The evaluation's report: up to {@code maxRows} result rows (slice columns a row's slice does
   * not group by shown as "*"; {@code RESULT_lower} and {@code RESULT_upper} for a result with an
   * interval; a {@code RESULT_skipped} column only where rows were skipped), the output, the
   * violations (each with its slice, number, interval and limit) and the summary line, whose
   * throughput is over the {@code evaluationSeconds} only, as in the report.
   *
   * @param results the evaluations' then the comparisons' names
   */
  public void evaluation(
      List<ResultRow> rows,
      List<String> keys,
      List<String> results,
      int maxRows,
      RunSummary summary,
      double evaluationSeconds) {
    out.print(table(rows, keys, results, maxRows).render());
    if (rows.size() > maxRows) {
      out.println(
          "... "
              + (rows.size() - maxRows)
              + " more result rows"
              + (summary.output() == null ? "" : " in " + summary.output()));
    }
    results(summary.output(), summary.format(), summary.replacedColumns());
    List<ThresholdOutcome> violations = summary.violations();
    violations.forEach(v -> out.println(v.violation()));
    if (summary.thresholdsChecked() > 0) {
      out.println(
          "thresholds: "
              + summary.thresholdsChecked()
              + " checked, "
              + (violations.isEmpty()
                  ? "all held"
                  : violations.size() + " violation" + (violations.size() == 1 ? "" : "s")));
    }
    out.println(
        String.format(
            Locale.ROOT,
            "losseval: %,d rows, %d evaluations, %d slices, %d result rows in %.1f s (%.1f s "
                + "evaluating, %s)",
            summary.inputRows(),
            summary.evaluations(),
            summary.slices(),
            summary.resultRows(),
            summary.seconds(),
            evaluationSeconds,
            summary.throughput(evaluationSeconds)));
  }

  /**
   * One line saying what bucketed each interval's rows, when there is an interval: {@code
   * intervals: val_mse, mse_change by key id; new_mse by row values} ({@link
   * JobConfig#intervalBucketing}).
   */
  public void intervalKeys(JobConfig config) {
    String bucketing = config.intervalBucketing();
    if (!bucketing.isEmpty()) {
      out.println("intervals: " + bucketing);
    }
  }

  private static ConsoleTable table(
      List<ResultRow> rows, List<String> keys, List<String> results, int maxRows) {
    ConsoleTable table = new ConsoleTable();
    keys.forEach(k -> table.column(k, false));
    table.column(ResultColumns.ROWS, true);
    List<String> skippedShown = new ArrayList<>();
    List<String> withInterval = new ArrayList<>();
    for (String r : results) {
      table.column(r, true);
      if (rows.stream().anyMatch(row -> row.hasInterval(r))) {
        withInterval.add(r);
        table.column(r + ResultColumns.LOWER_SUFFIX, true);
        table.column(r + ResultColumns.UPPER_SUFFIX, true);
      }
      if (rows.stream().anyMatch(row -> row.skipped().getOrDefault(r, 0L) > 0)) {
        skippedShown.add(r);
        table.column(r + ResultColumns.SKIPPED_SUFFIX, true);
      }
    }
    for (ResultRow row : rows.subList(0, Math.min(rows.size(), maxRows))) {
      List<String> cells = new ArrayList<>();
      for (String k : keys) {
        cells.add(row.slice().groupsBy(k) ? TextFormat.value(row.slice().value(k)) : "*");
      }
      cells.add(TextFormat.value(row.rows()));
      for (String r : results) {
        cells.add(TextFormat.value(row.value(r)));
        if (withInterval.contains(r)) {
          cells.add(TextFormat.value(row.lower().get(r)));
          cells.add(TextFormat.value(row.upper().get(r)));
        }
        if (skippedShown.contains(r)) {
          cells.add(TextFormat.value(row.skipped().get(r)));
        }
      }
      table.row(cells);
    }
    return table;
  }

  /**
   * SQL mode's report: the shown rows of the last statement's result, how many more there are,
   * where they went, and a closing line. {@code ignoredOutput} is the evaluation output SQL mode
   * does not write to, or null.
   */
  public void sql(
      List<List<Object>> shown,
      List<String> columns,
      long count,
      String output,
      String format,
      List<String> replacedColumns,
      String ignoredOutput,
      String file,
      int statements,
      double seconds) {
    out.print(ConsoleTable.of(shown, columns).render());
    if (count > shown.size()) {
      out.println(
          "... " + (count - shown.size()) + " more rows" + (output == null ? "" : " in " + output));
    }
    if (output != null) {
      results(output, format, replacedColumns);
    } else if (ignoredOutput != null) {
      out.println(
          "results: console only; SQL mode does not write to "
              + ignoredOutput
              + " (the evaluation's output): set sql-output.path to write this result");
    }
    out.println(
        String.format(
            Locale.ROOT,
            "losseval: SQL %s, %d statements, %,d result rows " + "in %.1f s",
            file,
            statements,
            count,
            seconds));
  }

  /**
   * Where the results went, and how their columns differ from the results they replaced ({@code
   * columnChanges}, or null when they do not).
   */
  private void results(String output, String format, List<String> columnChanges) {
    if (output == null) {
      return;
    }
    out.println("results: " + output + " (" + format + ")");
    if (columnChanges != null) {
      out.println(
          "results: replaced earlier results with other columns: "
              + String.join("; ", columnChanges));
    }
  }
}
