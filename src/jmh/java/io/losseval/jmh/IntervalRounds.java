package io.losseval.jmh;

import io.losseval.core.LossKernel;
import io.losseval.core.LossState;
import io.losseval.core.Reduction;
import io.losseval.core.Sample;
import io.losseval.core.Shape;
import io.losseval.core.interval.BucketBatch;
import io.losseval.core.interval.BucketHash;
import io.losseval.core.interval.BucketedState;
import io.losseval.core.interval.IntervalEstimator;
import io.losseval.core.interval.IntervalOptions;
import io.losseval.core.loss.LossCatalog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;

/**
 * The core's part of an interval ({@code mse_loss_ci}) and a comparison ({@code mse_loss_compare})
 * on the columnar path, against the plain loss's, timed as {@link KernelRounds} times kernels
 * (thread CPU time, variants in turns): a batch of {@value #ROWS} regression rows (the next of
 * {@value #BATCHES}) added without grouping and with 100 groups (rows of a group scattered over the
 * batch, as {@code pmod(hash(id), 100)} gives them). The plain loss adds a batch in one call, or a
 * group's run in one call once the rows are sorted by group (what the columnar path does for 100
 * groups); the interval hands the batch to {@link BucketBatch}, whose buffers span batches. Run:
 * {@code mvn -B -q -Pjmh test-compile exec:java -Dexec.mainClass=io.losseval.jmh.IntervalRounds
 * -Dexec.classpathScope=test [-Drounds=N]}.
 */
public final class IntervalRounds {
  private static final int ROWS = 4096;
  private static final int GROUPS = 100;
  private static final int BATCHES = 128;

  private IntervalRounds() {}

  public static void main(String[] args) {
    int rounds = Integer.getInteger("rounds", 15);
    // Fresh rows in every call, as a table's batches are: a group's distinct-row sketch then keeps
    // few of them, as it does over millions of rows.
    int total = ROWS * BATCHES;
    double[][] reg = BenchData.regression(total);
    double[] other = new double[total];
    SplittableRandom random = new SplittableRandom(13);
    int[] groupOf = new int[total];
    for (int i = 0; i < total; i++) {
      other[i] = reg[1][i] + random.nextGaussian() * 0.6;
      groupOf[i] = random.nextInt(GROUPS);
    }
    // each batch's rows sorted by group, and each group's run, as the plain loss's columnar path
    // adds them
    int[][] start = new int[BATCHES][GROUPS + 1];
    double[][] sorted = new double[3][total];
    for (int batch = 0; batch < BATCHES; batch++) {
      int base = batch * ROWS;
      int[] st = start[batch];
      for (int i = base; i < base + ROWS; i++) {
        st[groupOf[i] + 1]++;
      }
      for (int g = 0; g < GROUPS; g++) {
        st[g + 1] += st[g];
      }
      int[] next = st.clone();
      for (int i = base; i < base + ROWS; i++) {
        int at = base + next[groupOf[i]]++;
        sorted[0][at] = reg[0][i];
        sorted[1][at] = reg[1][i];
        sorted[2][at] = other[i];
      }
    }
    LossKernel mse =
        LossCatalog.get("mse_loss").bind(Map.of(), List.of(Shape.SCALAR, Shape.SCALAR));
    IntervalEstimator ci = IntervalEstimator.interval(mse, Reduction.MEAN, IntervalOptions.DEFAULT);
    IntervalEstimator compare =
        IntervalEstimator.comparison(mse, mse, Reduction.MEAN, IntervalOptions.DEFAULT);
    Sample pair = new Sample(2);
    Sample quad = new Sample(4);
    Sample run = new Sample(2);
    long[] hashes = new long[ROWS];
    int[] calls = new int[1];
    // the next batch: its first row, with pair and quad pointed at its rows
    IntSupplier next =
        () -> {
          int base = calls[0]++ % BATCHES * ROWS;
          pair.set(0, reg[0], base, ROWS, 1).set(1, reg[1], base, ROWS, 1);
          quad.set(0, other, base, ROWS, 1).set(1, reg[1], base, ROWS, 1);
          quad.set(2, reg[0], base, ROWS, 1).set(3, reg[1], base, ROWS, 1);
          return base;
        };

    Map<String, DoubleSupplier> variants = new LinkedHashMap<>();
    LossState plain = mse.newState();
    variants.put(
        "mse_loss, no grouping: the batch in one addBatch",
        () -> {
          next.getAsInt();
          mse.addBatch(pair, ROWS, plain);
          return plain.rows();
        });
    variants.put(
        "the rows' bucket hashes only (hashScalarRows, 2 arguments)",
        () -> {
          next.getAsInt();
          BucketHash.hashScalarRows(pair, ROWS, hashes);
          return hashes[7];
        });
    variants.put("mse_loss_ci, no grouping", bucketed(ci, pair, next, null));
    variants.put("mse_loss_compare, no grouping", bucketed(compare, quad, next, null));
    LossState[] plainGroups = new LossState[GROUPS];
    for (int g = 0; g < GROUPS; g++) {
      plainGroups[g] = mse.newState();
    }
    variants.put(
        "mse_loss, 100 groups: a group's run in one addBatch (rows sorted by group)",
        () -> {
          int base = next.getAsInt();
          int[] st = start[base / ROWS];
          for (int g = 0; g < GROUPS; g++) {
            int n = st[g + 1] - st[g];
            run.set(0, sorted[0], base + st[g], n, 1).set(1, sorted[1], base + st[g], n, 1);
            mse.addBatch(run, n, plainGroups[g]);
          }
          return plainGroups[0].rows();
        });
    variants.put("mse_loss_ci, 100 groups", bucketed(ci, pair, next, groupOf));
    variants.put("mse_loss_compare, 100 groups", bucketed(compare, quad, next, groupOf));
    KernelRounds.run(variants, rounds, ROWS, ROWS + " regression rows a batch");
  }

  /**
   * Adds the next batch ({@code next} points {@code columns} at it and gives its first row) to
   * {@code e}'s states through one {@link BucketBatch}: all to one state when {@code groupOf} is
   * null, else each row to the state of its group ({@code groupOf}, over all batches).
   */
  private static DoubleSupplier bucketed(
      IntervalEstimator e, Sample columns, IntSupplier next, int[] groupOf) {
    BucketedState[] states = new BucketedState[GROUPS];
    for (int g = 0; g < GROUPS; g++) {
      states[g] = e.newState();
    }
    BucketBatch.States made = g -> states[g];
    BucketBatch batch = new BucketBatch(e, columns.arguments());
    batch.room(groupOf == null ? 1 : 128, made); // the columnar path's room for 100 groups
    int[] batchGroups = groupOf == null ? null : new int[ROWS];
    return () -> {
      int base = next.getAsInt();
      if (batchGroups != null) {
        System.arraycopy(groupOf, base, batchGroups, 0, ROWS);
      }
      batch.add(columns, ROWS, batchGroups, null, made);
      return states[0].rows();
    };
  }
}
