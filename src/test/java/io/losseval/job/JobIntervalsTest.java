package io.losseval.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.losseval.job.config.ConfigReader;
import io.losseval.job.config.JobConfig;
import io.losseval.job.config.JobConfig.ReportSpec;
import io.losseval.job.output.SummaryJson;
import io.losseval.job.query.EvaluationQuery;
import io.losseval.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Intervals and comparisons through the job, end to end on the shared session: every new column
 * equals the SQL aggregates {@code mse_loss_ci} and {@code mse_loss_compare} run directly on the
 * same rows, bit for bit; thresholds on bounds and on a comparison; a NULL bound never passes; one
 * pass; the same bits on 1, 5 and 64 partitions; the run record and the report carry it all.
 */
class JobIntervalsTest {
  static final long ROWS = 20_000;
  static final List<List<String>> SLICES = EvaluateJobTest.EXAMPLE_SLICES;
  static final String VIEW = "job_intervals_rows";

  /** Two candidates beside the sample's prediction: a better one (shrunk to the label), a worse. */
  static final String QUERY =
      "SELECT *, 0.8D * prediction + 0.2D * label AS shrunk, "
          + "prediction + 0.2D AS biased FROM predictions";

  @TempDir static Path data;
  @TempDir Path dir;

  static SparkSession spark;
  static String predictions;

  @BeforeAll
  static void generateSampleData() {
    spark = SharedSpark.get();
    predictions = data.resolve("predictions.parquet").toString();
    JobRun run = JobRun.run(List.of("--generate-sample", String.valueOf(ROWS), predictions));
    assertEquals(0, run.code(), run.toString());
    spark.read().parquet(predictions).createOrReplaceTempView("job_intervals_predictions");
    spark
        .sql(QUERY.replace("FROM predictions", "FROM job_intervals_predictions"))
        .createOrReplaceTempView(VIEW);
  }

  /**
   * The example configuration over the query above: val_mse with a 95% interval, new_mse (the
   * shrunk candidate) with a 90% interval over 30 buckets, val_ce without one, and mse_change
   * comparing new_mse with val_mse; then {@code overrides}.
   */
  static JobRun run(String out, String... overrides) {
    List<String> args =
        new ArrayList<>(
            List.of(JobRun.EXAMPLE.toString(), "output.path=" + out, "output.overwrite=false"));
    args.addAll(configuration(overrides));
    return JobRun.run(args);
  }

