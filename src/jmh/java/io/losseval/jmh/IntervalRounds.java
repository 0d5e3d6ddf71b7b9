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

/**
 * The core's part of an interval ({@code mse_loss_ci}) and a comparison ({@code mse_loss_compare})
 * on the columnar path, against the plain loss's, timed as {@link KernelRounds} times kernels
 * (thread CPU time, variants in turns): a batch of {@value #ROWS} regression rows added without
 * grouping and with 100 groups (rows of a group scattered over the batch, as {@code pmod(hash(id),
 * 100)} gives them). The plain loss adds a batch in one call, or a group's run in one call once the
 * rows are sorted by group (what the columnar path does for 100 groups); the interval hands the
 * batch to {@link BucketBatch}, whose buffers span batches. Run: {@code mvn -B -q -Pjmh
 * test-compile exec:java -Dexec.mainClass=io.losseval.jmh.IntervalRounds -Dexec.classpathScope=test
 * [-Drounds=N]}.
 */
public final class IntervalRounds {
  private static final int ROWS = 4096;
  private static final int GROUPS = 100;

  private IntervalRounds() {}

  public static void main(String[] args) {
    int rounds = Integer.getInteger("rounds", 15);
    double[][] reg = BenchData.regression(ROWS);
    double[] other = new double[ROWS];
    SplittableRandom random = new SplittableRandom(13);
    int[] groupOf = new int[ROWS];
    for (int i = 0; i < ROWS; i++) {
      other[i] = reg[1][i] + random.nextGaussian() * 0.6;
      groupOf[i] = random.nextInt(GROUPS);
    }
    // the rows sorted by group, and each group's run, as the plain loss's columnar path adds them
    int[] start = new int[GROUPS + 1];
    for (int g : groupOf) {
      start[g + 1]++;
    }
    for (int g = 0; g < GROUPS; g++) {
      start[g + 1] += start[g];
    }
    double[][] sorted = new double[3][ROWS];
    int[] next = start.clone();
    for (int i = 0; i < ROWS; i++) {
      int at = next[groupOf[i]]++;
      sorted[0][at] = reg[0][i];
      sorted[1][at] = reg[1][i];
      sorted[2][at] = other[i];
    }
    LossKernel mse =
        LossCatalog.get("mse_loss").bind(Map.of(), List.of(Shape.SCALAR, Shape.SCALAR));
    IntervalEstimator ci = IntervalEstimator.interval(mse, Reduction.MEAN, IntervalOptions.DEFAULT);
    IntervalEstimator compare =
        IntervalEstimator.comparison(mse, mse, Reduction.MEAN, IntervalOptions.DEFAULT);
    Sample pair = new Sample(2);
    Sample quad = new Sample(4);
    pair.set(0, reg[0], 0, ROWS, 1).set(1, reg[1], 0, ROWS, 1);
    quad.set(0, other, 0, ROWS, 1).set(1, reg[1], 0, ROWS, 1);
    quad.set(2, reg[0], 0, ROWS, 1).set(3, reg[1], 0, ROWS, 1);
    Sample run = new Sample(2);
    long[] hashes = new long[ROWS];

    Map<String, DoubleSupplier> variants = new LinkedHashMap<>();
    LossState plain = mse.newState();
    variants.put(
        "mse_loss, no grouping: the batch in one addBatch",
        () -> {
          mse.addBatch(pair, ROWS, plain);
          return plain.rows();
        });
    variants.put(
        "the rows' bucket hashes only (hashScalarRows, 2 arguments)",
        () -> {
          BucketHash.hashScalarRows(pair, ROWS, hashes);
          return hashes[7];
        });
    BucketedState one = ci.newState();
    BucketBatch ciBatch = new BucketBatch(ci, 2);
    variants.put(
        "mse_loss_ci, no grouping",
        () -> {
          ciBatch.add(pair, ROWS, null, null, g -> one);
          return one.rows();
        });
    BucketedState oneCompare = compare.newState();
    BucketBatch compareBatch = new BucketBatch(compare, 4);
    variants.put(
        "mse_loss_compare, no grouping",
        () -> {
          compareBatch.add(quad, ROWS, null, null, g -> oneCompare);
          return oneCompare.rows();
        });
    LossState[] plainGroups = new LossState[GROUPS];
    for (int g = 0; g < GROUPS; g++) {
      plainGroups[g] = mse.newState();
    }
    variants.put(
        "mse_loss, 100 groups: a group's run in one addBatch (rows sorted by group)",
        () -> {
          for (int g = 0; g < GROUPS; g++) {
            int n = start[g + 1] - start[g];
            run.set(0, sorted[0], start[g], n, 1).set(1, sorted[1], start[g], n, 1);
            mse.addBatch(run, n, plainGroups[g]);
          }
          return plainGroups[0].rows();
        });
    BucketedState[] ciGroups = new BucketedState[GROUPS];
    BucketedState[] compareGroups = new BucketedState[GROUPS];
    for (int g = 0; g < GROUPS; g++) {
      ciGroups[g] = ci.newState();
      compareGroups[g] = compare.newState();
    }
    BucketBatch ciGrouped = new BucketBatch(ci, 2);
    ciGrouped.room(128, g -> ciGroups[g]);
    variants.put(
        "mse_loss_ci, 100 groups",
        () -> {
          ciGrouped.add(pair, ROWS, groupOf, null, g -> ciGroups[g]);
          return ciGroups[0].rows();
        });
    BucketBatch compareGrouped = new BucketBatch(compare, 4);
    compareGrouped.room(128, g -> compareGroups[g]);
    variants.put(
        "mse_loss_compare, 100 groups",
        () -> {
          compareGrouped.add(quad, ROWS, groupOf, null, g -> compareGroups[g]);
          return compareGroups[0].rows();
        });
    KernelRounds.run(variants, rounds, ROWS + " regression rows a batch");
  }
}
