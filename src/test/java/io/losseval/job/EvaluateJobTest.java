package io.losseval.job;

import static io.losseval.job.JobResults.EXAMPLE_COLUMNS;
import static io.losseval.job.JobResults.EXAMPLE_SQL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.losseval.job.config.ConfigReader;
import io.losseval.job.config.JobConfig;
import io.losseval.job.config.JobConfig.ReportSpec;
import io.losseval.job.output.OutputManifest;
import io.losseval.job.query.EvaluationQuery;
import io.losseval.spark.columnar.ColumnarPartialAggregateExec;
import io.losseval.testing.CapturedLogs;
import io.losseval.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The job end to end, in process, on the shared local session, over sample data it generated
 * itself: the example configuration, every output and input format, slices, thresholds and exit
 * codes, the no-partial-output guarantee, and the errors that need the input's schema. The tests
 * tagged "compat" (the example, one pass, any loss, thresholds, output formats, SQL mode) also run
 * on every other Spark line (tools/test-all).
 */
class EvaluateJobTest {
  static final long ROWS = 20_000;
  static final List<List<String>> EXAMPLE_SLICES =
      List.of(List.of(), List.of("model_version"), List.of("model_version", "country"));
  static final String VIEW = "job_test_predictions";

  @TempDir static Path data;
  @TempDir Path dir;

  static SparkSession spark;
  static String predictions;
  private static List<Row> exampleRows;

  @BeforeAll
  static void generateSampleData() {
    spark = SharedSpark.get();
    predictions = data.resolve("predictions.parquet").toString();
    JobRun run = JobRun.run(List.of("--generate-sample", String.valueOf(ROWS), predictions));
    assertEquals(0, run.code(), run.toString());
    spark.read().parquet(predictions).createOrReplaceTempView(VIEW);
  }

  /** The example configuration over the test's sample data, writing to {@code out}. */
  static JobRun example(String out, String... overrides) {
    List<String> args =
        new ArrayList<>(
            List.of(
                JobRun.EXAMPLE.toString(),
                "inputs.predictions.path=" + predictions,
                "output.path=" + out,
                "output.overwrite=false"));
    args.addAll(Arrays.asList(overrides));
    return JobRun.run(args);
  }

  /** The example's results (parquet), computed once. */
  synchronized List<Row> exampleRows() {
    if (exampleRows == null) {
      String out = data.resolve("example-results").toString();
      JobRun run = example(out);
      assertEquals(0, run.code(), run.toString());
      exampleRows = JobResults.read(spark, out, "parquet");
    }
    return exampleRows;
  }

