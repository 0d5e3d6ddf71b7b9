package io.losseval.core.interval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.core.LossKernel;
import io.losseval.core.Reduction;
import io.losseval.core.Sample;
import io.losseval.core.Shape;
import io.losseval.core.loss.LossCatalog;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Do the 95% intervals cover the true value 95% of the time? Each scenario simulates {@value
 * #REPLICATES} data sets from a distribution whose expected loss is known exactly, with fixed seeds
 * (deterministic), and counts the intervals that contain it; the share must lie in [0.93, 0.97].
 * With {@value #REPLICATES} replicates a true coverage of 0.95 gives a standard deviation of 0.0049
 * for the share, so the band is four of them on either side.
 *
 * <p>{@value #WIDTH_REPLICATES} data sets with four times the rows give intervals half as wide,
 * within [0.47, 0.53]: each width estimates its expectation with a relative spread of about {@code
 * 1 / sqrt(2 * 19)} = 0.16 (19 degrees of freedom), the mean of 500 widths to within 0.7% and that
 * of 2,000 to within 0.4%, so their ratio to within 0.8% (one standard deviation): the band is
 * almost four of them.
 */
class CoverageTest {
  static final int REPLICATES = 2000;
  static final int WIDTH_REPLICATES = 500;
  private static final int ROWS = 1000;
  private static final IntervalOptions OPTIONS = IntervalOptions.DEFAULT;

  /** Observed coverage and mean width of one scenario at one size. */
  private record Outcome(double coverage, double meanWidth, int withoutBounds) {}

  /** A data set's interval for a scenario: [lower, upper], or null without bounds. */
  @FunctionalInterface
  private interface Scenario {
    Bounds simulate(Random random, int rows);
  }

  private static Outcome run(Scenario scenario, double truth, int rows, int replicates, long seed) {
    Random random = new Random(seed);
    int covered = 0;
    int without = 0;
    double width = 0;
    for (int r = 0; r < replicates; r++) {
      Bounds b = scenario.simulate(random, rows);
      if (b == null) {
        without++;
        continue;
      }
      covered += b.lower() <= truth && truth <= b.upper() ? 1 : 0;
      width += b.upper() - b.lower();
    }
    return new Outcome((double) covered / replicates, width / (replicates - without), without);
  }

  private static void check(String name, Scenario scenario, double truth, long seed) {
    Outcome n = run(scenario, truth, ROWS, REPLICATES, seed);
    Outcome n4 = run(scenario, truth, 4 * ROWS, WIDTH_REPLICATES, seed + 1);
    System.out.printf(
        Locale.ROOT,
        "coverage %s: %.4f of %d data sets of %d rows (%.4f of %d of "
            + "%d rows); mean width %.6f -> %.6f (ratio %.4f)%n",
        name,
        n.coverage(),
        REPLICATES,
        ROWS,
        n4.coverage(),
        WIDTH_REPLICATES,
        4 * ROWS,
        n.meanWidth(),
        n4.meanWidth(),
        n4.meanWidth() / n.meanWidth());
    assertEquals(0, n.withoutBounds() + n4.withoutBounds(), name + ": every data set has bounds");
    assertTrue(n.coverage() >= 0.93 && n.coverage() <= 0.97, name + ": coverage " + n.coverage());
    double ratio = n4.meanWidth() / n.meanWidth();
    assertTrue(ratio >= 0.47 && ratio <= 0.53, name + ": 4x the rows, width ratio " + ratio);
  }

  private static LossKernel mse() {
    return LossCatalog.get("mse_loss").bind(Map.of(), List.of(Shape.SCALAR, Shape.SCALAR));
  }

  private static Sample scalars(Sample s, double... values) {
    for (int a = 0; a < values.length; a++) {
      s.values(a)[0] = values[a];
    }
    return s;
  }

  private static Sample scalarSample(int arguments) {
    Sample s = new Sample(arguments);
    for (int a = 0; a < arguments; a++) {
      s.set(a, new double[1]);
    }
    return s;
  }

  /**
   * mse_loss 'mean' of a regression: label uniform in [0, 10), prediction = label + N(0, 0.5^2).
   * The expected squared error is the noise variance, 0.25.
   */
  @Test
  void meanSquaredError() {
    IntervalEstimator e = IntervalEstimator.interval(mse(), Reduction.MEAN, OPTIONS);
    Sample row = scalarSample(2);
    check(
        "mse_loss mean",
        (random, rows) -> {
          BucketedState s = e.newState();
          for (int i = 0; i < rows; i++) {
            double label = 10 * random.nextDouble();
            e.add(scalars(row, label + 0.5 * random.nextGaussian(), label), s);
          }
          return e.interval(s).bounds();
        },
        0.25,
        11);
  }

  // Weighted cross-entropy: 3 classes with weights 1, 2, 0.5. A row's logits are one of four
  // templates (equally likely) plus the same N(0, 1) shift on every class, which leaves the
  // log-softmax unchanged but makes every row distinct; its label is drawn from the template's
  // class probabilities below (a miscalibrated model: they differ from the softmax).
  private static final double[] WEIGHTS = {1, 2, 0.5};
  private static final double[][] TEMPLATES = {
    {2.0, 0.5, -1.0}, {-0.5, 1.5, 0.0}, {0.0, 0.0, 0.0}, {-2.0, -1.0, 3.0}
  };
  private static final double[][] LABEL_PROBABILITIES = {
    {0.6, 0.3, 0.1}, {0.2, 0.5, 0.3}, {0.3, 0.3, 0.4}, {0.1, 0.2, 0.7}
  };

  /**
   * The expected value of the weighted 'mean', a ratio of two sums: E[w_y l] / E[w_y], with {@code
   * l = -log_softmax(template)[y]}, summed over the finitely many (template, label) pairs.
   */
  private static double weightedCrossEntropyTruth() {
    double numerator = 0;
    double denominator = 0;
    for (int t = 0; t < TEMPLATES.length; t++) {
      double max = Double.NEGATIVE_INFINITY;
      for (double z : TEMPLATES[t]) {
        max = Math.max(max, z);
      }
      double sum = 0;
      for (double z : TEMPLATES[t]) {
        sum += Math.exp(z - max);
      }
      double logNormalizer = max + Math.log(sum);
      for (int y = 0; y < 3; y++) {
        double p = LABEL_PROBABILITIES[t][y] / TEMPLATES.length;
        numerator += p * WEIGHTS[y] * (logNormalizer - TEMPLATES[t][y]);
        denominator += p * WEIGHTS[y];
      }
    }
    return numerator / denominator;
  }

  @Test
  void weightedCrossEntropyMeanARatioOfSums() {
    LossKernel ce =
        LossCatalog.get("cross_entropy")
            .bind(Map.of("weight", WEIGHTS), List.of(Shape.ARRAY, Shape.SCALAR));
    IntervalEstimator e = IntervalEstimator.interval(ce, Reduction.MEAN, OPTIONS);
    double[] logits = new double[3];
    Sample row = new Sample(2).set(0, logits).set(1, new double[1]);
    check(
        "weighted cross_entropy mean",
        (random, rows) -> {
          BucketedState s = e.newState();
          for (int i = 0; i < rows; i++) {
            int t = random.nextInt(TEMPLATES.length);
            double shift = random.nextGaussian();
            for (int k = 0; k < 3; k++) {
              logits[k] = TEMPLATES[t][k] + shift;
            }
            double u = random.nextDouble();
            int y =
                u < LABEL_PROBABILITIES[t][0]
                    ? 0
                    : u < LABEL_PROBABILITIES[t][0] + LABEL_PROBABILITIES[t][1] ? 1 : 2;
            row.values(1)[0] = y;
            e.add(row, s);
          }
          return e.interval(s).bounds();
        },
        weightedCrossEntropyTruth(),
        21);
  }

  /**
   * A candidate and a baseline regression model on the same rows, their errors correlated: baseline
   * = label + 0.5 z1, candidate = label + 0.45 (0.8 z1 + 0.6 z2). The expected mse_loss difference
   * is 0.45^2 - 0.5^2 = -0.0475.
   */
  @Test
  void pairedComparisonOfMeanSquaredErrors() {
    IntervalEstimator e = IntervalEstimator.comparison(mse(), mse(), Reduction.MEAN, OPTIONS);
    PairedRow pair = new PairedRow(scalarSample(4));
    check(
        "mse_loss comparison",
        (random, rows) -> {
          BucketedState s = e.newState();
          for (int i = 0; i < rows; i++) {
            double label = 10 * random.nextDouble();
            double z1 = random.nextGaussian();
            double z2 = random.nextGaussian();
            scalars(
                pair.row(), label + 0.45 * (0.8 * z1 + 0.6 * z2), label, label + 0.5 * z1, label);
            e.addPair(pair, s);
          }
          return e.comparison(s).bounds();
        },
        0.45 * 0.45 - 0.25,
        31);
  }

  /**
   * Why pairs: a candidate slightly better than the baseline (0.49 against 0.5 noise, errors
   * correlated 0.98) on 2,000 rows. The two losses' own intervals overlap, so on their own they
   * cannot tell the models apart; the paired difference's interval lies below 0.
   */
  @Test
  void pairedBucketsSeeADifferenceThatSeparateIntervalsCannot() {
    IntervalEstimator compare = IntervalEstimator.comparison(mse(), mse(), Reduction.MEAN, OPTIONS);
    IntervalEstimator single = IntervalEstimator.interval(mse(), Reduction.MEAN, OPTIONS);
    BucketedState both = compare.newState();
    BucketedState candidate = single.newState();
    BucketedState baseline = single.newState();
    PairedRow pair = new PairedRow(scalarSample(4));
    Sample one = scalarSample(2);
    Random random = new Random(41);
    double rho = 0.98;
    for (int i = 0; i < 2000; i++) {
      double label = 10 * random.nextDouble();
      double z1 = random.nextGaussian();
      double z2 = random.nextGaussian();
      double c = label + 0.49 * (rho * z1 + Math.sqrt(1 - rho * rho) * z2);
      double b = label + 0.5 * z1;
      scalars(pair.row(), c, label, b, label);
      compare.addPair(pair, both);
      single.add(scalars(one, c, label), candidate);
      single.add(scalars(one, b, label), baseline);
    }
    Comparison d = compare.comparison(both);
    Interval ci = single.interval(candidate);
    Interval bi = single.interval(baseline);
    assertEquals(ci.value(), d.candidate());
    assertEquals(bi.value(), d.baseline());
    assertNotNull(d.bounds());
    assertTrue(
        ci.upper() > bi.lower() && bi.upper() > ci.lower(),
        "the separate intervals overlap: " + ci + " " + bi);
    assertTrue(d.upper() < 0, "the paired interval excludes 0: " + d);
  }

  /**
   * Why no bounds without a key when rows repeat more than {@value IntervalEstimator#REPEATS_LIMIT}
   * times on average: rows drawn from K equally likely (prediction, label) pairs (mse_loss, losses
   * spread by the pairs), 1,000 rows a data set, bucketed by their values as an unkeyed call does
   * (here through the key hash of the values' hash, which bypasses the distinct-row rule). The true
   * value is the mean loss of the K pairs. As rows per distinct value grow, the standard error
   * grows about as their square root and coverage goes to 1; at 1 row per distinct value it is
   * nominal. Prints the table docs/interval-keys.md records.
   */
  @Test
  void identicalRowsWidenTheIntervalWithoutAKey() {
    int rows = 1000;
    int replicates = 1000;
    IntervalEstimator byValue = IntervalEstimator.interval(mse(), Reduction.MEAN, OPTIONS, true);
    IntervalEstimator unkeyed = IntervalEstimator.interval(mse(), Reduction.MEAN, OPTIONS);
    System.out.println("| pairs | rows per distinct row | repeats | coverage | stderr ratio |");
    Sample row = scalarSample(2);
    double previousRatio = 0;
    for (int pairs : new int[] {1_000_000, 8000, 4000, 2000, 1000, 500, 250}) {
      Random random = new Random(51 + pairs);
      double[] prediction = new double[pairs];
      double[] label = new double[pairs];
      double truth = 0;
      for (int k = 0; k < pairs; k++) {
        label[k] = 10 * random.nextDouble();
        prediction[k] = label[k] + 0.5 * random.nextGaussian();
        truth += (prediction[k] - label[k]) * (prediction[k] - label[k]);
      }
      truth /= pairs;
      int covered = 0;
      double perDistinct = 0;
      double repeats = 0;
      double[] values = new double[replicates];
      double[] stderrs = new double[replicates];
      for (int r = 0; r < replicates; r++) {
        BucketedState s = byValue.newState();
        BucketedState plain = unkeyed.newState();
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < rows; i++) {
          int k = random.nextInt(pairs);
          seen.add(k);
          scalars(row, prediction[k], label[k]);
          byValue.add(row, BucketHash.hash(row), s);
          unkeyed.add(row, plain);
        }
        perDistinct += (double) rows / seen.size() / replicates;

        repeats += plain.repeats() / replicates;
        Interval interval = byValue.interval(s);
        assertEquals(
            plain.repeats() > IntervalEstimator.REPEATS_LIMIT,
            unkeyed.interval(plain).noBounds() == NoBounds.FEW_DISTINCT_ROWS);
        values[r] = interval.value();
        stderrs[r] = interval.bounds() == null ? Double.NaN : interval.stderr();
        covered +=
            interval.bounds() != null && interval.lower() <= truth && truth <= interval.upper()
                ? 1
                : 0;
      }
      double mean = java.util.Arrays.stream(values).average().orElseThrow();
      double sd =
          Math.sqrt(
              java.util.Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum()
                  / (replicates - 1));
      double[] sorted =
          java.util.Arrays.stream(stderrs).filter(d -> !Double.isNaN(d)).sorted().toArray();
      double ratio = sorted[sorted.length / 2] / sd;
      double coverage = (double) covered / replicates;
      System.out.printf(
          Locale.ROOT,
          "| %d | %.2f | %.2f | %.3f | %.2f |%n",
          pairs,
          perDistinct,
          repeats,
          coverage,
          ratio);
      if (repeats <= IntervalEstimator.REPEATS_LIMIT + 0.01) {
        assertTrue(
            coverage >= 0.93 && coverage <= 0.97,
            "at " + repeats + " repeats the " + "interval is still good: coverage " + coverage);
      }
      if (repeats >= 1.5) {
        assertTrue(
            coverage > 0.97 && ratio > 1.15,
            "at "
                + repeats
                + " repeats the interval "
                + "is too wide: coverage "
                + coverage
                + ", ratio "
                + ratio);
      }
      assertTrue(ratio > previousRatio - 0.05, "wider with more ties: " + ratio);
      previousRatio = ratio;
    }
  }
}
