package io.losseval.bench;

import io.losseval.job.query.SampleData;
import io.losseval.ml.LossEvaluator;
import io.losseval.spark.LossConf;
import io.losseval.testing.SessionSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * End-to-end Spark benchmark of this project's aggregates against what users would otherwise run:
 * the native SQL they would write, a first-try typed {@code Aggregator} registered with {@code
 * functions.udaf}, and MLlib's evaluators. Data is deterministic and cached; every case runs its
 * variants in interleaved rounds in one JVM (so that machine noise hits all of them alike), checks
 * that they agree, and prints medians, min/max and ratios as Markdown tables, then the issue's
 * goals with the measured ratio. Run it with {@code jobs/benchmark} (see jobs/BENCHMARKS.md); this
 * is a measurement, not a test.
 */
public final class SparkBenchmark {
  static final String FALLBACK = "spark.sql.objectHashAggregate.sortBased.fallbackThreshold";
  static final int CLASSES = 10;
  // Every row is skipped after one NULL test: what Spark's row-at-a-time aggregation path costs
  // any ImperativeAggregate, with next to no work of ours.
  static final String FLOOR = "floor: mse_loss skipping every row (NULL label)";
  static final String NULL_ARGS = "prediction, no_label";
  // The same query with the columnar partial aggregation turned off: Spark's row path.
  static final String ROW_PATH = " (row path)";
  static final String NATIVE_MSE = "native avg(pow(prediction - label, 2))";
  static final String MSE = "mse_loss(prediction, label)";
  // a comparison of the model "other" against "prediction", and the two plain losses it replaces
  static final String COMPARE = "mse_loss_compare(other, label, prediction, label).difference";
  static final String PLAIN_PAIR = "mse_loss(other, label) - mse_loss(prediction, label)";
  static final String EVALUATOR_MSE = "LossEvaluator mse_loss";
  static final String EVALUATOR_CE = "LossEvaluator cross_entropy (logits)";
  // The scan floor of the cross-entropy cases: reading the arrays and one value of each.
  static final String SCAN = "sum(logits[0]) (scanning the arrays)";
  static final String PER_ROW_MSE_NATIVE =
      "native sum((prediction - label) * (prediction - label))";
  static final String PER_ROW_MSE = "sum(mse_loss_none(prediction, label))";
  static final String PER_ROW_CE_NATIVE = "native sum(...), log-softmax written out class by class";
  static final String PER_ROW_CE = "sum(cross_entropy_none(logits, label))";

  /** One way of computing a case's value. */
  record Variant(
      String name,
      Callable<Double> run,
      double tolerance,
      String groupQuery,
      Map<String, String> conf) {
    static Variant of(String name, Callable<Double> run) {
      return new Variant(name, run, 1e-9, null, Map.of());
    }

    /** A variant whose value is not compared (a fixed-cost reference such as count(*)). */
    static Variant info(String name, Callable<Double> run) {
      return new Variant(name, run, Double.NaN, null, Map.of());
    }
  }

  /** The measured times of one variant. */
  record Result(String caseName, String variant, double[] seconds, double value, String ratio) {
    double median() {
      return SparkBenchmark.median(seconds);
    }
  }

  private final Options opt;
  private final SparkSession spark;
  private final Map<String, Result> results = new LinkedHashMap<>();
  private final StringBuilder report = new StringBuilder();
  private boolean agreementFailed;

  SparkBenchmark(Options opt, SparkSession spark) {
    this.opt = opt;
    this.spark = spark;
  }

  public static void main(String[] args) throws Exception {
    Options opt = Options.parse(args);
    SparkSession spark =
        SparkSession.builder()
            .master(opt.master)
            .appName("spark-loss-evaluator-benchmark")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.driver.host", "127.0.0.1")
            .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    // The loss functions come with the session: the jar's SparkSessionExtensionsProvider.
    spark
        .udf()
        .register(
            "mse_udaf",
            functions.udaf(new FirstTryAggregators.Mse(), FirstTryAggregators.Mse.INPUT));
    spark
        .udf()
        .register(
            "ce_udaf",
            functions.udaf(
                new FirstTryAggregators.CrossEntropy(), FirstTryAggregators.CrossEntropy.INPUT));
    SparkBenchmark b = new SparkBenchmark(opt, spark);
    b.header();
    if (opt.memory) {
      b.memoryCase();
    } else {
      b.runCases();
    }
    System.out.println(b.report);
    spark.stop();
    if (b.agreementFailed) {
      System.out.println("FAILED: some variants disagree (see 'DISAGREE' above)");
      System.exit(1);
    }
  }

  private void header() {
    Runtime rt = Runtime.getRuntime();
    out("## Spark loss benchmark\n");
    out(
        String.format(
            Locale.ROOT,
            "Spark %s, Java %s, %s, %d cores, max heap %d MiB, master %s, "
                + "%d partitions, %d warm-up + %d measured rounds, row scale %s%n",
            spark.version(),
            System.getProperty("java.version"),
            System.getProperty("os.name") + " " + System.getProperty("os.arch"),
            rt.availableProcessors(),
            rt.maxMemory() >> 20,
            opt.master,
            opt.partitions,
            opt.warmup,
            opt.rounds,
            fmt(opt.scale)));
  }

  // ---- the cases --------------------------------------------------------------------------------

  private void runCases() throws Exception {
    long rows = opt.rows(10_000_000L);
    Path data = Files.createTempDirectory(Path.of("target"), "bench-data-");
    try {
      runCases(rows, data);
    } finally {
      deleteTree(data);
    }
    goals();
  }

