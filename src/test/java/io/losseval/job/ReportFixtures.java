package io.losseval.job;

import io.losseval.job.config.ConfigReader;
import io.losseval.job.config.JobConfig;
import io.losseval.job.config.JobConfig.Bound;
import io.losseval.job.config.JobConfig.Comparison;
import io.losseval.job.config.JobConfig.Threshold;
import io.losseval.job.output.RunRecord;
import io.losseval.job.output.Versions;
import io.losseval.job.result.ResultRow;
import io.losseval.job.result.RunSummary;
import io.losseval.job.result.SliceKey;
import io.losseval.job.result.ThresholdOutcome;
import io.losseval.job.result.Thresholds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Run records made without Spark, for the report and the run record: two evaluations of the same
 * rows, both with intervals, and a comparison of them, over slices by model version and by country.
 * Their numbers are made up (the report only shows them), chosen so that every case occurs:
 * thresholds held and violated, a threshold on an interval's bound, a comparison worse, better and
 * unclear, a slice too small for an interval (NULL bounds), a NaN, a NULL key, a key that is HTML,
 * and more slice values than a chart shows.
 */
public final class ReportFixtures {
  public static final String CONFIG =
      String.join(
          "\n",
          "inputs { scores { path = \"data/scores.parquet\" } }",
          "slices = [[], [model_version], [country]]",
          "evaluations {",
          "  ce_new { loss = cross_entropy, columns = [logits_new, target] }",
          "  ce_old { loss = cross_entropy, columns = [logits_old, target] }",
          "}",
          "output { path = \"target/results\" }",
          "report { title = \"Candidate <b>vs</b> current\", max-chart-values = 30 }",
          "");

  /** Countries: more than a chart shows. */
  public static final int COUNTRIES = 36;

  /** A country key that is HTML and script: the page must show it as text. */
  public static final String HTML_KEY = "<script>alert(1)</script>";

  public static final Threshold OVERALL_MAX = new Threshold("ce_new", null, 0.5, false);
  public static final Threshold EVERY_SLICE_MAX = new Threshold("ce_new", null, 0.6, true);
  public static final Threshold CHANGE_UPPER =
      new Threshold("ce_change", null, 0.01, true, Bound.UPPER);

  private ReportFixtures() {}

  /** The record of a run with intervals and a comparison, its configuration read from disk. */
  public static RunRecord withIntervals(Path dir) {
    JobConfig read = ConfigReader.read(write(dir, CONFIG), List.of("output.path=target/x"));
    JobConfig config =
        withComparisonsAndThresholds(
            read,
            List.of(new Comparison("ce_change", "ce_new", "ce_old")),
            List.of(OVERALL_MAX, EVERY_SLICE_MAX, CHANGE_UPPER));
    List<ResultRow> rows = new ArrayList<>();
    rows.add(row(SliceKey.overall(0), 100_000, 0.41, 0.40, 0.01));
    String[] versions = {"v1", "v2", "v3"};
    for (int v = 0; v < versions.length; v++) {
      // v1 breaks the every-slice limit; v3 is clearly better than the current model.
      rows.add(
          row(
              new SliceKey(1, List.of("model_version"), List.of(versions[v])),
              30_000,
              0.62 - 0.12 * v,
              0.55 - 0.04 * v,
              0.008));
    }
    rows.add(
        row(
            new SliceKey(1, List.of("model_version"), Arrays.asList((Object) null)),
            10_000,
            0.3,
            0.3,
            0.02));
    for (int c = 0; c < COUNTRIES; c++) {
      String country = c == 0 ? HTML_KEY : String.format("C%02d", c);
      double loss = 0.30 + 0.007 * c;
      rows.add(
          row(
              new SliceKey(2, List.of("country"), List.of(country)),
              2_000 + 10 * c,
              loss,
              loss - 0.004 * (c % 5 - 2),
              0.006));
    }
    // Too few rows for an interval, and a slice whose candidate loss is NaN.
    rows.add(withoutInterval(new SliceKey(2, List.of("country"), List.of("ZZ")), 3, 0.9, 0.8));
    rows.add(row(new SliceKey(2, List.of("country"), List.of("NN")), 50, Double.NaN, 0.5, 0.1));
    return record(config, rows);
  }