  @Test
  void resultsComeOutInTheOrderTheConfigurationDeclaresThem() throws IOException {
    // Declared against the alphabet; m_mse and b_change come only from overrides, so they follow
    // the file's results in the overrides' order.
    Path conf = dir.resolve("order.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "inputs { predictions { path = \"" + predictions + "\" } }",
            "slices = [[], model_version]",
            "evaluations {",
            "  z_mse { loss = mse_loss, columns = [prediction, label], confidence = 0.9 }",
            "  a_mse { loss = mse_loss, columns = [click_prob, clicked], confidence = 0.9 }",
            "}",
            "comparisons { y_change { candidate = a_mse, baseline = z_mse } }",
            "report { title = order }",
            ""));
    Path out = dir.resolve("ordered");
    JobRun run =
        JobRun.run(
            List.of(
                conf.toString(),
                "output.path=" + out,
                "comparisons.b_change.candidate=z_mse",
                "comparisons.b_change.baseline=a_mse",
                "evaluations.m_mse.loss=mse_loss",
                "evaluations.m_mse.columns=[prediction, clicked]"));
    assertEquals(0, run.code(), run.toString());
    List<String> results = List.of("z_mse", "a_mse", "m_mse", "y_change", "b_change");

    assertEquals(
        List.of(
            "slice",
            "model_version",
            "rows",
            "z_mse",
            "z_mse_lower",
            "z_mse_upper",
            "z_mse_rows",
            "z_mse_skipped",
            "a_mse",
            "a_mse_lower",
            "a_mse_upper",
            "a_mse_rows",
            "a_mse_skipped",
            "m_mse",
            "m_mse_rows",
            "m_mse_skipped",
            "y_change",
            "y_change_lower",
            "y_change_upper",
            "b_change",
            "b_change_lower",
            "b_change_upper"),
        Arrays.asList(spark.read().parquet(out.toString()).columns()),
        "results table");

    JsonNode record = new ObjectMapper().readTree(out.resolve("_summary.json").toFile());
    List<String> inRecord = new ArrayList<>();
    record.get("evaluations").forEach(e -> inRecord.add(e.get("name").asText()));
    record.get("comparisons").forEach(c -> inRecord.add(c.get("name").asText()));
    assertEquals(results, inRecord, "_summary.json");

    String header =
        run.out().lines().filter(l -> l.startsWith("| model_version")).findFirst().orElseThrow();
    assertEquals(results, inOrderOfAppearance(header, results, "| ", " "), "console: " + header);

    String page = Files.readString(out.resolve(ReportSpec.IN_OUTPUT));
    assertEquals(
        results,
        inOrderOfAppearance(page, results, "<button type=\"button\">", "</button>"),
        "the report's table");
  }

  /** {@code names} sorted by where {@code before + name + after} first appears in {@code text}. */
  private static List<String> inOrderOfAppearance(
      String text, List<String> names, String before, String after) {
    for (String n : names) {
      assertTrue(text.contains(before + n + after), n + " in " + text);
    }
    return names.stream()
        .sorted(java.util.Comparator.comparingInt(n -> text.indexOf(before + n + after)))
        .toList();
  }

  @Test
  @Tag("compat")
  void exampleConfigurationEndToEnd() {
    String out = dir.resolve("results").toString();
    JobRun run = example(out);
    assertEquals(0, run.code(), run.toString());
    List<Row> rows = JobResults.read(spark, out, "parquet");
    JobResults.assertMatchReference(
        spark, rows, VIEW, EXAMPLE_SLICES, EXAMPLE_SQL, EXAMPLE_COLUMNS);
    assertEquals(
        List.of(
            "slice",
            "model_version",
            "country",
            "rows",
            "val_mse",
            "val_mse_rows",
            "val_mse_skipped",
            "val_ce",
            "val_ce_rows",
            "val_ce_skipped",
            "val_bce",
            "val_bce_rows",
            "val_bce_skipped",
            "val_kl",
            "val_kl_rows",
            "val_kl_skipped",
            "val_hinge",
            "val_hinge_rows",
            "val_hinge_skipped"),
        Arrays.asList(spark.read().parquet(out).columns()));
    assertTrue(JobResults.number(rows.get(0), "val_mse_skipped") > 0, "the sample has NULL labels");

    // Ordered as the slices are listed, then by keys; one data file.
    assertEquals("overall", rows.get(0).getAs("slice"));
    assertEquals(
        List.of("v1", "v2", "v3"),
        rows.subList(1, 4).stream().map(r -> (String) r.getAs("model_version")).toList());
    try (Stream<Path> files = Files.list(Path.of(out))) {
      assertEquals(1, files.filter(f -> f.getFileName().toString().endsWith(".parquet")).count());
    } catch (IOException e) {
      throw new AssertionError(e);
    }

    assertTrue(run.out().contains("| model_version | country |"), run.out());
    assertTrue(run.out().contains("val_mse_skipped"), "skipped rows shown: " + run.out());
    assertTrue(run.out().contains("thresholds: 2 checked, all held"), run.out());
    // The summary line, then the report page's location last (the example asks for a report).
    List<String> lines = run.out().strip().lines().toList();
    String summary = lines.get(lines.size() - 2);
    assertTrue(
        summary.matches(
            "losseval: 20,000 rows, 5 evaluations, 3 slices, 19 result rows "
                + "in [0-9.]+ s \\([0-9.]+ s evaluating, [0-9,]+ rows/s\\)"),
        summary);
    assertEquals(
        "report: " + Path.of(out, ReportSpec.IN_OUTPUT).toUri(), lines.get(lines.size() - 1));
  }

  @Test
  void theConsoleSaysOnlyWhatMattersAndOneThroughputFigure() throws IOException {
    // Issue 21: registration chatter, two throughput figures, a column list on every overwrite,
    // and slice values able to fake console lines.
    Path out = dir.resolve("console");
    JobRun run;
    org.apache.logging.log4j.Level before =
        org.apache.logging.log4j.LogManager.getLogger("io.losseval").getLevel();
    // INFO for the project, as conf/log4j2.properties (the job's default logging) sets it.
    org.apache.logging.log4j.core.config.Configurator.setLevel(
        "io.losseval", org.apache.logging.log4j.Level.INFO);
    try (CapturedLogs logs = CapturedLogs.capture()) {
      run = example(out.toString());
      assertEquals(0, run.code(), run.toString());
      assertEquals(List.of(), logs.mentioning("loss functions"));
    } finally {
      org.apache.logging.log4j.core.config.Configurator.setLevel("io.losseval", before);
    }
    JsonNode record = new ObjectMapper().readTree(out.resolve("_summary.json").toFile());
    double evaluating = record.at("/timings/evaluation_seconds").asDouble();
    String throughput = String.format(java.util.Locale.ROOT, "%,.0f rows/s", 20_000 / evaluating);
    assertTrue(
        run.out()
            .contains(
                String.format(
                    java.util.Locale.ROOT, "(%.1f s evaluating, %s)", evaluating, throughput)),
        run.out());
    assertTrue(
        Files.readString(out.resolve(ReportSpec.IN_OUTPUT)).contains(throughput),
        "the report shows the same figure");

    run = example(out.toString(), "output.overwrite=true");
    assertEquals(0, run.code(), run.toString());
    assertFalse(run.out().contains("replaced earlier results"), run.out());

    String faked = dir.resolve("faked.parquet").toString();
    spark
        .table(VIEW)
        .withColumn(
            "country",
            org.apache.spark.sql.functions.concat(
                org.apache.spark.sql.functions.col("country"),
                org.apache.spark.sql.functions.lit("\nTHRESHOLD VIOLATED: faked")))
        .write()
        .parquet(faked);
    run =
        example(
            dir.resolve("faked-out").toString(),
            "inputs.predictions.path=" + faked,
            "thresholds=[{result = val_bce, max = 0.0, scope = every-slice}]");
    assertEquals(ExitCode.THRESHOLD.code(), run.code(), run.toString());
    assertTrue(
        run.out().lines().noneMatch(l -> l.startsWith("THRESHOLD VIOLATED: faked")), run.out());
    assertTrue(run.out().contains("country=BR\\nTHRESHOLD VIOLATED: faked"), run.out());
  }

  @ParameterizedTest
  @Tag("compat")
  @ValueSource(strings = {"json", "csv"})
  void everyOutputFormatHoldsTheSameBits(String format) {
    String out = dir.resolve("results-" + format).toString();
    JobRun run = example(out, "output.format=" + format);
    assertEquals(0, run.code(), run.toString());
    JobResults.assertSameResults(
        exampleRows(),
        JobResults.read(spark, out, format),
        EXAMPLE_SLICES,
        List.copyOf(EXAMPLE_SQL.keySet()));
  }

  @Test
  @Tag("compat")
  void allEvaluationsAndSlicesInOnePass() {
    JobConfig config =
        ConfigReader.read(JobRun.EXAMPLE, List.of("inputs.predictions.path=" + predictions));
    Dataset<Row> input = spark.read().parquet(predictions);
    String plan =
        EvaluationQuery.build(
                input, "predictions", config.evaluations(), config.comparisons(), config.slices())
            .queryExecution()
            .executedPlan()
            .toString();
    assertEquals(1, count(plan, "FileScan parquet"), plan);
    assertEquals(1, count(plan, "Exchange "), plan);
    // Over Parquet the partial aggregate is the columnar one, with the grouping sets' Expand
    // folded into it; Spark's final aggregate merges its partial rows.
    assertEquals(1, count(plan, ColumnarPartialAggregateExec.NAME + "("), plan);
    assertEquals(1, count(plan, "grouping sets=3"), plan);
    assertEquals(0, count(plan, "Expand "), plan);
    assertEquals(1, count(plan, "ObjectHashAggregate"), plan); // the final one
  }

  private static int count(String text, String what) {
    Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  @Test
  void slicesWithoutOverallAndOverallOnly() {
    String out = dir.resolve("by-day").toString();
    List<List<String>> slices = List.of(List.of("country"), List.of("day", "model_version"));
    JobRun run = example(out, "slices=[country, [day, model_version]]", "thresholds=[]");
    assertEquals(0, run.code(), run.toString());
    List<Row> rows = JobResults.read(spark, out, "parquet");
    JobResults.assertMatchReference(spark, rows, VIEW, slices, EXAMPLE_SQL, EXAMPLE_COLUMNS);
    assertEquals(5 + 7 * 3, rows.size());
    assertEquals("country", rows.get(0).getAs("slice"));
    assertTrue(rows.get(0).isNullAt(rows.get(0).fieldIndex("day")), "not grouped by day");
    assertEquals("day,model_version", rows.get(5).getAs("slice"));

    String overall = dir.resolve("overall").toString();
    run = example(overall, "slices=[]");
    assertEquals(0, run.code(), run.toString());
    rows = JobResults.read(spark, overall, "parquet");
    JobResults.assertMatchReference(
        spark, rows, VIEW, List.of(List.of()), EXAMPLE_SQL, EXAMPLE_COLUMNS);
    assertEquals(
        List.of("slice", "rows"),
        Arrays.asList(spark.read().parquet(overall).columns()).subList(0, 2),
        "no key columns");
  }

  @Test
  @Tag("compat")
  void anyCatalogLossWorksThroughConfiguration() {
    // Losses beyond the example's five, with options, configured and overridden like any other.
    String out = dir.resolve("more-losses").toString();
    JobRun run =
        example(
            out,
            "evaluations=null",
            "thresholds=[]",
            "slices=[[], [model_version]]",
            "evaluations.val_nll={loss = nll_loss, columns = [log_probs, target_class], "
                + "options {weight = [1.0, 2.0, 0.5, 1.0]}}",
            "evaluations.val_huber={loss = huber_loss, columns = [prediction, label], "
                + "reduction = sum, options {delta = 0.5}}",
            "evaluations.val_soft={loss = soft_margin_loss, columns = [distance, same]}",
            "evaluations.val_mm={loss = multi_margin_loss, columns = [logits, target_class], "
                + "reduction = batchmean, options {p = 2, margin = 0.5}}");
    assertEquals(0, run.code(), run.toString());
    Map<String, String> sql = new java.util.LinkedHashMap<>();
    Map<String, List<String>> columns = new java.util.LinkedHashMap<>();
    sql.put("val_huber", "huber_loss(prediction, label, 'sum', named_struct('delta', 0.5D))");
    columns.put("val_huber", List.of("prediction", "label"));
    sql.put(
        "val_mm",
        "multi_margin_loss(logits, target_class, 'batchmean', "
            + "named_struct('p', 2, 'margin', 0.5D))");
    columns.put("val_mm", List.of("logits", "target_class"));
    sql.put(
        "val_nll",
        "nll_loss(log_probs, target_class, 'mean', "
            + "named_struct('weight', array(1.0D, 2.0D, 0.5D, 1.0D)))");
    columns.put("val_nll", List.of("log_probs", "target_class"));
    sql.put("val_soft", "soft_margin_loss(distance, same)");
    columns.put("val_soft", List.of("distance", "same"));
    JobResults.assertMatchReference(
        spark,
        JobResults.read(spark, out, "parquet"),
        VIEW,
        List.of(List.of(), List.of("model_version")),
        sql,
        columns);
  }

  @Test
  @Tag("compat")
  void thresholdViolationsAreReportedAfterTheResultsAreWritten() {
    String out = dir.resolve("gated").toString();
    JobRun run =
        example(
            out,
            "thresholds=[{result = val_ce, max = 0.1}, "
                + "{result = val_bce, min = 0.16, scope = every-slice}, {result = val_mse, max = 100}]");
    assertEquals(ExitCode.THRESHOLD.code(), run.code(), run.toString());
    List<Row> rows = JobResults.read(spark, out, "parquet");
    JobResults.assertSameResults(
        exampleRows(), rows, EXAMPLE_SLICES, List.copyOf(EXAMPLE_SQL.keySet()));

    List<String> expected = new ArrayList<>();
    Row overall = JobResults.slice(rows, List.of()).get(List.of());
    expected.add(
        "THRESHOLD VIOLATED: val_ce <= 0.1 overall: val_ce = "
            + overall.getAs("val_ce")
            + " in slice overall");
    for (Row r : rows) {
      double bce = r.getAs("val_bce");
      if (bce < 0.16) {
        String slice = r.getAs("slice");
        String where =
            slice.equals("overall")
                ? "overall"
                : slice.equals("model_version")
                    ? "model_version=" + r.getAs("model_version")
                    : "model_version="
                        + r.getAs("model_version")
                        + ", country="
                        + r.getAs("country");
        expected.add(
            "THRESHOLD VIOLATED: val_bce >= 0.16 in every slice: val_bce = "
                + bce
                + " in slice "
                + where);
      }
    }
    assertTrue(expected.size() > 2, "the limits were chosen to break in some slices");
    List<String> printed = run.out().lines().filter(l -> l.startsWith("THRESHOLD")).toList();
    assertEquals(expected, printed);
    assertTrue(run.out().contains("thresholds: 3 checked, " + expected.size() + " violations"));
  }

  @Test
  void aJobThatFailsMidwayLeavesNoOutput() throws IOException {
    // One row with a class index out of range: cross_entropy throws inside the write's tasks.
    String bad = badTargetClass(dir.resolve("bad.parquet"));
    Path parent = dir.resolve("outputs");
    Files.createDirectories(parent);
    String out = parent.resolve("results").toString();
    JobRun run = example(out, "inputs.predictions.path=" + bad);
    assertEquals(ExitCode.DATA.code(), run.code(), run.toString());
    assertTrue(run.err().contains("cross_entropy"), run.err());
    assertTrue(run.err().contains("7"), run.err());
    assertFalse(Files.exists(Path.of(out)));
    try (Stream<Path> left = Files.list(parent)) {
      assertEquals(List.of(), left.toList(), "no temporary directory left behind");
    }

    // Earlier results that may be overwritten survive a failed run untouched.
    assertEquals(0, example(out).code());
    run = example(out, "inputs.predictions.path=" + bad, "output.overwrite=true");
    assertEquals(ExitCode.DATA.code(), run.code(), run.toString());
    JobResults.assertSameResults(
        exampleRows(),
        JobResults.read(spark, out, "parquet"),
        EXAMPLE_SLICES,
        List.copyOf(EXAMPLE_SQL.keySet()));
    try (Stream<Path> left = Files.list(parent)) {
      assertEquals(List.of(Path.of(out)), left.toList());
    }
  }

  /** The sample data with target_class 7 (out of range for 4 classes) in the row of id 12345. */
  static String badTargetClass(Path path) {
    spark
        .table(VIEW)
        .selectExpr("*", "CASE WHEN id = 12345 THEN 7 ELSE target_class END AS t")
        .drop("target_class")
        .withColumnRenamed("t", "target_class")
        .repartition(4)
        .write()
        .parquet(path.toString());
    return path.toString();
  }

  @Test
  void anExistingOutputIsReplacedOnlyWhenAllowedAndOnlyIfTheJobWroteIt() throws IOException {
    Path out = dir.resolve("existing");
    Files.createDirectories(out);
    Files.writeString(out.resolve("previous"), "kept");
    JobRun run = example(out.toString());
    assertEquals(ExitCode.CONFIG.code(), run.code(), run.toString());
    assertTrue(
        run.err()
            .contains(
                "output.path: 'file:" + out + "' already exists; set " + "output.overwrite = true"),
        run.err());
    assertTrue(Files.exists(out.resolve("previous")));

    run = example(out.toString(), "output.overwrite=true");
    assertEquals(ExitCode.CONFIG.code(), run.code(), run.toString());
    assertTrue(
        run.err()
            .contains(
                "output.path: 'file:"
                    + out
                    + "' exists and was not written "
                    + "by this job (it has no _losseval.json); overwrite replaces only the job's own "
                    + "results"),
        run.err());
    assertEquals("kept", Files.readString(out.resolve("previous")));

    Files.delete(out.resolve("previous"));
    run =
        example(
            out.toString(), "output.overwrite=true", "evaluations.val_mse=null", "thresholds=[]");
    assertEquals(0, run.code(), run.toString());
    run = example(out.toString(), "output.overwrite=true");
    assertEquals(0, run.code(), run.toString());
    assertTrue(
        run.out()
            .contains(
                "results: replaced earlier results with other columns: "
                    + "added val_mse double, val_mse_rows bigint, val_mse_skipped bigint\n"),
        "the changed columns are named: " + run.out());
    JobResults.assertSameResults(
        exampleRows(),
        JobResults.read(spark, out.toString(), "parquet"),
        EXAMPLE_SLICES,
        List.copyOf(EXAMPLE_SQL.keySet()));
    OutputManifest manifest = OutputManifest.parse(Files.readString(out.resolve("_losseval.json")));
    assertEquals("evaluation", manifest.kind());
    assertEquals(
        List.of(
            "slice string",
            "model_version string",
            "country string",
            "rows bigint",
            "val_mse double",
            "val_mse_rows bigint",
            "val_mse_skipped bigint"),
        manifest.columns().subList(0, 7));
  }

  @Test
  void missingInputPathTableAndColumns() {
    String missing = dir.resolve("no-such-dir/predictions.parquet").toString();
    JobRun run = example(dir.resolve("a").toString(), "inputs.predictions.path=" + missing);
    assertEquals(2, run.code(), run.toString());
    assertTrue(
        run.err().contains("inputs.predictions.path: input path does not exist: " + missing),
        run.err());

    run =
        example(
            dir.resolve("b").toString(),
            "inputs.predictions.path=null",
            "inputs.predictions.format=null",
            "inputs.predictions.table=no_such_table");
    assertEquals(2, run.code(), run.toString());
    assertTrue(
        run.err().contains("inputs.predictions.table: cannot read table 'no_such_table'"),
        run.err());

    run = example(dir.resolve("c").toString(), "evaluations.val_mse.columns.target=lable");
    assertEquals(2, run.code(), run.toString());
    assertTrue(
        run.err()
            .contains(
                "evaluations.val_mse.columns.target: column 'lable' is not in "
                    + "the input; available columns: id, model_version, country, day, prediction, label, "
                    + "click_prob, clicked, logits, target_class, log_probs, teacher_probs, distance, same"),
        run.err());

    run = example(dir.resolve("d").toString(), "slices=[[], [contry]]");
    assertEquals(2, run.code(), run.toString());
    assertTrue(run.err().contains("slices[1]: column 'contry' is not in the input"), run.err());
    for (String out : List.of("a", "b", "c", "d")) {
      assertFalse(Files.exists(dir.resolve(out)));
    }
  }

  @Test
  void columnsOfTheWrongTypeAndInvalidOptionValuesNameTheEvaluation() {
    JobRun run = example(dir.resolve("a").toString(), "evaluations.val_mse.columns.input=country");
    assertEquals(2, run.code(), run.toString());
    assertTrue(
        run.err()
            .contains(
                "evaluations.val_mse: mse_loss: argument input (predictions.country) has "
                    + "type string"),
        run.err());

    // Checked before Spark once the core declares the option's range, by Spark's analysis
    // before that: either way exit code 2 naming the evaluation, the option and the value.
    run = example(dir.resolve("b").toString(), "evaluations.val_ce.options.label_smoothing=1.5");
    assertEquals(2, run.code(), run.toString());
    assertTrue(
        run.err()
            .contains(
                "evaluations.val_ce.options.label_smoothing: cross_entropy: "
                    + "option 'label_smoothing' = 1.5 is not allowed; it must be between 0.0 and 1.0"),
        run.err());
  }

  @Test
  void orcJsonAndCsvInputsGiveTheSameBits() throws IOException {
    Dataset<Row> frame = spark.read().parquet(predictions);
    String orc = dir.resolve("in.orc").toString();
    String json = dir.resolve("in.json").toString();
    String csv = dir.resolve("in.csv").toString();
    frame.write().orc(orc);
    frame.write().json(json);
    // CSV holds no arrays: the scalar columns only.
    frame
        .select(
            "id",
            "model_version",
            "country",
            "prediction",
            "label",
            "click_prob",
            "clicked",
            "distance",
            "same")
        .write()
        .option("header", "true")
        .csv(csv);
    List<String> scalarResults = List.of("val_bce", "val_hinge", "val_mse");
    for (String[] input : new String[][] {{orc, "orc"}, {json, "json"}, {csv, "csv"}}) {
      String out = dir.resolve("from-" + input[1]).toString();
      List<String> args =
          new ArrayList<>(
              List.of(
                  "inputs.predictions.path=" + input[0], "inputs.predictions.format=" + input[1]));
      if (input[1].equals("csv")) {
        args.add("evaluations.val_ce=null");
        args.add("evaluations.val_kl=null");
        args.add("thresholds=[{result = val_bce, max = 0.7, scope = every-slice}]");
      }
      JobRun run = example(out, args.toArray(new String[0]));
      assertEquals(0, run.code(), input[1] + ": " + run);
      JobResults.assertSameResults(
          exampleRows(),
          JobResults.read(spark, out, "parquet"),
          EXAMPLE_SLICES,
          input[1].equals("csv") ? scalarResults : List.copyOf(EXAMPLE_SQL.keySet()));
    }
  }

  @Test
  void tableQueryAndGeneratedInputs() throws IOException {
    String out = dir.resolve("table").toString();
    JobRun run =
        example(
            out,
            "inputs.predictions.path=null",
            "inputs.predictions.format=null",
            "inputs.predictions.table=" + VIEW);
    assertEquals(0, run.code(), run.toString());
    JobResults.assertSameResults(
        exampleRows(),
        JobResults.read(spark, out, "parquet"),
        EXAMPLE_SLICES,
        List.copyOf(EXAMPLE_SQL.keySet()));

    Path conf = dir.resolve("generated.conf");
    // null first: HOCON would otherwise merge the new object into the example's path input.
    Files.writeString(
        conf,
        "include file(\""
            + JobRun.EXAMPLE.toAbsolutePath()
            + "\")\n"
            + "inputs.predictions = null\n"
            + "inputs.predictions = { sample-rows = "
            + ROWS
            + ", sample-partitions = 3 }\n");
    out = dir.resolve("generated").toString();
    run = JobRun.run(List.of(conf.toString(), "output.path=" + out, "output.overwrite=false"));
    assertEquals(0, run.code(), run.toString());
    JobResults.assertSameResults(
        exampleRows(),
        JobResults.read(spark, out, "parquet"),
        EXAMPLE_SLICES,
        List.copyOf(EXAMPLE_SQL.keySet()));

    out = dir.resolve("query").toString();
    run =
        example(
            out,
            "from=null",
            "query=SELECT * FROM predictions WHERE model_version = 'v2'",
            "slices=[[], country]",
            "thresholds=[]");
    assertEquals(0, run.code(), run.toString());
    spark
        .sql("SELECT * FROM " + VIEW + " WHERE model_version = 'v2'")
        .createOrReplaceTempView("job_test_v2");
    JobResults.assertMatchReference(
        spark,
        JobResults.read(spark, out, "parquet"),
        "job_test_v2",
        List.of(List.of(), List.of("country")),
        EXAMPLE_SQL,
        EXAMPLE_COLUMNS);
  }

  @Test
  @Tag("compat")
  void sqlModeRunsTheExampleFiles() {
    String out = dir.resolve("sql").toString();
    JobRun run =
        example(
            dir.resolve("evaluation").toString(),
            "--sql",
            "jobs/sql/losses_by_model.sql",
            "sql-output.path=" + out);
    assertEquals(0, run.code(), run.toString());
    assertFalse(Files.exists(dir.resolve("evaluation")), "SQL mode never writes to output");
    List<Row> rows = JobResults.read(spark, out, "parquet");
    Map<List<String>, Row> byModel = JobResults.slice(exampleRows(), List.of("model_version"));
    assertEquals(3, rows.size());
    for (Row r : rows) {
      Row expected = byModel.get(List.of((String) r.getAs("model_version")));
      assertEquals(JobResults.number(expected, "rows"), JobResults.number(r, "rows"));
      for (String[] pair :
          new String[][] {
            {"val_mse", "mse"},
            {"val_ce", "ce"},
            {"val_bce", "bce"},
            {"val_kl", "kl"},
            {"val_hinge", "hinge"}
          }) {
        JobResults.assertSameBits(expected.getAs(pair[0]), r.getAs(pair[1]), pair[1]);
      }
    }
    assertTrue(run.out().contains("| model_version |"), run.out());
    assertTrue(run.out().contains("| hinge "), run.out());
    assertTrue(run.out().contains("results: file:" + out + " (parquet)"), run.out());
    assertTrue(
        run.out()
            .contains(
                "losseval: SQL jobs/sql/losses_by_model.sql, 1 statements, " + "3 result rows"),
        run.out());

    run =
        JobRun.run(
            List.of(
                JobRun.EXAMPLE.toString(),
                "inputs.predictions.path=" + predictions,
                "output=null",
                "--sql",
                "jobs/sql/worst_rows.sql",
                "console.max-rows=5"));
    assertEquals(0, run.code(), run.toString());
    assertTrue(run.out().contains("... 15 more rows"), run.out());
    assertTrue(run.out().contains("2 statements, 20 result rows"), run.out());
  }

  @Test
  void sqlErrorsAreInputErrors() throws IOException {
    Path sql = dir.resolve("broken.sql");
    Files.writeString(sql, "SELECT mse_loss(prediction) FROM predictions");
    JobRun run = example(dir.resolve("x").toString(), "--sql", sql.toString());
    assertEquals(2, run.code(), run.toString());
    assertTrue(
        run.err().contains(sql + ", statement 1: mse_loss takes 2 tensor arguments"), run.err());
  }

  @Test
  void theConsoleShowsAtMostMaxRows() {
    JobRun run = example(dir.resolve("few").toString(), "console.max-rows=2");
    assertEquals(0, run.code(), run.toString());
    assertTrue(run.out().contains("... 17 more result rows in file:"), run.out());
  }

  @Test
  void sampleDataIsNotOverwritten() {
    JobRun run = JobRun.run(List.of("--generate-sample", "10", predictions));
    assertEquals(2, run.code(), run.toString());
    assertTrue(run.err().contains("already exists"), run.err());
    assertEquals(ROWS, spark.read().parquet(predictions).count());
  }
}
