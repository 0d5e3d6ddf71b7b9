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
 * values whose rounded sum depends on the order; also when rows of many groups are held across
 * batches, when the buffers shrink as groups are added, and when groups are flushed and cleared
 * midway (a task's early emit).
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

  /** The rows added by {@link BucketBatch}, in slices of {@code slice} rows, then flushed. */
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
      batch.add(columns, m, null, keys == null ? null : sliceKeys, g -> state);
    }
    batch.flush(0, g -> state);
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

  /**
   * Rows of {@code groups} groups (row i of group {@code i * 7 % groups}) in slices of {@code
   * slice}: each group's state, row by row and through one {@link BucketBatch} whose buffers span
   * slices and groups; room is made for {@code room} groups first and for every group seen so far
   * as slices come, so that the rows per bucket shrink midway. Every {@code emitEvery} slices every
   * group is flushed, its bytes added to what it emitted and both forgotten, as a task's early emit
   * does; the emitted states merged must be the row-by-row state.
   */
  private static void assertGroupsMatch(
      IntervalEstimator e, double[][] c, int n, int groups, int room, int slice, int emitEvery) {
    int[] groupOf = new int[n];
    for (int i = 0; i < n; i++) {
      groupOf[i] = i * 7 % groups;
    }
    BucketedState[] expected = new BucketedState[groups];
    Sample row = new Sample(c.length);
    PairedRow pair = e.paired() ? new PairedRow(row) : null;
    for (int i = 0; i < n; i++) {
      int g = groupOf[i];
      if (expected[g] == null) {
        expected[g] = e.newState();
      }
      for (int a = 0; a < c.length; a++) {
        row.set(a, c[a], i, 1, 1);
      }
      if (pair != null) {
        e.addPair(pair, expected[g]);
      } else {
        e.add(row, expected[g]);
      }
    }
    BucketedState[] live = new BucketedState[groups];
    BucketedState[] emitted = new BucketedState[groups];
    BucketBatch.States states =
        g -> {
          if (live[g] == null) {
            live[g] = e.newState();
          }
          return live[g];
        };
    BucketBatch batch = new BucketBatch(e, c.length);
    batch.room(room, states);
    Sample columns = new Sample(c.length);
    int[] sliceGroups = new int[slice];
    int seen = 0;
    for (int from = 0, s = 1; from < n; from += slice, s++) {
      int m = Math.min(slice, n - from);
      for (int a = 0; a < c.length; a++) {
        columns.set(a, c[a], from, m, 1);
      }
      for (int j = 0; j < m; j++) {
        sliceGroups[j] = groupOf[from + j];
        seen = Math.max(seen, sliceGroups[j] + 1);
      }
      batch.room(seen, states);
      batch.add(columns, m, sliceGroups, null, states);
      if (s % emitEvery == 0 || from + m >= n) {
        for (int g = 0; g < groups; g++) {
          batch.flush(g, states);
          if (live[g] != null) {
            if (emitted[g] == null) {
              emitted[g] = e.newState();
            }
            emitted[g].merge(e.stateFromBytes(live[g].toBytes()));
          }
        }
        batch.clear(groups);
        java.util.Arrays.fill(live, null);
      }
    }
    for (int g = 0; g < groups; g++) {
      assertArrayEquals(
          expected[g].toBytes(),
          emitted[g].toBytes(),
          (e.paired() ? "comparison" : "interval")
              + ", group "
              + g
              + " of "
              + groups
              + ", slice "
              + slice
              + ", emits every "
              + emitEvery);
    }
  }

  @Test
  void heldRowsOfManyGroupsAcrossBatchesGiveEachGroupsState() {
    int n = 20_000;
    LossKernel mse = kernel("mse_loss");
    LossKernel l1 = kernel("l1_loss");
    IntervalEstimator interval =
        IntervalEstimator.interval(mse, Reduction.MEAN, IntervalOptions.DEFAULT);
    IntervalEstimator comparison =
        IntervalEstimator.comparison(mse, l1, Reduction.SUM, IntervalOptions.DEFAULT);
    for (IntervalEstimator e : List.of(interval, comparison)) {
      double[][] c = columns(n, e.paired() ? 4 : 2, 5);
      // one group: buckets fill and are added while rows are still held in others
      assertGroupsMatch(e, c, n, 1, 1, 4096, Integer.MAX_VALUE);
      // 100 groups in 1,000-row slices: about 10 rows per group and slice, held across slices
      assertGroupsMatch(e, c, n, 100, 1, 1000, Integer.MAX_VALUE);
      // room grows from 1 to 3,000 groups: rows per bucket shrink twice, held rows added first
      assertGroupsMatch(e, c, n, 3000, 1, 777, Integer.MAX_VALUE);
      // early emits every 3 slices flush and forget every group midway
      assertGroupsMatch(e, c, n, 100, 100, 1000, 3);
    }
    // 1,000 buckets: past about 4,000 groups (a comparison's 4 arguments) rows are held nowhere,
    // and what was held before is added when the buffers go
    IntervalEstimator wide =
        IntervalEstimator.comparison(mse, l1, Reduction.MEAN, new IntervalOptions(0.95, 1000));
    assertGroupsMatch(wide, columns(n, 4, 6), n, 5000, 1, 999, Integer.MAX_VALUE);
  }

  @Test
  void rowsPerBucketShrinkWithGroupsWithinBounds() {
    assertEquals(BucketBatch.MAX_ROWS, BucketBatch.rowsPerBucket(1, 20, 2));
    assertEquals(128, BucketBatch.rowsPerBucket(128, 20, 2));
    assertEquals(64, BucketBatch.rowsPerBucket(128, 20, 4));
    assertEquals(BucketBatch.MIN_ROWS, BucketBatch.rowsPerBucket(1 << 18, 20, 4));
    IntervalEstimator wide =
        IntervalEstimator.interval(
            kernel("mse_loss"), Reduction.MEAN, new IntervalOptions(0.95, 1000));
    BucketBatch batch = new BucketBatch(wide, 2);
    batch.room(100, g -> wide.newState());
    assertEquals(BucketBatch.MIN_ROWS, batch.rowsPerBucket());
    batch.room(10_000, g -> wide.newState());
    assertEquals(1, batch.rowsPerBucket(), "past the limit rows are added one by one");
    for (int groups = 1; groups < 1 << 20; groups *= 2) {
      int rows = BucketBatch.rowsPerBucket(groups, 20, 2);
      long values = (long) groups * 20 * 2 * rows;
      assertTrue(
          values <= BucketBatch.BUDGET_VALUES || rows == BucketBatch.MIN_ROWS,
          groups + " groups: " + rows + " rows per bucket");
    }
  }

  @Test
  void aScalarRowsHashIsItsSamplesHash() {
    double[][] withSpecials = columns(200, 3, 3); // zeros of both signs in every column
    double[][] plain = new double[3][200]; // no zero, no NaN: the loop over raw bits
    double[][] nans = new double[3][200]; // NaNs of other payloads hash as the canonical NaN
    Random random = new Random(4);
    for (int a = 0; a < 3; a++) {
      for (int i = 0; i < 200; i++) {
        plain[a][i] = random.nextGaussian();
        nans[a][i] =
            i % 17 == a
                ? Double.longBitsToDouble(0x7FF0_0000_0000_0001L + i)
                : random.nextGaussian();
      }
    }
    for (double[][] c : List.of(withSpecials, plain, nans)) {
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
            () -> {
              BucketedState state = comparison.newState();
              BucketBatch batch = new BucketBatch(comparison, 4);
              batch.add(columns, 2, null, null, g -> state);
              batch.flush(0, g -> state);
            });
    assertEquals(2, e.argument(), e.getMessage());
    assertTrue(e.getMessage().contains("7.0"), e.getMessage());
  }
}