  private void runCases(long rows, Path data) throws Exception {
    boolean cached =
        opt.runs("mse")
            || opt.runs("group")
            || opt.runs("scale")
            || opt.runs("ci")
            || opt.runs("evaluator")
            || opt.runs("none");
    Dataset<Row> reg = cached ? cache("reg", regression(rows, true)) : null;
    String p = "prediction, label";
    if (opt.runs("mse")) {
      runCase(
          "mse",
          "MSE, " + count(rows) + " rows, no grouping, cached",
          List.of(
              Variant.of(
                  NATIVE_MSE, () -> sqlValue("SELECT avg(pow(prediction - label, 2)) FROM reg")),
              Variant.of(
                  "first-try typed Aggregator (udaf)",
                  () -> sqlValue("SELECT mse_udaf(" + p + ") FROM reg")),
              Variant.of(
                  "MLlib RegressionEvaluator mse",
                  () ->
                      new RegressionEvaluator()
                          .setMetricName("mse")
                          .setPredictionCol("prediction")
                          .setLabelCol("label")
                          .evaluate(reg)),
              Variant.of(MSE, () -> sqlValue("SELECT " + MSE + " FROM reg")),
              rowPath(Variant.of(MSE + ROW_PATH, () -> sqlValue("SELECT " + MSE + " FROM reg"))),
              Variant.info(
                  "count(*) (fixed per-query cost)", () -> sqlValue("SELECT count(*) FROM reg")),
              rowPath(
                  Variant.info(
                      FLOOR, () -> sqlValue("SELECT mse_loss(" + NULL_ARGS + ") FROM reg")))));
    }
    if (opt.runs("mseparquet") || opt.runs("stringkey")) {
      // Written once, read in every round (the page cache stays warm); a string key of 1,000
      // values beside the numbers.
      parquet(
          "regp",
          data,
          regression(rows, true)
              .selectExpr("prediction", "label", "k1k", "concat('key_', k1k) AS s1k"));
    }
    if (opt.runs("mseparquet")) {
      runCase(
          "mseparquet",
          "MSE, " + count(rows) + " rows, no grouping, Parquet",
          List.of(
              Variant.of(
                  NATIVE_MSE, () -> sqlValue("SELECT avg(pow(prediction - label, 2)) FROM regp")),
              Variant.of(MSE, () -> sqlValue("SELECT " + MSE + " FROM regp")),
              rowPath(Variant.of(MSE + ROW_PATH, () -> sqlValue("SELECT " + MSE + " FROM regp"))),
              Variant.info(
                  "count(*) (fixed per-query cost)", () -> sqlValue("SELECT count(*) FROM regp"))));
    }
    if (opt.runs("group")) {
      // 1,000 and 10,000 also show where raising the row path's object-hash-aggregate fallback
      // threshold pays (see jobs/BENCHMARKS.md).
      for (String key : List.of("k100", "k1k", "k10k", "k100k")) {
        String keys =
            Map.of("k100", "100", "k1k", "1,000", "k10k", "10,000", "k100k", "100,000").get(key);
        List<Variant> vs = new ArrayList<>();
        vs.add(grouped(NATIVE_MSE, "reg", key, "avg(pow(prediction - label, 2))", Map.of()));
        if (key.equals("k100") || key.equals("k100k")) {
          vs.add(
              grouped(
                  "first-try typed Aggregator (udaf)",
                  "reg",
                  key,
                  "mse_udaf(prediction, label)",
                  Map.of()));
        }
        vs.add(grouped(MSE, "reg", key, MSE, Map.of()));
        vs.add(
            grouped(MSE + ROW_PATH, "reg", key, MSE, Map.of(LossConf.COLUMNAR_ENABLED, "false")));
        if (!key.equals("k100")) {
          vs.add(
              grouped(
                  MSE + ROW_PATH + ", fallbackThreshold=" + opt.threshold,
                  "reg",
                  key,
                  MSE,
                  Map.of(
                      LossConf.COLUMNAR_ENABLED,
                      "false",
                      FALLBACK,
                      Integer.toString(opt.threshold))));
        }
        runCase(
            "group " + key,
            "MSE, "
                + count(rows)
                + " rows, GROUP BY "
                + keys
                + " int keys, "
                + "cached (value: sum over groups)",
            vs);
      }
    }
    if (opt.runs("stringkey")) {
      runCase(
          "stringkey",
          "MSE, "
              + count(rows)
              + " rows, GROUP BY 1,000 string keys, Parquet "
              + "(value: sum over groups)",
          List.of(
              grouped(NATIVE_MSE, "regp", "s1k", "avg(pow(prediction - label, 2))", Map.of()),
              grouped(MSE, "regp", "s1k", MSE, Map.of()),
              grouped(
                  MSE + ROW_PATH, "regp", "s1k", MSE, Map.of(LossConf.COLUMNAR_ENABLED, "false"))));
    }
    if (opt.runs("scale")) {
      long big = rows * 4;
      cache("reg4", regression(big, false));
      runCase(
          "scale",
          "Scale: " + count(rows) + " versus " + count(big) + " rows",
          List.of(
              Variant.info(
                  "native avg(pow(...)), " + count(rows),
                  () -> sqlValue("SELECT avg(pow(prediction - label, 2)) FROM reg")),
              Variant.info(
                  "native avg(pow(...)), " + count(big),
                  () -> sqlValue("SELECT avg(pow(prediction - label, 2)) FROM reg4")),
              Variant.info(
                  "mse_loss, " + count(rows),
                  () -> sqlValue("SELECT mse_loss(prediction, label) FROM reg")),
              Variant.info(
                  "mse_loss, " + count(big),
                  () -> sqlValue("SELECT mse_loss(prediction, label) FROM reg4"))));
      spark.catalog().uncacheTable("reg4");
    }
    if (opt.runs("stream")) {
      streamCase(opt.rows(2_000_000L), data);
    }
    if (opt.runs("ci")) {
      intervalCases(rows, data);
    }
    long ceRows = opt.rows(2_000_000L);
    if (opt.runs("evaluator")) {
      evaluatorCases(reg, rows, ceRows);
    }
    if (opt.runs("none")) {
      perRowMseCase(rows);
    }
    if (cached) {
      spark.catalog().uncacheTable("reg");
    }
    if (opt.runs("ce") || opt.runs("none")) {
      // A cache with arrays is never read as column batches: this case runs the row path.
      cache("cls", classification(ceRows));
    }
    if (opt.runs("ce")) {
      runCase(
          "ce",
          "Softmax cross-entropy, " + count(ceRows) + " rows x " + CLASSES + " classes, cached",
          crossEntropyVariants("cls", true));
    }
    if (opt.runs("none")) {
      perRowCrossEntropyCase(ceRows);
    }
    if (opt.runs("ce") || opt.runs("none")) {
      spark.catalog().uncacheTable("cls");
    }
    if (opt.runs("ceparquet")) {
      parquet("clsp", data, classification(ceRows));
      runCase(
          "ceparquet",
          "Softmax cross-entropy, " + count(ceRows) + " rows x " + CLASSES + " classes, Parquet",
          crossEntropyVariants("clsp", false));
    }
    if (opt.runs("job")) {
      long jobRows = opt.rows(2_000_000L);
      parquet("jobp", data, SampleData.frame(spark, jobRows, opt.partitions));
      runCase(
          "job",
          "The batch job's one-pass query: "
              + count(jobRows)
              + " rows, 5 losses, "
              + "3 slices (GROUPING SETS), Parquet (value: sum of the losses over slices)",
          List.of(
              Variant.of(
                  "native SQL, GROUP BY GROUPING SETS", () -> jobValue(JobQuery.nativeSql())),
              Variant.of("the job's query (loss functions)", () -> jobValue(JobQuery.lossSql())),
              rowPath(
                  Variant.of("the job's query" + ROW_PATH, () -> jobValue(JobQuery.lossSql())))));
    }
  }

