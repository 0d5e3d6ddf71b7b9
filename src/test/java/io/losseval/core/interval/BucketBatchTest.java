package io.losseval.core.interval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.core.LossDataException;
import io.losseval.core.LossKernel;
import io.losseval.core.Reduction;
import io.losseval.core.Sample;
import io.losseval.core.Shape;
import io.losseval.core.loss.LossCatalog;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Adding scalar rows in batches ({@link BucketBatch}) gives the state adding them one by one gives
 * ({@link IntervalEstimator#add} and {@link IntervalEstimator#addPair}): the same bytes, so the
 * same buckets, sums, counts and distinct-row sketch, for intervals and comparisons, with and
 * without a key, on values that hash specially (zeros of both signs, NaN, repeated rows) and on
 * values whose rounded sum depends on the order.
 */
class BucketBatchTest {
  private static LossKernel kernel(String name) {
    return LossCatalog.get(name).bind(Map.of(), List.of(Shape.SCALAR, Shape.SCALAR));
  }

  /** {@code n} rows of {@code arguments} scalar arguments, column by column. */
  private static double[][] columns(int n, int arguments, long seed) {
    Random random = new Random(seed);
    double[] special = {0.0, -0.0, 1e16, 1.0, 3.0, -2.5};
    double[][] c = new double[arguments][n];
    for (int a = 0; a < arguments; a++) {
      for (int i = 0; i < n; i++) {
        int pick = random.nextInt(10);
        c[a][i] = pick < special.length ? special[pick] : random.nextGaussian();
      }
    }
    return c;
  }

  private static byte[] rowByRow(IntervalEstimator estimator, double[][] c, int n, long[] keys) {
    BucketedState state = estimator.newState();
    Sample row = new Sample(c.length);
    PairedRow pair = estimator.paired() ? new PairedRow(row) : null;
    for (int i = 0; i < n; i++) {
      for (int a = 0; a < c.length; a++) {
        row.set(a, c[a], i, 1, 1);
      }
      if (pair != null && keys != null) {
        estimator.addPair(pair, keys[i], state);
      } else if (pair != null) {
        estimator.addPair(pair, state);
      } else if (keys != null) {
        estimator.add(row, keys[i], state);
      } else {
        estimator.add(row, state);
      }
    }
    return state.toBytes();
  }

  /** The rows added by {@link BucketBatch}, in slices of {@code slice} rows. */
  private static byte[] batched(
      IntervalEstimator estimator, double[][] c, int n, long[] keys, int slice) {
    BucketedState state = estimator.newState();
    BucketBatch batch = new BucketBatch(estimator, c.length);
    Sample columns = new Sample(c.length);
    long[] sliceKeys = new long[slice];
    for (int from = 0; from < n; from += slice) {
      int m = Math.min(slice, n - from);
      for (int a = 0; a < c.length; a++) {
        columns.set(a, c[a], from, m, 1);
      }
      if (keys != null) {
        System.arraycopy(keys, from, sliceKeys, 0, m);
      }
      batch.add(columns, m, keys == null ? null : sliceKeys, state);
    }
    return state.toBytes();
  }

  @Test
  void batchesGiveTheStateOfRowByRow() {
    int n = 5000;
    LossKernel mse = kernel("mse_loss");
    LossKernel l1 = kernel("l1_loss");
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      keys[i] = BucketHash.keyHash(i % 313);
    }
    for (boolean keyed : new boolean[] {false, true}) {
      IntervalEstimator interval =
          IntervalEstimator.interval(mse, Reduction.MEAN, IntervalOptions.DEFAULT, keyed);
      IntervalEstimator comparison =
          IntervalEstimator.comparison(mse, l1, Reduction.SUM, IntervalOptions.DEFAULT, keyed);
      for (IntervalEstimator e : List.of(interval, comparison)) {
        double[][] c = columns(n, e.paired() ? 4 : 2, keyed ? 1 : 2);
        long[] k = keyed ? keys : null;
        byte[] expected = rowByRow(e, c, n, k);
        for (int slice : new int[] {1, 7, 512, n}) {
          assertArrayEquals(
              expected,
              batched(e, c, n, k, slice),
              (e.paired() ? "comparison" : "interval") + ", keyed " + keyed + ", slice " + slice);
        }
      }
    }
  }

  @Test
  void aScalarRowsHashIsItsSamplesHash() {
    double[][] c = columns(200, 3, 3);
    Sample columns = new Sample(3);
    Sample row = new Sample(3);
    for (int a = 0; a < 3; a++) {
      columns.set(a, c[a], 0, 200, 1);
    }
    long[] hashes = new long[200];
    BucketHash.hashScalarRows(columns, 200, hashes);
    for (int i = 0; i < 200; i++) {
      for (int a = 0; a < 3; a++) {
        row.set(a, c[a], i, 1, 1);
      }
      assertEquals(BucketHash.hash(row), hashes[i], "row " + i);
    }
  }

  @Test
  void aBaselinesDataErrorNamesItsArgumentAmongTheRows() {
    LossKernel bce = kernel("binary_cross_entropy");
    IntervalEstimator comparison =
        IntervalEstimator.comparison(bce, bce, Reduction.MEAN, IntervalOptions.DEFAULT);
    double[][] c = {{0.5, 0.25}, {1.0, 0.0}, {0.5, 7.0}, {1.0, 0.0}};
    Sample columns = new Sample(4);
    for (int a = 0; a < 4; a++) {
      columns.set(a, c[a], 0, 2, 1);
    }
    LossDataException e =
        assertThrows(
            LossDataException.class,
            () -> new BucketBatch(comparison, 4).add(columns, 2, null, comparison.newState()));
    assertEquals(2, e.argument(), e.getMessage());
    assertTrue(e.getMessage().contains("7.0"), e.getMessage());
  }
}
