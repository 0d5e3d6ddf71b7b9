package io.losseval.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.testing.SharedSpark;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Coverage of the SQL functions' 95% intervals on the data a bucketing key is for, from simulations
 * whose true value is known, all replicates of a scenario in one {@code GROUP BY rep} query over
 * data that Spark's seeded {@code rand} and {@code randn} draw on a fixed number of partitions (so
 * the test is deterministic):
 *
 * <ul>
 *   <li>tied outputs: a calibrated tree-like classifier with 64 leaf probabilities and binary
 *       labels, {@code binary_cross_entropy_ci} keyed by a row id; without a key the same groups
 *       get NULL bounds saying why;
 *   <li>clustered rows: 400 users of 10 rows each with a per-user error, {@code mse_loss_ci} keyed
 *       by the user; without a key the intervals come out too narrow;
 *   <li>a paired comparison of two tree-like classifiers, {@code binary_cross_entropy_compare}
 *       keyed by a row id.
 * </ul>
 *
 * <p>Each keyed coverage must lie in [0.93, 0.97]. By default {@value #DEFAULT_REPLICATES} data
 * sets per scenario (1,000 rows each; 4,000 for the clustered one; the share's standard deviation
 * at a true 0.95 is 0.0097, the band two of them either side; about 20 s in all); {@code
 * -Dcoverage.full=true} runs {@value #FULL_REPLICATES} (0.0049, four of them), whose table
 * docs/interval-keys.md records.
 */
class KeyedCoverageTest {
  static final int DEFAULT_REPLICATES = 500;
  static final int FULL_REPLICATES = 2000;
  private static final int REPLICATES =
      Boolean.getBoolean("coverage.full") ? FULL_REPLICATES : DEFAULT_REPLICATES;
  private static final int ROWS = 1000;
  private static final int LEAVES = 64;
  private static final int USERS = 400; // with 20 buckets, none empty but once in 10^7
  private static final int ROWS_PER_USER = 10;
  private static final int PARTITIONS = 8;

  /** The leaf probability of a leaf index, as SQL computes it from column {@code leaf}. */
  private static final String LEAF_PROBABILITY = "(leaf + 0.5D) / " + LEAVES;

  /** The baseline model of the comparison: the same leaves, shrunk towards 0.5. */
  private static final double SHRINK = 0.7;

  /** The coverage of one column of intervals, with what it is measured from. */
  private record Coverage(double coverage, int withBounds, double medianStderrRatio) {}

  /**
   * The share of rows whose struct column {@code column} (lower at {@code lower}, upper at {@code
   * lower + 1}) covers {@code truth}; the median of stderr over the standard deviation of the
   * estimates (field {@code value}) across replicates.
   */
  private static Coverage coverage(
      List<Row> rows, String column, int value, int lower, double truth) {
    int covered = 0;
    int bounded = 0;
    List<Double> estimates = new ArrayList<>();
    List<Double> stderrs = new ArrayList<>();
    for (Row r : rows) {
      Row s = r.getAs(column);
      estimates.add(s.getDouble(value));
      if (s.isNullAt(lower)) {
        continue;
      }
      bounded++;
      stderrs.add(s.getDouble(lower + 2));
      covered += s.getDouble(lower) <= truth && truth <= s.getDouble(lower + 1) ? 1 : 0;
    }
    double mean = estimates.stream().mapToDouble(d -> d).average().orElseThrow();
    double sd =
        Math.sqrt(
            estimates.stream().mapToDouble(d -> (d - mean) * (d - mean)).sum()
                / (estimates.size() - 1));
    Collections.sort(stderrs);
    double median = stderrs.isEmpty() ? Double.NaN : stderrs.get(stderrs.size() / 2) / sd;
    return new Coverage((double) covered / rows.size(), bounded, median);
  }

  private static void report(String scenario, int rows, Coverage c) {
    System.out.printf(
        Locale.ROOT,
        "coverage %s: %.4f of %d data sets of %d rows (%d with "
            + "bounds); median stderr / true stderr %.2f%n",
        scenario,
        c.coverage(),
        REPLICATES,
        rows,
        c.withBounds(),
        c.medianStderrRatio());
  }

  private static void assertInBand(String scenario, Coverage c) {
    assertEquals(REPLICATES, c.withBounds(), scenario + ": every data set has bounds");
    assertTrue(c.coverage() >= 0.93 && c.coverage() <= 0.97, scenario + ": " + c);
  }

  /** Binary cross-entropy's expected value for a leaf model: leaf j predicts {@code pred[j]}. */
  private static double expectedBce(double[] truth, double[] pred) {
    double sum = 0;
    for (int j = 0; j < truth.length; j++) {
      sum += -(truth[j] * Math.log(pred[j]) + (1 - truth[j]) * Math.log(1 - pred[j]));
    }
    return sum / truth.length;
  }

  private static double[] leafProbabilities() {
    double[] q = new double[LEAVES];
    for (int j = 0; j < LEAVES; j++) {
      q[j] = (j + 0.5) / LEAVES;
    }
    return q;
  }

  /**
   * {@code rep}, {@code id}, {@code leaf} uniform over the leaves, label {@code y} drawn from it.
   */
  private static Dataset<Row> leafRows(long seed) {
    return SharedSpark.get()
        .range(0, (long) REPLICATES * ROWS, 1, PARTITIONS)
        .selectExpr(
            "id",
            "id DIV " + ROWS + " AS rep",
            "CAST(floor(rand(" + seed + ") * " + LEAVES + ") AS INT) AS leaf",
            "rand(" + (seed + 1) + ") AS u")
        .selectExpr(
            "rep",
            "id",
            "leaf",
            LEAF_PROBABILITY + " AS p",
            "IF(u < " + LEAF_PROBABILITY + ", 1.0D, 0.0D) AS y");
  }

  private static List<Row> run(Dataset<Row> data, String select) {
    String view = "keyed_coverage_" + System.nanoTime();
    data.createOrReplaceTempView(view);
    return SharedSpark.get()
        .sql("SELECT rep, " + select + " FROM " + view + " GROUP BY rep")
        .collectAsList();
  }

  @Test
  void tiedOutputsWithARowIdKey() {
    double[] q = leafProbabilities();
    List<Row> rows =
        run(
            leafRows(11),
            "binary_cross_entropy_ci(p, y, "
                + "named_struct('key', id)) AS keyed, binary_cross_entropy_ci(p, y) AS plain");
    Coverage keyed = coverage(rows, "keyed", 0, 1, expectedBce(q, q));
    report("tied outputs, binary_cross_entropy_ci keyed by row id", ROWS, keyed);
    assertInBand("tied, row-id key", keyed);
    // 128 distinct (prediction, label) pairs over 1,000 rows: no bounds without a key, and why.
    for (Row r : rows) {
      Row plain = r.getAs("plain");
      assertTrue(plain.isNullAt(1) && plain.isNullAt(3), plain.toString());
      assertEquals("few distinct rows; pass a key", plain.getString(5));
      Row k = r.getAs("keyed");
      assertEquals(plain.getDouble(0), k.getDouble(0), "the key changes no value");
      assertTrue(k.isNullAt(5), "bounds, so no reason: " + k);
    }
  }

  @Test
  void clusteredRowsWithTheUserAsKeyAndUnderCoverageWithout() {
    // Per user an effect N(0, 0.5^2) on every row's error, per row N(0, 0.5^2) more: the
    // expected squared error is 0.25 + 0.25, and rows of a user are correlated. The effect is a
    // function of the user (Box-Muller over two uniforms from seeded hashes of the user), so
    // that every row of the user has it whatever the plan evaluates per row.
    String uniform = "(shiftrightunsigned(xxhash64(user, %dL), 11) + 0.5D) / 9007199254740992D";
    Dataset<Row> data =
        SharedSpark.get()
            .range(0, (long) REPLICATES * USERS * ROWS_PER_USER, 1, PARTITIONS)
            .selectExpr(
                "id DIV " + ROWS_PER_USER + " AS user",
                "id DIV " + (USERS * ROWS_PER_USER) + " AS rep",
                "rand(22) * 10D AS label",
                "randn(23) * 0.5D AS noise")
            .selectExpr(
                "rep",
                "user",
                "label",
                "noise + 0.5D * sqrt(-2D * ln("
                    + String.format(Locale.ROOT, uniform, 1)
                    + ")) * cos(2D * pi() * "
                    + String.format(Locale.ROOT, uniform, 2)
                    + ") AS error")
            .selectExpr("rep", "user", "label + error AS prediction", "label");
    List<Row> rows =
        run(
            data,
            "mse_loss_ci(prediction, label, named_struct('key', user)) "
                + "AS keyed, mse_loss_ci(prediction, label) AS plain");
    Coverage keyed = coverage(rows, "keyed", 0, 1, 0.5);
    Coverage plain = coverage(rows, "plain", 0, 1, 0.5);
    report("clustered rows, mse_loss_ci keyed by user", USERS * ROWS_PER_USER, keyed);
    report("clustered rows, mse_loss_ci without a key", USERS * ROWS_PER_USER, plain);
    assertInBand("clustered, user key", keyed);
    assertEquals(REPLICATES, plain.withBounds(), "continuous values: bounds without a key");
    assertTrue(plain.coverage() < 0.85, "without the key the intervals are too narrow: " + plain);
  }

  @Test
  void pairedComparisonOfTwoTreeModelsWithARowIdKey() {
    double[] q = leafProbabilities();
    double[] shrunk = new double[LEAVES];
    for (int j = 0; j < LEAVES; j++) {
      shrunk[j] = 0.5 + SHRINK * (q[j] - 0.5);
    }
    Dataset<Row> data =
        leafRows(31).selectExpr("rep", "id", "p", "0.5D + " + SHRINK + "D * (p - 0.5D) AS b", "y");
    List<Row> rows =
        run(
            data,
            "binary_cross_entropy_compare(p, y, b, y, " + "named_struct('key', id)) AS keyed");
    Coverage keyed = coverage(rows, "keyed", 2, 3, expectedBce(q, q) - expectedBce(q, shrunk));
    report("paired comparison of two leaf models, keyed by row id", ROWS, keyed);
    assertInBand("paired tree models, row-id key", keyed);
  }
}