  /** The overrides of the example that {@link #run} applies, then {@code overrides}. */
  static List<String> configuration(String... overrides) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "inputs.predictions.path=" + predictions,
                "from=null",
                "query=" + QUERY,
                "evaluations=null",
                "evaluations.val_mse={loss = mse_loss, columns = [prediction, label], confidence = 0.95}",
                "evaluations.new_mse={loss = mse_loss, columns = [shrunk, label], confidence = 0.9, "
                    + "buckets = 30}",
                "evaluations.val_ce={loss = cross_entropy, columns = [logits, target_class]}",
                "comparisons.mse_change={candidate = new_mse, baseline = val_mse}",
                "thresholds=[]"));
    args.addAll(Arrays.asList(overrides));
    return args;
  }

  /**
   * The SQL calls the job's results must equal, each a struct of the _ci or _compare form; the
   * example's id-column, {@code id}, is every interval's key.
   */
  static Map<String, String> referenceCalls() {
    Map<String, String> calls = new LinkedHashMap<>();
    calls.put("val_mse", "mse_loss_ci(prediction, label, named_struct('key', id))");
    calls.put(
        "new_mse",
        "mse_loss_ci(shrunk, label, 'mean', "
            + "named_struct('confidence', 0.9D, 'buckets', 30, 'key', id))");
    calls.put(
        "mse_change",
        "mse_loss_compare(shrunk, label, prediction, label, 'mean', " + "named_struct('key', id))");
    return calls;
  }

  @Test
  void intervalsAndAComparisonEqualTheSqlAggregatesRunDirectly() throws IOException {
    String out = dir.resolve("results").toString();
    JobRun run =
        run(
            out,
            "thresholds=[{result = val_mse, max = 2, bound = upper}, "
                + "{result = mse_change, max = 0.01, bound = upper, scope = every-slice}]");
    assertEquals(0, run.code(), run.toString());
    List<Row> rows = JobResults.read(spark, out, "parquet");
    assertEquals(
        List.of(
            "slice",
            "model_version",
            "country",
            "rows",
            "val_mse",
            "val_mse_lower",
            "val_mse_upper",
            "val_mse_rows",
            "val_mse_skipped",
            "new_mse",
            "new_mse_lower",
            "new_mse_upper",
            "new_mse_rows",
            "new_mse_skipped",
            "val_ce",
            "val_ce_rows",
            "val_ce_skipped",
            "mse_change",
            "mse_change_lower",
            "mse_change_upper"),
        Arrays.asList(spark.read().parquet(out).columns()));

    // The values keep exactly the plain losses' bits; rows and skipped rows as before.
    Map<String, String> plain = new LinkedHashMap<>();
    Map<String, List<String>> columns = new LinkedHashMap<>();
    plain.put("new_mse", "mse_loss(shrunk, label)");
    columns.put("new_mse", List.of("shrunk", "label"));
    plain.put("val_ce", "cross_entropy(logits, target_class)");
    columns.put("val_ce", List.of("logits", "target_class"));
    plain.put("val_mse", "mse_loss(prediction, label)");
    columns.put("val_mse", List.of("prediction", "label"));
    JobResults.assertMatchReference(spark, rows, VIEW, SLICES, plain, columns);
    // The bounds and the difference are the SQL aggregates' own.
    JobResults.assertIntervalsMatchReference(spark, rows, VIEW, SLICES, referenceCalls());

    Row overall = JobResults.slice(rows, List.of()).get(List.of());
    double change = overall.getAs("mse_change");
    assertTrue(
        overall.<Double>getAs("mse_change_upper") < 0, "the shrunk model is better: " + overall);
    assertTrue(
        overall.<Double>getAs("val_mse_lower") < overall.<Double>getAs("val_mse")
            && overall.<Double>getAs("val_mse") < overall.<Double>getAs("val_mse_upper"));
    assertTrue(run.out().contains("| val_mse_lower |"), run.out());
    assertTrue(run.out().contains("| mse_change_upper |"), run.out());
    assertTrue(run.out().contains("thresholds: 2 checked, all held"), run.out());
    assertTrue(run.out().contains("intervals: val_mse, new_mse, mse_change by key id"), run.out());

    // The run record and the report carry the intervals and the comparison.
    JsonNode summary = new ObjectMapper().readTree(Path.of(out, SummaryJson.FILE).toFile());
    JsonNode valMse = summary.at("/evaluations/0");
    assertEquals("val_mse", valMse.get("name").asText());
    assertEquals(0.95, valMse.at("/interval/confidence").asDouble());
    assertEquals(20, valMse.at("/interval/buckets").asInt());
    assertEquals("id", valMse.at("/interval/key").asText(), "the id-column by default");
    assertEquals((Double) overall.getAs("val_mse_lower"), valMse.at("/overall/lower").asDouble());
    assertEquals((Double) overall.getAs("val_mse_upper"), valMse.at("/overall/upper").asDouble());
    assertTrue(summary.at("/evaluations/2/interval").isNull(), "val_ce has no interval");
    JsonNode comparison = summary.at("/comparisons/0");
    assertEquals("mse_change", comparison.get("name").asText());
    assertEquals("new_mse", comparison.get("candidate").asText());
    assertEquals(change, comparison.at("/overall/value").asDouble());
    assertEquals(
        (Double) overall.getAs("mse_change_upper"), comparison.at("/overall/upper").asDouble());
    assertEquals("better", comparison.get("conclusion").asText());
    assertEquals("upper", summary.at("/thresholds/1/bound").asText());
    String page = Files.readString(Path.of(out, ReportSpec.IN_OUTPUT));
    for (String column :
        List.of(
            "val_mse_lower",
            "new_mse_upper",
            "mse_change_lower",
            "mse_change_upper",
            "Comparisons: candidate &minus; baseline per slice")) {
      assertTrue(page.contains(column), "the report shows " + column);
    }
  }

  /**
   * Without an id-column the rows' values bucket them, unless an evaluation or a comparison names
   * its own key; the console and the run record say which.
   */
  @Test
  void aKeyOfItsOwnOrTheRowValuesWithoutAnIdColumn() throws IOException {
    String out = dir.resolve("keys").toString();
    JobRun run =
        run(
            out,
            "id-column=null",
            "evaluations.new_mse.key=id",
            "comparisons.mse_change.key=model_version");
    assertEquals(0, run.code(), run.toString());
    List<Row> rows = JobResults.read(spark, out, "parquet");
    JobResults.assertIntervalsMatchReference(
        spark,
        rows,
        VIEW,
        SLICES,
        Map.of(
            "val_mse", "mse_loss_ci(prediction, label)",
            "new_mse",
                "mse_loss_ci(shrunk, label, 'mean', named_struct('confidence', 0.9D, "
                    + "'buckets', 30, 'key', id))",
            "mse_change",
                "mse_loss_compare(shrunk, label, prediction, label, 'mean', "
                    + "named_struct('key', model_version))"));
    assertTrue(
        run.out()
            .contains(
                "intervals: val_mse by row values; new_mse by key id; "
                    + "mse_change by key model_version"),
        run.out());
    JsonNode summary = new ObjectMapper().readTree(Path.of(out, SummaryJson.FILE).toFile());
    assertTrue(summary.at("/evaluations/0/interval/key").isNull(), "val_mse: by row values");
    assertEquals("id", summary.at("/evaluations/1/interval/key").asText());
    // Three model versions are three clusters for 20 buckets: no bounds, and the job says so.
    assertTrue(rows.stream().allMatch(r -> r.getAs("mse_change_lower") == null), "no bounds");
  }

  @Test
  void aComparisonThresholdThatBreaksExitsWithThreeAndNamesEachSlice() {
    String out = dir.resolve("worse").toString();
    JobRun run =
        run(
            out,
            "evaluations.biased_mse={loss = mse_loss, columns = [biased, label]}",
            "comparisons.bias_change={candidate = biased_mse, baseline = val_mse}",
            "thresholds=[{result = bias_change, max = 0.01, bound = upper, scope = every-slice}]");
    assertEquals(ExitCode.THRESHOLD.code(), run.code(), run.toString());
    List<Row> rows = JobResults.read(spark, out, "parquet");
    JobResults.assertIntervalsMatchReference(
        spark,
        rows,
        VIEW,
        SLICES,
        Map.of(
            "bias_change",
            "mse_loss_compare(biased, label, prediction, label, 'mean', "
                + "named_struct('key', id))"));

    List<String> expected = new ArrayList<>();
    for (Row r : rows) {
      Double upper = r.getAs("bias_change_upper");
      if (upper == null || upper > 0.01) {
        expected.add(
            "THRESHOLD VIOLATED: bias_change.upper <= 0.01 in every slice: "
                + "bias_change.upper = "
                + upper
                + " (bias_change = "
                + r.getAs("bias_change")
                + ", interval ["
                + r.getAs("bias_change_lower")
                + ", "
                + upper
                + "]) in slice "
                + where(r));
      }
    }
    assertTrue(
        expected.get(0).endsWith("in slice overall"), "a bias of 0.2 adds about 0.04: " + expected);
    assertTrue(expected.size() > 1, "and in slices: " + expected);
    assertEquals(expected, run.out().lines().filter(l -> l.startsWith("THRESHOLD")).toList());
    assertTrue(
        run.out().contains("thresholds: 1 checked, " + expected.size() + " violation"), run.out());
  }

  @Test
  void aNullBoundFailsItsThresholdAndSaysWhy() {
    // About 190 rows per model, country and day: with 1,000 buckets some stay empty, so the
    // slice has no bounds, while the overall row (20,000 rows) has them.
    String out = dir.resolve("small").toString();
    JobRun run =
        run(
            out,
            "slices=[[], [model_version, country, day]]",
            "evaluations.new_mse.buckets=1000",
            "comparisons=null",
            "thresholds=[{result = new_mse, max = 100, bound = upper, scope = every-slice}]");
    assertEquals(ExitCode.THRESHOLD.code(), run.code(), run.toString());
    List<Row> rows = JobResults.read(spark, out, "parquet");
    assertEquals(1 + 3 * 5 * 7, rows.size());
    Row overall = rows.get(0);
    assertFalse(overall.isNullAt(overall.fieldIndex("new_mse_upper")), overall.toString());
    List<String> violations = run.out().lines().filter(l -> l.startsWith("THRESHOLD")).toList();
    assertEquals(rows.size() - 1, violations.size(), run.out());
    for (int i = 1; i < rows.size(); i++) {
      Row r = rows.get(i);
      assertTrue(r.isNullAt(r.fieldIndex("new_mse_upper")), r.toString());
      assertFalse(r.isNullAt(r.fieldIndex("new_mse")), "the value is still given: " + r);
      assertEquals(
          "THRESHOLD VIOLATED: new_mse.upper <= 100.0 in every slice: new_mse.upper = "
              + "null (no interval here: a hash bucket of the slice holds no row, as with fewer "
              + "rows than buckets, or the jackknife's estimates are not finite; a missing bound "
              + "never passes) (new_mse = "
              + r.getAs("new_mse")
              + ", interval [null, null]) in "
              + "slice "
              + where(r),
          violations.get(i - 1));
    }
  }

  @Test
  void stillOnePassAndTheSameBitsOnAnyPartitioning() {
    JobConfig config = ConfigReader.read(JobRun.EXAMPLE, configuration());
    Dataset<Row> input = spark.table(VIEW);
    String plan =
        EvaluationQuery.build(
                input, "predictions", config.evaluations(), config.comparisons(), config.slices())
            .queryExecution()
            .executedPlan()
            .toString();
    assertEquals(1, count(plan, "FileScan parquet"), plan);
    assertEquals(1, count(plan, "Expand "), plan);
    assertEquals(1, count(plan, "Exchange "), plan);
    assertEquals(2, count(plan, "ObjectHashAggregate"), plan); // partial and final

    List<Row> first = null;
    for (int partitions : new int[] {1, 5, 64}) {
      List<Row> rows =
          EvaluationQuery.ordered(
                  EvaluationQuery.build(
                      input.repartition(partitions),
                      "predictions",
                      config.evaluations(),
                      config.comparisons(),
                      config.slices()),
                  config.slices())
              .collectAsList();
      if (first == null) {
        first = rows;
        continue;
      }
      assertEquals(first.size(), rows.size());
      for (int i = 0; i < rows.size(); i++) {
        for (String column : rows.get(i).schema().fieldNames()) {
          Object a = first.get(i).getAs(column);
          Object b = rows.get(i).getAs(column);
          String what = partitions + " partitions, row " + i + ", " + column;
          if (a instanceof Double) {
            JobResults.assertSameBits(a, b, what);
          } else {
            assertEquals(a, b, what);
          }
        }
      }
    }
  }

  private static int count(String text, String what) {
    return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
  }

  /** How the console names a row's slice. */
  private static String where(Row r) {
    String slice = r.getAs("slice");
    if (slice.equals("overall")) {
      return "overall";
    }
    List<String> parts = new ArrayList<>();
    for (String column : slice.split(",")) {
      parts.add(column + "=" + r.getAs(column));
    }
    return String.join(", ", parts);
  }
}