  /**
   * The per-row form {@code mse_loss_none} summed by Spark's {@code sum}, against the same sum of
   * the hand-written per-row expression; both are Spark's own (non-exact) double sums of the same
   * per-row values, so they differ only in summation order.
   */
  private void perRowMseCase(long rows) throws Exception {
    runCase(
        "none mse",
        "Per-row form: sum(mse_loss_none(...)), " + count(rows) + " rows, cached",
        List.of(
            Variant.of(
                PER_ROW_MSE_NATIVE,
                () -> sqlValue("SELECT sum((prediction - label) * (prediction - label)) FROM reg")),
            Variant.of(
                PER_ROW_MSE,
                () -> sqlValue("SELECT sum(mse_loss_none(prediction, label)) FROM reg")),
            Variant.info(
                "sum(prediction) (scanning the column)",
                () -> sqlValue("SELECT sum(prediction) FROM reg"))));
  }

  /**
   * The per-row form {@code cross_entropy_none} summed by Spark's {@code sum}, against the sum of
   * the log-softmax expression written out class by class.
   */
  private void perRowCrossEntropyCase(long ceRows) throws Exception {
    runCase(
        "none ce",
        "Per-row form: sum(cross_entropy_none(...)), "
            + count(ceRows)
            + " rows x "
            + CLASSES
            + " classes, cached",
        List.of(
            Variant.of(
                PER_ROW_CE_NATIVE,
                () -> sqlValue("SELECT sum(" + writtenOutCrossEntropy() + ")" + withMax("cls"))),
            Variant.of(
                PER_ROW_CE,
                () -> sqlValue("SELECT sum(cross_entropy_none(logits, label)) FROM cls")),
            Variant.info(SCAN, () -> sqlValue("SELECT sum(logits[0]) FROM cls"))));
  }

  /** {@code table}'s logits and labels with each row's maximum logit {@code m}. */
  private static String withMax(String table) {
    return " FROM (SELECT logits, label, array_max(logits) AS m FROM " + table + ")";
  }

  /** A row's softmax cross-entropy in native SQL, written out class by class. */
  private static String writtenOutCrossEntropy() {
    StringBuilder writtenOut = new StringBuilder();
    for (int c = 0; c < CLASSES; c++) {
      writtenOut.append(c == 0 ? "" : " + ").append("exp(logits[").append(c).append("] - m)");
    }
    return "m + ln(" + writtenOut + ") - logits[label]";
  }

  private List<Variant> crossEntropyVariants(String table, boolean all) {
    String from = withMax(table);
    List<Variant> vs = new ArrayList<>();
    vs.add(
        Variant.of(
            "native SQL, written out class by class",
            () -> sqlValue("SELECT avg(" + writtenOutCrossEntropy() + ")" + from)));
    if (all) {
      vs.add(
          Variant.of(
              "native SQL, aggregate(...) lambda",
              () ->
                  sqlValue(
                      "SELECT avg(m + ln(aggregate(logits, 0D, (acc, x) -> acc + exp(x - m)))"
                          + " - logits[label])"
                          + from)));
      vs.add(
          Variant.of(
              "first-try typed Aggregator (udaf)",
              () -> sqlValue("SELECT ce_udaf(logits, label) FROM " + table)));
    }
    // MLlib clips probabilities to [1e-15, 1 - 1e-15] and reads softmax outputs that were
    // rounded once more, so it agrees only loosely.
    vs.add(
        new Variant(
            "MLlib MulticlassClassificationEvaluator logLoss",
            () ->
                new MulticlassClassificationEvaluator()
                    .setMetricName("logLoss")
                    .setProbabilityCol("probability")
                    .setLabelCol("label")
                    .setPredictionCol("prediction")
                    .evaluate(spark.table(table)),
            1e-6,
            null,
            Map.of()));
    String ce = "cross_entropy(logits, label)";
    vs.add(Variant.of(ce, () -> sqlValue("SELECT " + ce + " FROM " + table)));
    if (!all) {
      vs.add(rowPath(Variant.of(ce + ROW_PATH, () -> sqlValue("SELECT " + ce + " FROM " + table))));
    }
    vs.add(Variant.info(SCAN, () -> sqlValue("SELECT sum(logits[0]) FROM " + table)));
    return vs;
  }

