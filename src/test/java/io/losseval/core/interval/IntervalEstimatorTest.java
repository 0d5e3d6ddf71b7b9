package io.losseval.core.interval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.core.LossDataException;
import io.losseval.core.LossKernel;
import io.losseval.core.LossState;
import io.losseval.core.Reduction;
import io.losseval.core.Sample;
import io.losseval.core.Shape;
import io.losseval.core.loss.LossCatalog;
import io.losseval.fixtures.ContractCases;
import io.losseval.fixtures.CoreRunner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * What an interval and a comparison give, case by case: the loss's own bits as the value, the
 * jackknife exactly as documented, NULL bounds where none can be given, and the same bits whatever
 * the order and grouping of rows into partial states.
 */
class IntervalEstimatorTest {
  private static final IntervalOptions DEFAULT = IntervalOptions.DEFAULT;

  private static LossKernel mse() {
    return LossCatalog.get("mse_loss").bind(Map.of(), List.of(Shape.SCALAR, Shape.SCALAR));
  }

  private static Sample row(double... values) {
    Sample s = new Sample(values.length);
    for (int a = 0; a < values.length; a++) {
      s.set(a, new double[] {values[a]});
    }
    return s;
  }

  /** {prediction, label} pairs: label uniform in [0, 10), prediction off by N(0, 0.5). */
  private static List<double[]> regressionRows(int n, long seed) {
    Random random = new Random(seed);
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double label = random.nextDouble() * 10;
      rows.add(new double[] {label + 0.5 * random.nextGaussian(), label});
    }
    return rows;
  }

  private static BucketedState state(IntervalEstimator e, List<double[]> rows) {
    BucketedState s = e.newState();
    for (double[] r : rows) {
      e.add(row(r), s);
    }
    return s;
  }

  private static Long bits(Double d) {
    return d == null ? null : Double.doubleToLongBits(d);
  }

  @TestFactory
  Stream<DynamicTest> valueIsTheLossBitForBitForEveryFixtureCase() {
    return ContractCases.all()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.toString(),
                    () -> {
                      CoreRunner core = new CoreRunner(c);
                      LossState plain = core.state(0, c.rows());
                      int n = c.args().size();
                      for (Reduction r : Reduction.values()) {
                        IntervalEstimator interval =
                            IntervalEstimator.interval(core.kernel(), r, DEFAULT);
                        IntervalEstimator comparison =
                            IntervalEstimator.comparison(core.kernel(), core.kernel(), r, DEFAULT);
                        BucketedState single = interval.newState();
                        BucketedState paired = comparison.newState();
                        PairedRow both = new PairedRow(new Sample(2 * n));
                        Sample sample = new Sample(n);
                        for (int i = 0; i < c.rows(); i++) {
                          if (core.read(i, sample)) {
                            interval.add(sample, single);
                            for (int a = 0; a < n; a++) {
                              both.row()
                                  .set(
                                      a,
                                      sample.values(a),
                                      sample.offset(a),
                                      sample.length(a),
                                      sample.width(a));
                              both.row()
                                  .set(
                                      n + a,
                                      sample.values(a),
                                      sample.offset(a),
                                      sample.length(a),
                                      sample.width(a));
                            }
                            comparison.addPair(both, paired);
                          }
                        }
                        Double expected = core.kernel().result(plain, r);
                        String what = c + " " + r.sqlName();
                        Interval i = interval.interval(single);
                        assertEquals(bits(expected), bits(i.value()), what);
                        assertEquals(plain.rows(), i.rows(), what);
                        Comparison cmp = comparison.comparison(paired);
                        assertEquals(bits(expected), bits(cmp.candidate()), what + " candidate");
                        assertEquals(bits(expected), bits(cmp.baseline()), what + " baseline");
                        assertEquals(plain.rows(), cmp.rows(), what);
                        if (cmp.bounds() != null) {
                          assertEquals(0.0, cmp.stderr(), what + ": a model compared with itself");
                          assertEquals(0.0, cmp.difference(), what);
                        }
                      }
                    }));
  }

  /** theta_(-b) recomputed by brute force from the rows, then the documented formula. */
  @Test
  void standardErrorIsTheDeleteABucketJackknife() {
    List<double[]> rows = regressionRows(500, 1);
    IntervalEstimator e = IntervalEstimator.interval(mse(), Reduction.MEAN, DEFAULT);
    Interval result = e.interval(state(e, rows));
    int buckets = DEFAULT.buckets();
    double[] sum = new double[buckets];
    long[] count = new long[buckets];
    for (double[] r : rows) {
      int b = BucketHash.bucket(row(r), buckets);
      sum[b] += (r[0] - r[1]) * (r[0] - r[1]);
      count[b]++;
    }
    double total = 0;
    long all = 0;
    for (int b = 0; b < buckets; b++) {
      total += sum[b];
      all += count[b];
    }
    double[] theta = new double[buckets];
    double mean = 0;
    for (int b = 0; b < buckets; b++) {
      theta[b] = (total - sum[b]) / (all - count[b]);
      mean += theta[b] / buckets;
    }
    double ss = 0;
    for (double t : theta) {
      ss += (t - mean) * (t - mean);
    }
    double stderr = Math.sqrt((buckets - 1.0) / buckets * ss);
    assertEquals(stderr, result.stderr(), 1e-12 * stderr);
    double t = StudentT.twoSidedCritical(0.95, buckets - 1);
    assertEquals(result.value() - t * result.stderr(), result.lower(), 0.0);
    assertEquals(result.value() + t * result.stderr(), result.upper(), 0.0);
    assertEquals(500, result.rows());
  }

  @Test
  void sumIsTheRowCountTimesTheMeanPerRow() {
    List<double[]> rows = regressionRows(800, 2);
    Interval sum =
        IntervalEstimator.interval(mse(), Reduction.SUM, DEFAULT)
            .interval(state(IntervalEstimator.interval(mse(), Reduction.SUM, DEFAULT), rows));
    IntervalEstimator perRow = IntervalEstimator.interval(mse(), Reduction.BATCHMEAN, DEFAULT);
    Interval batchmean = perRow.interval(state(perRow, rows));
    assertEquals(800 * batchmean.stderr(), sum.stderr(), 1e-12 * sum.stderr());
    assertEquals(800 * batchmean.value(), sum.value(), 1e-12 * sum.value());
  }

  @Test
  void sameBitsForAnyOrderAndAnySplitIntoPartialStates() {
    List<double[]> rows = regressionRows(3000, 3);
    for (IntervalEstimator e :
        List.of(
            IntervalEstimator.interval(mse(), Reduction.MEAN, DEFAULT),
            IntervalEstimator.comparison(
                mse(), mse(), Reduction.SUM, new IntervalOptions(0.9, 7)))) {
      BucketedState whole = fill(e, rows);
      byte[] reference = whole.toBytes();
      Object expected = result(e, whole);
      Random random = new Random(4);
      for (int trial = 0; trial < 5; trial++) {
        List<double[]> shuffled = new ArrayList<>(rows);
        Collections.shuffle(shuffled, random);
        int cut1 = random.nextInt(rows.size());
        int cut2 = cut1 + random.nextInt(rows.size() - cut1);
        List<BucketedState> parts =
            new ArrayList<>(
                List.of(
                    fill(e, shuffled.subList(0, cut1)),
                    fill(e, shuffled.subList(cut1, cut2)),
                    fill(e, shuffled.subList(cut2, rows.size()))));
        Collections.shuffle(parts, random);
        BucketedState merged = e.newState();
        for (BucketedState p : parts) {
          merged.merge(e.stateFromBytes(p.toBytes()));
        }
        assertArrayEquals(reference, merged.toBytes(), "trial " + trial);
        assertEquals(expected, result(e, merged), "trial " + trial);
      }
    }
  }

  /** Candidate (p, y), baseline (p + 0.1 y, y): rows of either kind of estimator. */
  private static BucketedState fill(IntervalEstimator e, List<double[]> rows) {
    BucketedState s = e.newState();
    PairedRow pair = new PairedRow(new Sample(4));
    for (double[] r : rows) {
      if (e.paired()) {
        double[] v = {r[0], r[1], r[0] + 0.1 * r[1], r[1]};
        for (int a = 0; a < 4; a++) {
          pair.row().set(a, new double[] {v[a]});
        }
        e.addPair(pair, s);
      } else {
        e.add(row(r), s);
      }
    }
    return s;
  }

  private static Object result(IntervalEstimator e, BucketedState s) {
    return e.paired() ? e.comparison(s) : e.interval(s);
  }

  @Test
  void anEmptyGroupHasNoValueAndNoRows() {
    IntervalEstimator e = IntervalEstimator.interval(mse(), Reduction.MEAN, DEFAULT);
    assertEquals(new Interval(null, null, 0, NoBounds.NO_ROWS), e.interval(e.newState()));
    IntervalEstimator c = IntervalEstimator.comparison(mse(), mse(), Reduction.MEAN, DEFAULT);
    assertEquals(
        new Comparison(null, null, null, null, 0, NoBounds.NO_ROWS), c.comparison(c.newState()));
  }

  @Test
  void fewerRowsThanBucketsOrAnEmptyBucketGiveNoBounds() {
    IntervalEstimator e = IntervalEstimator.interval(mse(), Reduction.MEAN, DEFAULT);
    Interval few = e.interval(state(e, regressionRows(19, 5)));
    assertNotNull(few.value());
    assertEquals(19, few.rows());
    assertNull(few.bounds());
    assertNull(few.lower());
    assertEquals(NoBounds.EMPTY_BUCKET, few.noBounds());
    // 5,000 copies of one row share one bucket: nineteen buckets are empty.
    List<double[]> same = Collections.nCopies(5000, new double[] {1.0, 3.0});
    Interval identical = e.interval(state(e, same));
    assertEquals(4.0, identical.value());
    assertEquals(5000, identical.rows());
    assertNull(identical.bounds());
    assertEquals(NoBounds.FEW_DISTINCT_ROWS, identical.noBounds(), "no key: one distinct row");
    // With enough distinct rows every bucket has some, and there are bounds.
    assertNotNull(e.interval(state(e, regressionRows(400, 6))).bounds());
  }

  @Test
  void aNonFiniteValueOrLeaveOneOutEstimateGivesNoBounds() {
    IntervalEstimator e = IntervalEstimator.interval(mse(), Reduction.MEAN, DEFAULT);
    List<double[]> rows = new ArrayList<>(regressionRows(400, 7));
    rows.add(new double[] {Double.NaN, 1});
    Interval nan = e.interval(state(e, rows));
    assertTrue(Double.isNaN(nan.value()));
    assertNull(nan.bounds());
    // cross_entropy 'mean' with every target but one ignored: the bucket of that row left out,
    // nothing remains to divide by (0 / 0); the value itself is finite.
    LossKernel ce =
        LossCatalog.get("cross_entropy").bind(Map.of(), List.of(Shape.ARRAY, Shape.SCALAR));
    IntervalEstimator ci = IntervalEstimator.interval(ce, Reduction.MEAN, DEFAULT);
    BucketedState s = ci.newState();
    Random random = new Random(8);
    for (int i = 0; i < 400; i++) {
      Sample r =
          new Sample(2)
              .set(0, new double[] {random.nextGaussian(), random.nextGaussian()})
              .set(1, new double[] {i == 0 ? 1 : -100});
      ci.add(r, s);
    }
    Interval one = ci.interval(s);
    assertTrue(Double.isFinite(one.value()), "value " + one.value());
    assertNull(one.bounds());
  }

  @Test
  void aBaselineDataErrorNamesItsArgumentAmongTheRowsArguments() {
    LossKernel bce =
        LossCatalog.get("binary_cross_entropy").bind(Map.of(), List.of(Shape.SCALAR, Shape.SCALAR));
    IntervalEstimator c = IntervalEstimator.comparison(bce, bce, Reduction.MEAN, DEFAULT);
    PairedRow pair = new PairedRow(new Sample(4));
    double[] v = {0.5, 1.0, 0.5, 1.5}; // the baseline's target is outside [0, 1]
    for (int a = 0; a < 4; a++) {
      pair.row().set(a, new double[] {v[a]});
    }
    LossDataException e =
        assertThrows(LossDataException.class, () -> c.addPair(pair, c.newState()));
    assertEquals(3, e.argument(), e.getMessage());
    assertTrue(e.getMessage().startsWith("binary_cross_entropy: "), e.getMessage());
  }

  /**
   * A row whose width differs from its bucket's rows fails when added, as in the loss itself; one
   * in a bucket of its own fails when the buckets are merged for the result.
   */
  @Test
  void rowsOfOneGroupWithDifferentWidthsFailWhenTheirBucketsMeet() {
    LossKernel ce =
        LossCatalog.get("cross_entropy").bind(Map.of(), List.of(Shape.ARRAY, Shape.SCALAR));
    IntervalEstimator e = IntervalEstimator.interval(ce, Reduction.MEAN, DEFAULT);
    BucketedState s = e.newState();
    Random random = new Random(9);
    boolean[] used = new boolean[DEFAULT.buckets()];
    for (int i = 0; i < 5; i++) {
      Sample three =
          new Sample(2)
              .set(
                  0,
                  new double[] {
                    random.nextGaussian(), random.nextGaussian(), random.nextGaussian()
                  })
              .set(1, new double[] {0});
      used[BucketHash.bucket(three, DEFAULT.buckets())] = true;
      e.add(three, s);
    }
    Sample sameBucket = null;
    Sample ownBucket = null;
    while (sameBucket == null || ownBucket == null) {
      Sample four =
          new Sample(2)
              .set(
                  0,
                  new double[] {
                    random.nextGaussian(),
                    random.nextGaussian(),
                    random.nextGaussian(),
                    random.nextGaussian()
                  })
              .set(1, new double[] {0});
      if (used[BucketHash.bucket(four, DEFAULT.buckets())]) {
        sameBucket = four;
      } else {
        ownBucket = four;
      }
    }
    Sample first = sameBucket;
    LossDataException atAdd = assertThrows(LossDataException.class, () -> e.add(first, s));
    assertTrue(
        atAdd
            .getMessage()
            .contains("a row has 4 classes but earlier rows of its group " + "have 3"),
        atAdd.getMessage());
    e.add(ownBucket, s);
    LossDataException atResult = assertThrows(LossDataException.class, () -> e.interval(s));
    assertTrue(
        atResult.getMessage().contains("3 and 4 classes")
            || atResult.getMessage().contains("4 and 3 classes"),
        atResult.getMessage());
  }

  @Test
  void confidenceAndBucketsShapeTheInterval() {
    List<double[]> rows = regressionRows(2000, 10);
    IntervalEstimator e95 = IntervalEstimator.interval(mse(), Reduction.MEAN, DEFAULT);
    IntervalEstimator e80 =
        IntervalEstimator.interval(mse(), Reduction.MEAN, new IntervalOptions(0.8, 20));
    Interval i95 = e95.interval(state(e95, rows));
    Interval i80 = e80.interval(state(e80, rows));
    assertEquals(i95.stderr(), i80.stderr(), "the same buckets, the same standard error");
    assertEquals(
        StudentT.twoSidedCritical(0.8, 19) / StudentT.twoSidedCritical(0.95, 19),
        (i80.upper() - i80.lower()) / (i95.upper() - i95.lower()),
        1e-12);
    IntervalEstimator e50 =
        IntervalEstimator.interval(mse(), Reduction.MEAN, new IntervalOptions(0.95, 50));
    assertEquals(50, e50.layout().buckets());
    assertEquals(i95.value(), e50.interval(state(e50, rows)).value());
  }
}