  /** The same run without intervals and comparisons: plain results, as the job writes today. */
  public static RunRecord plain(Path dir) {
    JobConfig read = ConfigReader.read(write(dir, CONFIG), List.of("output.path=target/x"));
    JobConfig config =
        withComparisonsAndThresholds(read, List.of(), List.of(OVERALL_MAX, EVERY_SLICE_MAX));
    List<ResultRow> rows = new ArrayList<>();
    for (ResultRow r : withIntervals(dir).rows()) {
      Map<String, Double> values = new LinkedHashMap<>(r.values());
      values.remove("ce_change");
      rows.add(new ResultRow(r.slice(), r.rows(), values, r.skipped()));
    }
    return record(config, rows);
  }

  public static RunRecord record(JobConfig config, List<ResultRow> rows) {
    List<ThresholdOutcome> outcomes = Thresholds.check(rows, config.thresholds());
    long inputRows =
        rows.stream().filter(r -> r.slice().index() == 0).mapToLong(ResultRow::rows).sum();
    RunSummary summary =
        new RunSummary(
            inputRows,
            config.evaluations().size(),
            config.slices().size(),
            rows.size(),
            12.5,
            "file:/data/results",
            "parquet",
            null,
            config.thresholds().size(),
            outcomes);
    return new RunRecord(
        config.report().title(),
        Instant.parse("2026-03-01T08:30:00Z"),
        12.5,
        0.75,
        "conf/candidate.conf",
        List.of("output.path=target/x"),
        config,
        summary,
        rows,
        new Versions("spark-loss-evaluator-4.2_2.13 0.1.0-test", "4.2.0", "2.13.16", "17.0.15"),
        "file:/data/results/_summary.json",
        "file:/data/results/_report.html");
  }

  /**
   * A row where ce_new and ce_old have symmetric intervals of half-width {@code margin} (half that
   * for ce_old) and ce_change = new - old has one of {@code margin}.
   */
  public static ResultRow row(
      SliceKey slice, long rows, double newLoss, double oldLoss, double margin) {
    Map<String, Double> values = new LinkedHashMap<>();
    values.put("ce_new", newLoss);
    values.put("ce_old", oldLoss);
    values.put("ce_change", newLoss - oldLoss);
    Map<String, Double> lower = new LinkedHashMap<>();
    Map<String, Double> upper = new LinkedHashMap<>();
    lower.put("ce_new", newLoss - margin);
    upper.put("ce_new", newLoss + margin);
    lower.put("ce_old", oldLoss - margin / 2);
    upper.put("ce_old", oldLoss + margin / 2);
    lower.put("ce_change", newLoss - oldLoss - margin);
    upper.put("ce_change", newLoss - oldLoss + margin);
    return new ResultRow(slice, rows, values, Map.of("ce_new", 0L, "ce_old", 0L), lower, upper);
  }

  /** A row in a slice too small for intervals: every bound NULL. */
  public static ResultRow withoutInterval(
      SliceKey slice, long rows, double newLoss, double oldLoss) {
    Map<String, Double> values = new LinkedHashMap<>();
    values.put("ce_new", newLoss);
    values.put("ce_old", oldLoss);
    values.put("ce_change", newLoss - oldLoss);
    Map<String, Double> none = new LinkedHashMap<>();
    values.keySet().forEach(k -> none.put(k, null));
    return new ResultRow(slice, rows, values, Map.of("ce_new", 0L, "ce_old", 0L), none, none);
  }

  public static JobConfig withComparisonsAndThresholds(
      JobConfig c, List<Comparison> comparisons, List<Threshold> thresholds) {
    return new JobConfig(
        c.source(),
        c.inputs(),
        c.from(),
        c.query(),
        c.evaluations(),
        c.slices(),
        thresholds,
        c.output(),
        c.idColumn(),
        c.sqlFile(),
        c.sql(),
        c.sqlOutput(),
        c.sqlAllowWrites(),
        c.consoleMaxRows(),
        comparisons,
        c.report(),
        c.resolved());
  }

  private static Path write(Path dir, String text) {
    try {
      Path file = dir.resolve("candidate.conf");
      Files.writeString(file, text);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