  /**
   * Model selection's evaluators on the same cached rows: {@code LossEvaluator.evaluate} against
   * MLlib's RegressionEvaluator(mse) on the regression rows, and against
   * MulticlassClassificationEvaluator(logLoss) on the classification rows (MLlib reads the softmax
   * probabilities, ours the logits they came from).
   */
  private void evaluatorCases(Dataset<Row> reg, long rows, long ceRows) throws Exception {
    runCase(
        "evaluator mse",
        "Evaluators: MSE, " + count(rows) + " rows, cached",
        List.of(
            Variant.of(
                "MLlib RegressionEvaluator mse",
                () ->
                    new RegressionEvaluator()
                        .setMetricName("mse")
                        .setPredictionCol("prediction")
                        .setLabelCol("label")
                        .evaluate(reg)),
            Variant.of(EVALUATOR_MSE, () -> new LossEvaluator().setLoss("mse_loss").evaluate(reg)),
            Variant.of(MSE, () -> sqlValue("SELECT " + MSE + " FROM reg"))));
    Dataset<Row> cls = cache("cls_eval", classification(ceRows));
    // MLlib clips probabilities and reads softmax outputs rounded once more: loose agreement.
    runCase(
        "evaluator ce",
        "Evaluators: softmax cross-entropy, "
            + count(ceRows)
            + " rows x "
            + CLASSES
            + " classes, cached",
        List.of(
            new Variant(
                "MLlib MulticlassClassificationEvaluator logLoss",
                () ->
                    new MulticlassClassificationEvaluator()
                        .setMetricName("logLoss")
                        .setProbabilityCol("probability")
                        .setLabelCol("label")
                        .setPredictionCol("prediction")
                        .evaluate(cls),
                1e-6,
                null,
                Map.of()),
            Variant.of(
                EVALUATOR_CE,
                () ->
                    new LossEvaluator()
                        .setLoss("cross_entropy")
                        .setInputCols("logits", "label")
                        .evaluate(cls))));
    spark.catalog().uncacheTable("cls_eval");
  }

  /** The same variant with the columnar partial aggregation turned off. */
  private static Variant rowPath(Variant v) {
    return new Variant(
        v.name(),
        v.run(),
        v.tolerance(),
        v.groupQuery(),
        Map.of(LossConf.COLUMNAR_ENABLED, "false"));
  }

  /**
   * Structured Streaming: mse_loss and cross_entropy per 1-minute window and 100 slices (60
   * windows, 6,000 groups) over Parquet files read one per micro-batch (10 micro-batches), against
   * the same streaming query in native SQL; complete mode into a memory sink, a new checkpoint
   * every run. The value is the sum of both losses over the groups; the rows per second and each
   * query's state bytes per group (Spark's memoryUsedBytes of the aggregation's state operator)
   * follow the table.
   */
  private void streamCase(long rows, Path data) throws Exception {
    String path = data.resolve("stream_in").toString();
    StringBuilder logits = new StringBuilder("array(");
    for (int c = 0; c < CLASSES; c++) {
      logits.append(c == 0 ? "" : ", ").append("randn(").append(200 + c).append(") * 2");
    }
    spark
        .range(0, rows, 1, 10)
        .selectExpr(
            "timestamp'2026-01-01 00:00:00' + make_interval(0, 0, 0, 0, 0, 0, id * 3600 DIV "
                + rows
                + ") AS ts",
            "CAST(pmod(hash(id), 100) AS INT) AS slice",
            "rand(7) * 10 AS label",
            logits + ") AS logits",
            "CAST(floor(rand(99) * " + CLASSES + ") AS INT) AS class")
        .selectExpr("*", "label + randn(11) * 0.5 AS prediction")
        .write()
        .parquet(path);
    String ce = "m + ln(aggregate(logits, 0D, (acc, x) -> acc + exp(x - m))) - logits[class]";
    Map<String, Long> stateBytes = new LinkedHashMap<>();
    List<Variant> variants =
        List.of(
            Variant.of(
                "native SQL: avg(pow(...)), avg(" + ce + ")",
                () ->
                    streamValue(
                        path,
                        "avg(pow(prediction - label, 2)) AS mse, avg(" + ce + ") AS ce",
                        stateBytes,
                        "native")),
            Variant.of(
                "mse_loss, cross_entropy",
                () ->
                    streamValue(
                        path,
                        "mse_loss(prediction, label) AS mse, cross_entropy(logits, class) AS ce",
                        stateBytes,
                        "loss")));
    String title =
        "Streaming: mse_loss and cross_entropy per window and 100 slices, "
            + count(rows)
            + " rows in 10 Parquet files, one per micro-batch, "
            + opt.partitions
            + " state partitions (value: sum over groups)";
    // A stateful query has spark.sql.shuffle.partitions state stores per micro-batch, fixed in its
    // checkpoint; the default 200 would measure task overhead, not the aggregates.
    String before = spark.conf().get("spark.sql.shuffle.partitions");
    spark.conf().set("spark.sql.shuffle.partitions", Integer.toString(opt.partitions));
    try {
      runCase("stream", title, variants);
    } finally {
      spark.conf().set("spark.sql.shuffle.partitions", before);
    }
    for (Variant v : variants) {
      Result r = results.get("stream/" + v.name());
      if (r != null) {
        out(
            String.format(
                Locale.ROOT,
                "- %s: %,.0f rows/s sustained (median run)",
                v.name(),
                rows / r.median()));
      }
    }
    stateBytes.forEach(
        (k, b) ->
            out(
                String.format(
                    Locale.ROOT, "- state per (window, slice) group, %s: %d bytes", k, b)));
    out("");
  }

  /** One run of the streaming case's query, from a new checkpoint; the groups' summed losses. */
  private double streamValue(String path, String aggs, Map<String, Long> stateBytes, String key)
      throws Exception {
    Path checkpoint = Files.createTempDirectory(Path.of("target"), "bench-checkpoint-");
    try {
      spark
          .readStream()
          .schema(
              "ts TIMESTAMP, slice INT, label DOUBLE, logits ARRAY<DOUBLE>, "
                  + "class INT, prediction DOUBLE")
          .option("maxFilesPerTrigger", 1)
          .parquet(path)
          .withWatermark("ts", "1 hour")
          .createOrReplaceTempView("stream_in");
      org.apache.spark.sql.streaming.StreamingQuery q =
          spark
              .sql(
                  "SELECT window, slice, "
                      + aggs
                      + " FROM (SELECT *, array_max(logits) AS m FROM stream_in) "
                      + "GROUP BY window(ts, '1 minute'), slice")
              .writeStream()
              .format("memory")
              .queryName("stream_out")
              .outputMode("complete")
              .option("checkpointLocation", checkpoint.toString())
              .trigger(org.apache.spark.sql.streaming.Trigger.AvailableNow())
              .start();
      q.awaitTermination();
      var state = q.lastProgress().stateOperators()[0];
      stateBytes.put(key, state.memoryUsedBytes() / Math.max(1, state.numRowsTotal()));
      return sqlValue("SELECT sum(mse) + sum(ce) FROM stream_out");
    } finally {
      deleteTree(checkpoint);
    }
  }

