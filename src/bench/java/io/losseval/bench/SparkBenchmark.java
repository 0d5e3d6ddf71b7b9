package io.losseval.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
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
 * the native SQL they would write, a first-try typed {@code Aggregator} registered with
 * {@code functions.udaf}, and MLlib's evaluators. Data is deterministic and cached; every case runs
 * its variants in interleaved rounds in one JVM (so that machine noise hits all of them alike),
 * checks that they agree, and prints medians, min/max and ratios as Markdown tables, then the
 * issue's goals with the measured ratio. Run it with {@code jobs/benchmark} (see
 * jobs/BENCHMARKS.md); this is a measurement, not a test.
 */
public final class SparkBenchmark {
  static final String FALLBACK = "spark.sql.objectHashAggregate.sortBased.fallbackThreshold";
  static final int CLASSES = 10;
  // Every row is skipped after one NULL test: what Spark's row-at-a-time aggregation path costs
  // any ImperativeAggregate, with next to no work of ours.
  static final String FLOOR = "floor: mse_loss skipping every row (NULL label)";
  static final String NULL_ARGS = "prediction, no_label";

  /** One way of computing a case's value. */
  record Variant(String name, Callable<Double> run, double tolerance, String groupQuery,
      Integer threshold) {
    static Variant of(String name, Callable<Double> run) {
      return new Variant(name, run, 1e-9, null, null);
    }

    /** A variant whose value is not compared (a fixed-cost reference such as count(*)). */
    static Variant info(String name, Callable<Double> run) {
      return new Variant(name, run, Double.NaN, null, null);
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
    SparkSession spark = SparkSession.builder()
        .master(opt.master)
        .appName("spark-loss-evaluator-benchmark")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    // The loss functions come with the session: the jar's SparkSessionExtensionsProvider.
    spark.udf().register("mse_udaf",
        functions.udaf(new FirstTryAggregators.Mse(), FirstTryAggregators.Mse.INPUT));
    spark.udf().register("ce_udaf", functions.udaf(new FirstTryAggregators.CrossEntropy(),
        FirstTryAggregators.CrossEntropy.INPUT));
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
    out(String.format(Locale.ROOT, "Spark %s, Java %s, %s, %d cores, max heap %d MiB, master %s, "
            + "%d partitions, %d warm-up + %d measured rounds, row scale %s%n",
        spark.version(), System.getProperty("java.version"), System.getProperty("os.name") + " "
            + System.getProperty("os.arch"), rt.availableProcessors(), rt.maxMemory() >> 20,
        opt.master, opt.partitions, opt.warmup, opt.rounds, fmt(opt.scale)));
  }

  // ---- the cases --------------------------------------------------------------------------------

  private void runCases() throws Exception {
    long rows = opt.rows(10_000_000L);
    Dataset<Row> reg = cache("reg", regression(rows, true));
    if (opt.runs("mse")) {
      String p = "prediction, label";
      runCase("mse", "MSE, " + count(rows) + " rows, no grouping", List.of(
          Variant.of("native avg(pow(prediction - label, 2))",
              () -> sqlValue("SELECT avg(pow(prediction - label, 2)) FROM reg")),
          Variant.of("first-try typed Aggregator (udaf)",
              () -> sqlValue("SELECT mse_udaf(" + p + ") FROM reg")),
          Variant.of("MLlib RegressionEvaluator mse", () -> new RegressionEvaluator()
              .setMetricName("mse").setPredictionCol("prediction").setLabelCol("label")
              .evaluate(reg)),
          Variant.of("mse_loss(prediction, label)",
              () -> sqlValue("SELECT mse_loss(" + p + ") FROM reg")),
          Variant.info("count(*) (fixed per-query cost)",
              () -> sqlValue("SELECT count(*) FROM reg")),
          Variant.info(FLOOR, () -> sqlValue("SELECT mse_loss(" + NULL_ARGS + ") FROM reg"))));
    }
    if (opt.runs("group")) {
      // 100 and 100,000 keys are the goals; 1,000 and 10,000 show where raising the
      // object-hash-aggregate fallback threshold pays (see jobs/BENCHMARKS.md).
      for (String key : List.of("k100", "k1k", "k10k", "k100k")) {
        String keys = Map.of("k100", "100", "k1k", "1,000", "k10k", "10,000", "k100k", "100,000")
            .get(key);
        boolean goal = key.equals("k100") || key.equals("k100k");
        List<Variant> vs = new ArrayList<>();
        vs.add(grouped("native avg(pow(prediction - label, 2))", key,
            "avg(pow(prediction - label, 2))", null));
        if (goal) {
          vs.add(grouped("first-try typed Aggregator (udaf)", key, "mse_udaf(prediction, label)",
              null));
        }
        vs.add(grouped("mse_loss(prediction, label)", key, "mse_loss(prediction, label)", null));
        if (!key.equals("k100")) {
          vs.add(grouped("mse_loss, fallbackThreshold=" + opt.threshold, key,
              "mse_loss(prediction, label)", opt.threshold));
        } else {
          Variant floor = grouped(FLOOR, key, "mse_loss(" + NULL_ARGS + ")", null);
          vs.add(new Variant(floor.name(), floor.run(), Double.NaN, null, null));
        }
        runCase("group " + key, "MSE, " + count(rows) + " rows, GROUP BY " + keys + " keys "
            + "(value: sum over groups)", vs);
      }
    }
    if (opt.runs("scale")) {
      long big = rows * 4;
      cache("reg4", regression(big, false));
      runCase("scale", "Scale: " + count(rows) + " versus " + count(big) + " rows", List.of(
          Variant.info("native avg(pow(...)), " + count(rows),
              () -> sqlValue("SELECT avg(pow(prediction - label, 2)) FROM reg")),
          Variant.info("native avg(pow(...)), " + count(big),
              () -> sqlValue("SELECT avg(pow(prediction - label, 2)) FROM reg4")),
          Variant.info("mse_loss, " + count(rows),
              () -> sqlValue("SELECT mse_loss(prediction, label) FROM reg")),
          Variant.info("mse_loss, " + count(big),
              () -> sqlValue("SELECT mse_loss(prediction, label) FROM reg4"))));
      spark.catalog().uncacheTable("reg4");
    }
    if (opt.runs("ci")) {
      intervalCases(rows);
    }
    spark.catalog().uncacheTable("reg");
    if (opt.runs("ce")) {
      long ceRows = opt.rows(2_000_000L);
      Dataset<Row> cls = cache("cls", classification(ceRows));
      String from = " FROM (SELECT logits, label, array_max(logits) AS m FROM cls)";
      StringBuilder writtenOut = new StringBuilder();
      for (int c = 0; c < CLASSES; c++) {
        writtenOut.append(c == 0 ? "" : " + ").append("exp(logits[").append(c).append("] - m)");
      }
      runCase("ce", "Softmax cross-entropy, " + count(ceRows) + " rows x " + CLASSES
          + " classes", List.of(
          Variant.of("native SQL, written out class by class", () -> sqlValue(
              "SELECT avg(m + ln(" + writtenOut + ") - logits[label])" + from)),
          Variant.of("native SQL, aggregate(...) lambda", () -> sqlValue(
              "SELECT avg(m + ln(aggregate(logits, 0D, (acc, x) -> acc + exp(x - m)))"
                  + " - logits[label])" + from)),
          Variant.of("first-try typed Aggregator (udaf)",
              () -> sqlValue("SELECT ce_udaf(logits, label) FROM cls")),
          // MLlib clips probabilities to [1e-15, 1 - 1e-15] and reads softmax outputs that
          // were rounded once more, so it agrees only loosely.
          new Variant("MLlib MulticlassClassificationEvaluator logLoss",
              () -> new MulticlassClassificationEvaluator().setMetricName("logLoss")
                  .setProbabilityCol("probability").setLabelCol("label")
                  .setPredictionCol("prediction").evaluate(cls), 1e-6, null, null),
          Variant.of("cross_entropy(logits, label)",
              () -> sqlValue("SELECT cross_entropy(logits, label) FROM cls")),
          Variant.info("sum(logits[0]) (scanning the cached arrays)",
              () -> sqlValue("SELECT sum(logits[0]) FROM cls"))));
      spark.catalog().uncacheTable("cls");
    }
    goals();
  }

  /**
   * What a confidence interval costs: {@code mse_loss_ci} (20 hash buckets, the default) against
   * {@code mse_loss} on the same cached rows, without grouping and with GROUP BY 100 keys.
   */
  private void intervalCases(long rows) throws Exception {
    String plain = "mse_loss(prediction, label)";
    String interval = "mse_loss_ci(prediction, label)";
    runCase("ci", "Interval: mse_loss_ci vs mse_loss, " + count(rows) + " rows, no grouping",
        List.of(Variant.of(plain, () -> sqlValue("SELECT " + plain + " FROM reg")),
            Variant.of(interval + ".value",
                () -> sqlValue("SELECT " + interval + ".value FROM reg"))));
    runCase("ci k100", "Interval: mse_loss_ci vs mse_loss, " + count(rows) + " rows, GROUP BY "
            + "100 keys (value: sum over groups)",
        List.of(grouped(plain, "k100", plain, null),
            grouped(interval + ".value", "k100", interval + ".value", null)));
  }

  private void intervalGoals() {
    goal("mse_loss_ci vs mse_loss, no grouping", "ci/mse_loss_ci(prediction, label).value",
        "ci/mse_loss(prediction, label)", 1.5);
    goal("mse_loss_ci vs mse_loss, GROUP BY 100 keys",
        "ci k100/mse_loss_ci(prediction, label).value", "ci k100/mse_loss(prediction, label)", 1.5);
  }

  /** A grouped MSE variant: the value is the sum over groups, so one row comes back. */
  private Variant grouped(String name, String key, String agg, Integer threshold) {
    String inner = "SELECT " + key + " AS k, " + agg + " AS v FROM reg GROUP BY " + key;
    return new Variant(name, () -> withThreshold(threshold,
        () -> sqlValue("SELECT sum(v) FROM (" + inner + ")")), 1e-9, inner, threshold);
  }

  private Double withThreshold(Integer threshold, Callable<Double> run) throws Exception {
    if (threshold == null) {
      return run.call();
    }
    spark.conf().set(FALLBACK, threshold.toString());
    try {
      return run.call();
    } finally {
      spark.conf().unset(FALLBACK);
    }
  }

  /** 100M rows generated on the fly (no cache) under the small heap: state memory must not grow. */
  private void memoryCase() throws Exception {
    long rows = opt.rows(100_000_000L);
    regression(rows, true).createOrReplaceTempView("gen");
    out("### Memory: " + count(rows) + " rows generated on the fly, max heap "
        + (Runtime.getRuntime().maxMemory() >> 20) + " MiB\n");
    out("| query | seconds | peak heap used MiB | GC s | value | agrees |");
    out("|---|---:|---:|---:|---:|---|");
    String native1 = "avg(pow(prediction - label, 2))";
    double base = memoryRun("native " + native1, "SELECT " + native1 + " FROM gen", null, Double.NaN);
    memoryRun("mse_loss(prediction, label)", "SELECT mse_loss(prediction, label) FROM gen", null, base);
    String g = "SELECT sum(v) FROM (SELECT k100k, %s AS v FROM gen GROUP BY k100k)";
    double gBase = memoryRun("native, GROUP BY 100,000 keys", String.format(g, native1), null,
        Double.NaN);
    memoryRun("mse_loss, GROUP BY 100,000 keys", String.format(g, "mse_loss(prediction, label)"),
        null, gBase);
    memoryRun("mse_loss, GROUP BY 100,000 keys, fallbackThreshold=" + opt.threshold,
        String.format(g, "mse_loss(prediction, label)"), opt.threshold, gBase);
    out("");
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
    double v = withThreshold(threshold, () -> sqlValue(sql));
    double s = (System.nanoTime() - t0) / 1e9;
    long peak = 0;
    for (MemoryPoolMXBean p : heap) {
      peak += p.getPeakUsage().getUsed();
    }
    String agrees = Double.isNaN(expected) ? "(reference)" : agree(expected, v, 1e-9);
    out(String.format(Locale.ROOT, "| %s | %.2f | %d | %.2f | %.12g | %s |", name, s, peak >> 20,
        gcSeconds() - gc0, v, agrees));
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
    List<Variant> variants = all.stream()
        .filter(v -> opt.only == null || v.name().contains(opt.only)).toList();
    if (variants.isEmpty()) {
      return;
    }
    System.err.println("running case " + id + ": " + title);
    out("### " + title + "\n");
    // One untimed pass: values agree (group by group where grouped) and JIT warms up.
    double[] values = new double[variants.size()];
    for (int v = 0; v < variants.size(); v++) {
      values[v] = variants.get(v).run().call();
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
        x.run().call();
      }
    }
    double[][] seconds = new double[variants.size()][opt.rounds];
    for (int r = 0; r < opt.rounds; r++) {
      // Rotate the start so that no variant always runs right after the same neighbour.
      for (int k = 0; k < variants.size(); k++) {
        int v = (k + r) % variants.size();
        long t0 = System.nanoTime();
        variants.get(v).run().call();
        seconds[v][r] = (System.nanoTime() - t0) / 1e9;
      }
    }
    out("| variant | median s | min s | max s | x first row (medians) | value | agrees with first row |");
    out("|---|---:|---:|---:|---:|---:|---|");
    for (int v = 0; v < variants.size(); v++) {
      Variant x = variants.get(v);
      double ratio = median(seconds[v]) / median(seconds[0]);
      String agrees = v == 0 ? "(reference)" : Double.isNaN(x.tolerance()) ? "-"
          : agree(values[0], values[v], x.tolerance())
              + (x.tolerance() > 1e-9 ? " (loose: MLlib clips p to 1e-15)" : "");
      results.put(id + "/" + x.name(), new Result(id, x.name(), seconds[v], values[v],
          fmt(ratio)));
      out(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %s | %.12g | %s |", x.name(),
          median(seconds[v]), Arrays.stream(seconds[v]).min().orElse(0),
          Arrays.stream(seconds[v]).max().orElse(0), fmt(ratio), values[v], agrees));
    }
    for (String p : problems) {
      out("\nDISAGREE: " + p);
      agreementFailed = true;
    }
    out("");
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
        problems.add(x.name() + ": " + bad + " of " + expected.size() + " groups differ, "
            + got.size() + " groups returned");
      }
    }
  }

  private Map<Object, Double> groups(Variant x) throws Exception {
    Map<Object, Double> out = new LinkedHashMap<>();
    withThreshold(x.threshold(), () -> {
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
    String mseNative = "mse/native avg(pow(prediction - label, 2))";
    goal("mse_loss vs native, no grouping", "mse/mse_loss(prediction, label)", mseNative, 1.25);
    goal("mse_loss vs native, GROUP BY 100 keys", "group k100/mse_loss(prediction, label)",
        "group k100/native avg(pow(prediction - label, 2))", 1.3);
    goal("mse_loss vs native, GROUP BY 100,000 keys (default conf)",
        "group k100k/mse_loss(prediction, label)",
        "group k100k/native avg(pow(prediction - label, 2))", 2.0);
    goal("mse_loss vs native, GROUP BY 100,000 keys (fallbackThreshold=" + opt.threshold + ")",
        "group k100k/mse_loss, fallbackThreshold=" + opt.threshold,
        "group k100k/native avg(pow(prediction - label, 2))", 2.0);
    goal("cross_entropy vs written-out native SQL", "ce/cross_entropy(logits, label)",
        "ce/native SQL, written out class by class", 0.6);
    goal("cross_entropy vs MLlib logLoss", "ce/cross_entropy(logits, label)",
        "ce/MLlib MulticlassClassificationEvaluator logLoss", 1.0);
    goal("MLlib RegressionEvaluator / mse_loss (speed-up, at least)",
        "mse/MLlib RegressionEvaluator mse", "mse/mse_loss(prediction, label)", -4.0);
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
    out(String.format(Locale.ROOT, "| %s | %s | %s%s | %s |", name, fmt(ratio),
        limit < 0 ? ">= " : "<= ", fmt(Math.abs(limit)), met ? "yes" : "NO"));
  }

  private Result find(String caseName, String variant) {
    return results.get(caseName + "/" + variant);
  }

  // ---- data -----------------------------------------------------------------------------------

  /** Deterministic regression rows: a label in [0, 10), a prediction off by N(0, 0.5), keys. */
  private Dataset<Row> regression(long rows, boolean withKeys) {
    Dataset<Row> d = spark.range(0, rows, 1, opt.partitions)
        .selectExpr("id", "rand(7) * 10 AS label")
        .selectExpr("id", "label", "label + randn(11) * 0.5 AS prediction");
    return withKeys
        ? d.selectExpr("prediction", "label", "CAST(NULL AS DOUBLE) AS no_label",
            "CAST(pmod(hash(id), 100) AS INT) AS k100",
            "CAST(pmod(hash(id), 1000) AS INT) AS k1k", "CAST(pmod(hash(id), 10000) AS INT) AS k10k",
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
    Dataset<Row> d = spark.range(0, rows, 1, opt.partitions)
        .selectExpr(logits.toString(), "CAST(floor(rand(99) * " + CLASSES + ") AS INT) AS label")
        .selectExpr("logits", "label", "transform(logits, x -> exp(x - array_max(logits))) AS e")
        .selectExpr("logits", "label",
            "transform(e, x -> x / aggregate(e, 0D, (a, y) -> a + y)) AS p");
    return d.select(functions.col("logits"), functions.col("label"),
        org.apache.spark.ml.functions.array_to_vector(functions.col("p")).as("probability"),
        functions.expr("CAST(array_position(p, array_max(p)) - 1 AS DOUBLE)").as("prediction"));
  }

  private Dataset<Row> cache(String name, Dataset<Row> d) {
    long t0 = System.nanoTime();
    Dataset<Row> c = d.cache();
    c.createOrReplaceTempView(name);
    long n = c.count();
    System.err.printf(Locale.ROOT, "cached %s: %d rows in %.1f s%n", name, n,
        (System.nanoTime() - t0) / 1e9);
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
    Set<String> cases = new TreeSet<>(List.of("mse", "group", "scale", "ce", "ci"));

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
          default -> throw new IllegalArgumentException("unknown option " + a + "; allowed: "
              + "--quick, --scale F, --rounds N, --warmup N, --partitions N, --master M, "
              + "--threshold N, --memory, --cases mse,group,scale,ce,ci, --only TEXT");
        }
      }
      if (o.rounds < 1 || o.warmup < 1) {
        throw new IllegalArgumentException("--rounds and --warmup must be at least 1");
      }
      return o;
    }
  }
}