  /**
   * What a confidence interval and a comparison cost: {@code mse_loss_ci} (20 hash buckets, the
   * default) against {@code mse_loss} on the same rows, and {@code mse_loss_compare} of a second
   * prediction column {@code other} against {@code prediction} versus the two plain losses in one
   * query; without grouping and with GROUP BY 100 keys, cached and from Parquet. The cached
   * interval case also runs the interval on the row path, for what it cost before the columnar path
   * took intervals. Only the comparison reads {@code other}: the interval keeps the shared cached
   * table {@code reg}, and the comparison's cached table is its own, so no other case's data
   * changes.
   */
  private void intervalCases(long rows, Path data) throws Exception {
    String plain = "mse_loss(prediction, label)";
    String interval = "mse_loss_ci(prediction, label)";
    // a second model, noisier than prediction, so that the difference is far from zero
    Dataset<Row> withOther =
        spark
            .table("reg")
            .selectExpr("prediction", "label", "k100", "label + randn(13) * 0.6 AS other");
    parquet("regci", data, withOther);
    cache("regcmp", withOther);
    for (String table : List.of("reg", "regci")) {
      String name = table.equals("reg") ? "ci" : "ci parquet";
      String from = table.equals("reg") ? "cached" : "Parquet";
      List<Variant> variants =
          new ArrayList<>(
              List.of(
                  Variant.of(plain, () -> sqlValue("SELECT " + plain + " FROM " + table)),
                  Variant.of(
                      interval + ".value",
                      () -> sqlValue("SELECT " + interval + ".value FROM " + table))));
      if (table.equals("reg")) {
        variants.add(
            rowPath(
                Variant.info(
                    interval + ".value" + ROW_PATH,
                    () -> sqlValue("SELECT " + interval + ".value FROM reg"))));
      }
      runCase(
          name,
          "Interval: mse_loss_ci vs mse_loss, " + count(rows) + " rows, " + from + ", no grouping",
          variants);
      runCase(
          name + " k100",
          "Interval: mse_loss_ci vs mse_loss, "
              + count(rows)
              + " rows, "
              + from
              + ", GROUP BY 100 keys (value: sum over groups)",
          List.of(
              grouped(plain, table, "k100", plain, Map.of()),
              grouped(interval + ".value", table, "k100", interval + ".value", Map.of())));
    }
    for (String table : List.of("regcmp", "regci")) {
      String name = table.equals("regcmp") ? "compare" : "compare parquet";
      String from = table.equals("regcmp") ? "cached" : "Parquet";
      String title =
          "Comparison: mse_loss_compare vs two mse_loss, " + count(rows) + " rows, " + from;
      runCase(
          name,
          title + ", no grouping (value: the difference)",
          List.of(
              Variant.of(PLAIN_PAIR, () -> sqlValue("SELECT " + PLAIN_PAIR + " FROM " + table)),
              Variant.of(COMPARE, () -> sqlValue("SELECT " + COMPARE + " FROM " + table))));
      runCase(
          name + " k100",
          title + ", GROUP BY 100 keys (value: the differences summed over groups)",
          List.of(
              grouped(PLAIN_PAIR, table, "k100", PLAIN_PAIR, Map.of()),
              grouped(COMPARE, table, "k100", COMPARE, Map.of())));
    }
    spark.catalog().uncacheTable("regcmp");
  }

  private void intervalGoals() {
    for (String name : List.of("ci", "ci k100", "ci parquet", "ci parquet k100")) {
      goal(
          "mse_loss_ci vs mse_loss, " + name,
          name + "/mse_loss_ci(prediction, label).value",
          name + "/mse_loss(prediction, label)",
          1.2);
    }
    for (String name :
        List.of("compare", "compare k100", "compare parquet", "compare parquet k100")) {
      goal(
          "mse_loss_compare vs two mse_loss, " + name,
          name + "/" + COMPARE,
          name + "/" + PLAIN_PAIR,
          1.2);
    }
  }

  /** A grouped MSE variant: the value is the sum over groups, so one row comes back. */
  private Variant grouped(
      String name, String table, String key, String agg, Map<String, String> conf) {
    String inner = "SELECT " + key + " AS k, " + agg + " AS v FROM " + table + " GROUP BY " + key;
    return new Variant(
        name, () -> sqlValue("SELECT sum(v) FROM (" + inner + ")"), 1e-9, inner, conf);
  }

  /** The job's result reduced to one number: every loss column summed over the slices. */
  private double jobValue(String sql) {
    double total = 0;
    for (Row r : spark.sql(sql.replace("{input}", "jobp")).collectAsList()) {
      for (String name : JobQuery.RESULTS) {
        int at = r.fieldIndex(name);
        total += r.isNullAt(at) ? 0.0 : r.getDouble(at);
      }
    }
    return total;
  }

  /** Runs {@code run} with the session settings {@code conf}, restoring them after. */
  private <T> T with(Map<String, String> conf, Callable<T> run) throws Exception {
    return SessionSettings.with(spark, conf, run);
  }

  /** 100M rows generated on the fly (no cache) under the small heap: state memory must not grow. */
  private void memoryCase() throws Exception {
    long rows = opt.rows(100_000_000L);
    regression(rows, true).createOrReplaceTempView("gen");
    out(
        "### Memory: "
            + count(rows)
            + " rows generated on the fly, max heap "
            + (Runtime.getRuntime().maxMemory() >> 20)
            + " MiB\n");
    out("| query | seconds | peak heap used MiB | GC s | value | agrees |");
    out("|---|---:|---:|---:|---:|---|");
    String native1 = "avg(pow(prediction - label, 2))";
    double base =
        memoryRun("native " + native1, "SELECT " + native1 + " FROM gen", null, Double.NaN);
    memoryRun(
        "mse_loss(prediction, label)", "SELECT mse_loss(prediction, label) FROM gen", null, base);
    String g = "SELECT sum(v) FROM (SELECT k100k, %s AS v FROM gen GROUP BY k100k)";
    double gBase =
        memoryRun("native, GROUP BY 100,000 keys", String.format(g, native1), null, Double.NaN);
    memoryRun(
        "mse_loss, GROUP BY 100,000 keys",
        String.format(g, "mse_loss(prediction, label)"),
        null,
        gBase);
    memoryRun(
        "mse_loss, GROUP BY 100,000 keys, fallbackThreshold=" + opt.threshold,
        String.format(g, "mse_loss(prediction, label)"),
        opt.threshold,
        gBase);
    out("");
    // The same rows from Parquet: the columnar partial aggregate, whose groups are bounded.
    Path data = Files.createTempDirectory(Path.of("target"), "bench-data-");
    try {
      out(
          "### Memory: the same "
              + count(rows)
              + " rows from Parquet (columnar partial "
              + "aggregation), max heap "
              + (Runtime.getRuntime().maxMemory() >> 20)
              + " MiB\n");
      parquet("genp", data, spark.table("gen").select("prediction", "label", "k100k"));
      out("| query | seconds | peak heap used MiB | GC s | value | agrees |");
      out("|---|---:|---:|---:|---:|---|");
      String p = "SELECT sum(v) FROM (SELECT k100k, %s AS v FROM genp GROUP BY k100k)";
      memoryRun("native " + native1, "SELECT " + native1 + " FROM genp", null, base);
      memoryRun(
          "mse_loss(prediction, label)",
          "SELECT mse_loss(prediction, label) FROM genp",
          null,
          base);
      memoryRun("native, GROUP BY 100,000 keys", String.format(p, native1), null, gBase);
      memoryRun(
          "mse_loss, GROUP BY 100,000 keys",
          String.format(p, "mse_loss(prediction, label)"),
          null,
          gBase);
      out("");
    } finally {
      deleteTree(data);
    }
  }

  private double memoryRun(String name, String sql, Integer threshold, double expected)
      throws Exception {
    System.gc();
    List<MemoryPoolMXBean> heap = new ArrayList<>();
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        p.resetPeakUsage();
        heap.add(p);
      }
    }
    double gc0 = gcSeconds();
    long t0 = System.nanoTime();
    double v =
        with(
            threshold == null ? Map.of() : Map.of(FALLBACK, threshold.toString()),
            () -> sqlValue(sql));
    double s = (System.nanoTime() - t0) / 1e9;
    long peak = 0;
    for (MemoryPoolMXBean p : heap) {
      peak += p.getPeakUsage().getUsed();
    }
    String agrees = Double.isNaN(expected) ? "(reference)" : agree(expected, v, 1e-9);
    out(
        String.format(
            Locale.ROOT,
            "| %s | %.2f | %d | %.2f | %.12g | %s |",
            name,
            s,
            peak >> 20,
            gcSeconds() - gc0,
            v,
            agrees));
    return v;
  }

  private static double gcSeconds() {
    long ms = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ms += Math.max(0, gc.getCollectionTime());
    }
    return ms / 1000.0;
  }

  // ---- running and reporting ----------------------------------------------------------------

  private void runCase(String id, String title, List<Variant> all) throws Exception {
    List<Variant> variants =
        all.stream().filter(v -> opt.only == null || v.name().contains(opt.only)).toList();
    if (variants.isEmpty()) {
      return;
    }
    System.err.println("running case " + id + ": " + title);
    out("### " + title + "\n");
    // One untimed pass: values agree (group by group where grouped) and JIT warms up.
    double[] values = new double[variants.size()];
    for (int v = 0; v < variants.size(); v++) {
      values[v] = call(variants.get(v));
    }
    List<String> problems = new ArrayList<>();
    for (int v = 1; v < variants.size(); v++) {
      Variant x = variants.get(v);
      if (!Double.isNaN(x.tolerance())) {
        String a = agree(values[0], values[v], x.tolerance());
        if (!a.startsWith("yes")) {
          problems.add(x.name() + ": " + a);
        }
      }
    }
    checkGroups(variants, problems);
    for (int w = 1; w < opt.warmup; w++) {
      for (Variant x : variants) {
        call(x);
      }
    }
    double[][] seconds = new double[variants.size()][opt.rounds];
    for (int r = 0; r < opt.rounds; r++) {
      // Rotate the start so that no variant always runs right after the same neighbour.
      for (int k = 0; k < variants.size(); k++) {
        int v = (k + r) % variants.size();
        Variant x = variants.get(v);
        seconds[v][r] =
            with(
                x.conf(),
                () -> {
                  long t0 = System.nanoTime();
                  x.run().call();
                  return (System.nanoTime() - t0) / 1e9;
                });
      }
    }
    out(
        "| variant | median s | min s | max s | x first row (medians) | value | agrees with first row |");
    out("|---|---:|---:|---:|---:|---:|---|");
    for (int v = 0; v < variants.size(); v++) {
      Variant x = variants.get(v);
      double ratio = median(seconds[v]) / median(seconds[0]);
      String agrees =
          v == 0
              ? "(reference)"
              : Double.isNaN(x.tolerance())
                  ? "-"
                  : agree(values[0], values[v], x.tolerance())
                      + (x.tolerance() > 1e-9 ? " (loose: MLlib clips p to 1e-15)" : "");
      results.put(id + "/" + x.name(), new Result(id, x.name(), seconds[v], values[v], fmt(ratio)));
      out(
          String.format(
              Locale.ROOT,
              "| %s | %.3f | %.3f | %.3f | %s | %.12g | %s |",
              x.name(),
              median(seconds[v]),
              Arrays.stream(seconds[v]).min().orElse(0),
              Arrays.stream(seconds[v]).max().orElse(0),
              fmt(ratio),
              values[v],
              agrees));
    }
    for (String p : problems) {
      out("\nDISAGREE: " + p);
      agreementFailed = true;
    }
    out("");
  }

  private double call(Variant x) throws Exception {
    return with(x.conf(), x.run());
  }

  /** For grouped variants, compares every group's value with the first variant's, once. */
  private void checkGroups(List<Variant> variants, List<String> problems) throws Exception {
    if (variants.get(0).groupQuery() == null) {
      return;
    }
    Map<Object, Double> expected = groups(variants.get(0));
    for (Variant x : variants.subList(1, variants.size())) {
      if (x.groupQuery() == null) {
        continue; // not compared (a floor or fixed-cost reference)
      }
      Map<Object, Double> got = groups(x);
      int bad = 0;
      for (Map.Entry<Object, Double> e : expected.entrySet()) {
        Double g = got.get(e.getKey());
        if (g == null || !agree(e.getValue(), g, x.tolerance()).startsWith("yes")) {
          bad++;
        }
      }
      if (bad > 0 || got.size() != expected.size()) {
        problems.add(
            x.name()
                + ": "
                + bad
                + " of "
                + expected.size()
                + " groups differ, "
                + got.size()
                + " groups returned");
      }
    }
  }

  private Map<Object, Double> groups(Variant x) throws Exception {
    Map<Object, Double> out = new LinkedHashMap<>();
    with(
        x.conf(),
        () -> {
          for (Row r : spark.sql(x.groupQuery()).collectAsList()) {
            out.put(r.get(0), r.getDouble(1));
          }
          return 0.0;
        });
    return out;
  }

  private void goals() {
    out("### Goals (median of per-round time ratios, variants run side by side)\n");
    out("| goal | measured | limit | met |");
    out("|---|---:|---:|---|");
    String ce = "cross_entropy(logits, label)";
    goal("mse_loss vs native, no grouping, cached", "mse/" + MSE, "mse/" + NATIVE_MSE, 0.8);
    goal(
        "mse_loss vs native, no grouping, Parquet",
        "mseparquet/" + MSE,
        "mseparquet/" + NATIVE_MSE,
        0.8);
    goal(
        "mse_loss vs native, GROUP BY 100 keys",
        "group k100/" + MSE,
        "group k100/" + NATIVE_MSE,
        1.3);
    goal(
        "mse_loss vs native, GROUP BY 1,000 keys",
        "group k1k/" + MSE,
        "group k1k/" + NATIVE_MSE,
        1.0);
    goal(
        "mse_loss vs native, GROUP BY 10,000 keys",
        "group k10k/" + MSE,
        "group k10k/" + NATIVE_MSE,
        1.0);
    goal(
        "mse_loss vs native, GROUP BY 100,000 keys",
        "group k100k/" + MSE,
        "group k100k/" + NATIVE_MSE,
        1.2);
    goal(
        "mse_loss vs native, GROUP BY 1,000 string keys, Parquet",
        "stringkey/" + MSE,
        "stringkey/" + NATIVE_MSE,
        1.2);
    goal(
        "cross_entropy vs written-out native SQL, Parquet",
        "ceparquet/" + ce,
        "ceparquet/native SQL, written out class by class",
        0.5);
    goal(
        "cross_entropy vs written-out native SQL, cached",
        "ce/" + ce,
        "ce/native SQL, written out class by class",
        0.6);
    goal("cross_entropy vs its scan floor sum(logits[0]), cached", "ce/" + ce, "ce/" + SCAN, 1.5);
    goal(
        "cross_entropy vs its scan floor sum(logits[0]), Parquet",
        "ceparquet/" + ce,
        "ceparquet/" + SCAN,
        1.5);
    goal(
        "cross_entropy vs MLlib logLoss, Parquet",
        "ceparquet/" + ce,
        "ceparquet/MLlib MulticlassClassificationEvaluator logLoss",
        0.6);
    goal(
        "the job's one-pass query vs native GROUPING SETS",
        "job/the job's query (loss functions)",
        "job/native SQL, GROUP BY GROUPING SETS",
        1.0);
    goal(
        "MLlib RegressionEvaluator / mse_loss (speed-up, at least)",
        "mse/MLlib RegressionEvaluator mse",
        "mse/" + MSE,
        -6.0);
    goal(
        "MLlib RegressionEvaluator / LossEvaluator mse_loss (speed-up, at least)",
        "evaluator mse/MLlib RegressionEvaluator mse",
        "evaluator mse/" + EVALUATOR_MSE,
        -5.0);
    goal(
        "LossEvaluator cross_entropy vs MLlib logLoss",
        "evaluator ce/" + EVALUATOR_CE,
        "evaluator ce/MLlib MulticlassClassificationEvaluator logLoss",
        1.0);
    goal(
        "sum(mse_loss_none) vs sum of the hand-written per-row expression",
        "none mse/" + PER_ROW_MSE,
        "none mse/" + PER_ROW_MSE_NATIVE,
        1.2);
    goal(
        "sum(cross_entropy_none) vs sum of the written-out log-softmax",
        "none ce/" + PER_ROW_CE,
        "none ce/" + PER_ROW_CE_NATIVE,
        1.0);
    intervalGoals();
    Result small = find("scale", "mse_loss, " + count(opt.rows(10_000_000L)));
    Result big = find("scale", "mse_loss, " + count(opt.rows(40_000_000L)));
    if (small != null && big != null) {
      goalLine("mse_loss time, 4x rows / 1x rows", roundRatio(big, small), 4.4);
    }
    out("");
  }

  /**
   * A goal on the time of a over that of b: at most {@code limit}, or at least -limit when
   * negative. The ratio is the median of the rounds' ratios (both ran in every round, side by
   * side), which a burst of load from elsewhere disturbs less than a ratio of medians.
   */
  private void goal(String name, String a, String b, double limit) {
    Result ra = results.get(a);
    Result rb = results.get(b);
    if (ra == null || rb == null) {
      return;
    }
    goalLine(name, roundRatio(ra, rb), limit);
  }

  private static double roundRatio(Result a, Result b) {
    double[] r = new double[a.seconds().length];
    for (int i = 0; i < r.length; i++) {
      r[i] = a.seconds()[i] / b.seconds()[i];
    }
    return median(r);
  }

  private void goalLine(String name, double ratio, double limit) {
    boolean met = limit < 0 ? ratio >= -limit : ratio <= limit;
    out(
        String.format(
            Locale.ROOT,
            "| %s | %s | %s%s | %s |",
            name,
            fmt(ratio),
            limit < 0 ? ">= " : "<= ",
            fmt(Math.abs(limit)),
            met ? "yes" : "NO"));
  }

  private Result find(String caseName, String variant) {
    return results.get(caseName + "/" + variant);
  }

  // ---- data -----------------------------------------------------------------------------------

  /** Deterministic regression rows: a label in [0, 10), a prediction off by N(0, 0.5), keys. */
  private Dataset<Row> regression(long rows, boolean withKeys) {
    Dataset<Row> d =
        spark
            .range(0, rows, 1, opt.partitions)
            .selectExpr("id", "rand(7) * 10 AS label")
            .selectExpr("id", "label", "label + randn(11) * 0.5 AS prediction");
    return withKeys
        ? d.selectExpr(
            "prediction",
            "label",
            "CAST(NULL AS DOUBLE) AS no_label",
            "CAST(pmod(hash(id), 100) AS INT) AS k100",
            "CAST(pmod(hash(id), 1000) AS INT) AS k1k",
            "CAST(pmod(hash(id), 10000) AS INT) AS k10k",
            "CAST(pmod(hash(id), 100000) AS INT) AS k100k")
        : d.selectExpr("prediction", "label");
  }

  /**
   * Deterministic classification rows: {@value #CLASSES} logits ~ N(0, 2), a class index, and for
   * MLlib the softmax probabilities as an ML Vector and the arg-max prediction.
   */
  private Dataset<Row> classification(long rows) {
    StringBuilder logits = new StringBuilder("array(");
    for (int c = 0; c < CLASSES; c++) {
      logits.append(c == 0 ? "" : ", ").append("randn(").append(100 + c).append(") * 2");
    }
    logits.append(") AS logits");
    Dataset<Row> d =
        spark
            .range(0, rows, 1, opt.partitions)
            .selectExpr(
                logits.toString(), "CAST(floor(rand(99) * " + CLASSES + ") AS INT) AS label")
            .selectExpr(
                "logits", "label", "transform(logits, x -> exp(x - array_max(logits))) AS e")
            .selectExpr(
                "logits", "label", "transform(e, x -> x / aggregate(e, 0D, (a, y) -> a + y)) AS p");
    return d.select(
        functions.col("logits"),
        functions.col("label"),
        org.apache.spark.ml.functions.array_to_vector(functions.col("p")).as("probability"),
        functions.expr("CAST(array_position(p, array_max(p)) - 1 AS DOUBLE)").as("prediction"));
  }

  /** Writes {@code d} once as Parquet under {@code dir} and registers the files as {@code name}. */
  private void parquet(String name, Path dir, Dataset<Row> d) {
    long t0 = System.nanoTime();
    String path = dir.resolve(name).toString();
    d.write().parquet(path);
    spark.read().parquet(path).createOrReplaceTempView(name);
    System.err.printf(
        Locale.ROOT, "wrote %s as Parquet in %.1f s%n", name, (System.nanoTime() - t0) / 1e9);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              f -> {
                try {
                  Files.delete(f);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }

  private Dataset<Row> cache(String name, Dataset<Row> d) {
    long t0 = System.nanoTime();
    Dataset<Row> c = d.cache();
    c.createOrReplaceTempView(name);
    long n = c.count();
    System.err.printf(
        Locale.ROOT, "cached %s: %d rows in %.1f s%n", name, n, (System.nanoTime() - t0) / 1e9);
    return c;
  }

  private double sqlValue(String sql) {
    Row r = spark.sql(sql).collectAsList().get(0);
    return r.isNullAt(0) ? Double.NaN : ((Number) r.get(0)).doubleValue();
  }

  // ---- helpers ----------------------------------------------------------------------------------

  static String agree(double expected, double got, double tolerance) {
    double rel = Math.abs(got - expected) / Math.max(Math.abs(expected), Double.MIN_NORMAL);
    return (rel <= tolerance ? "yes" : "NO") + String.format(Locale.ROOT, " (rel %.1e)", rel);
  }

  static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  static String fmt(double x) {
    return String.format(Locale.ROOT, "%.2f", x);
  }

  static String count(long rows) {
    if (rows % 1_000_000 == 0) {
      return rows / 1_000_000 + "M";
    }
    return rows % 1000 == 0 ? rows / 1000 + "k" : Long.toString(rows);
  }

  private void out(String line) {
    report.append(line).append('\n');
  }

  /** Command-line options; see jobs/benchmark. */
  static final class Options {
    String master = "local[2]";
    int partitions = 4;
    int rounds = 5;
    int warmup = 2;
    double scale = 1.0;
    int threshold = 1_000_000;
    boolean memory;
    String only; // runs only the variants whose name contains this (for profiling)
    Set<String> cases =
        new TreeSet<>(
            List.of(
                "mse",
                "mseparquet",
                "group",
                "stringkey",
                "scale",
                "ce",
                "ceparquet",
                "job",
                "ci",
                "evaluator",
                "stream",
                "none"));

    long rows(long full) {
      return Math.max(1000, Math.round(full * scale / 1000.0) * 1000);
    }

    boolean runs(String c) {
      return cases.contains(c);
    }

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--quick" -> o.scale = 0.1;
          case "--scale" -> o.scale = Double.parseDouble(args[++i]);
          case "--rounds" -> o.rounds = Integer.parseInt(args[++i]);
          case "--warmup" -> o.warmup = Integer.parseInt(args[++i]);
          case "--partitions" -> o.partitions = Integer.parseInt(args[++i]);
          case "--master" -> o.master = args[++i];
          case "--threshold" -> o.threshold = Integer.parseInt(args[++i]);
          case "--memory" -> o.memory = true;
          case "--only" -> o.only = args[++i];
          case "--cases" -> o.cases = new TreeSet<>(Arrays.asList(args[++i].split(",")));
          default ->
              throw new IllegalArgumentException(
                  "unknown option "
                      + a
                      + "; allowed: "
                      + "--quick, --scale F, --rounds N, --warmup N, --partitions N, --master M, "
                      + "--threshold N, --memory, --cases "
                      + String.join(",", new Options().cases)
                      + ", --only TEXT");
        }
      }
      if (o.rounds < 1 || o.warmup < 1) {
        throw new IllegalArgumentException("--rounds and --warmup must be at least 1");
      }
      return o;
    }
  }
}
