package io.losseval.core.interval;

import io.losseval.core.LossState;
import io.losseval.core.Sample;
import java.util.Arrays;

/**
 * Many scalar rows of one interval or comparison state added at once: each row's bucket is found as
 * {@link IntervalEstimator#add} finds it (the {@link BucketHash} of its values, counted among the
 * distinct rows, or of its key), the rows are sorted by bucket, and each bucket's rows reach its
 * loss state in one {@link io.losseval.core.LossKernel#addBatch} call per side. Exact sums do not
 * depend on the order of additions, so the state is the one adding row by row would give, to the
 * bit and in its bytes.
 *
 * <p>Scratch space for one thread, reused for every call; for estimators whose kernels {@link
 * IntervalEstimator#batchesScalarRows batch scalar rows}.
 */
public final class BucketBatch {
  private final IntervalEstimator estimator;
  private final int arguments; // of a row: both sides' for a comparison
  private final int perSide;
  private final Sample side; // one bucket's rows of one side, for the kernel
  private final int[] start; // bucket b's rows are sorted[..][start[b] .. start[b + 1])
  private int[] bucketOf = new int[0];
  private long[] rowHashes = new long[0]; // the rows' value hashes, without a key
  private final double[][] sorted;

  /** Scratch for {@code estimator}'s rows of {@code arguments} scalar arguments (both sides'). */
  public BucketBatch(IntervalEstimator estimator, int arguments) {
    if (!estimator.batchesScalarRows()) {
      throw new IllegalArgumentException("this loss does not add scalar rows in batches");
    }
    this.estimator = estimator;
    int sides = estimator.layout().sides().size();
    if (arguments % sides != 0) {
      throw new IllegalArgumentException(
          arguments + " arguments do not split into " + sides + " sides");
    }
    this.arguments = arguments;
    this.perSide = arguments / sides;
    this.side = new Sample(perSide);
    this.start = new int[estimator.layout().buckets() + 1];
    this.sorted = new double[arguments][0];
  }

  /**
   * Adds {@code n} rows to {@code state}: argument {@code a} of row {@code i} is {@code
   * columns.values(a)[columns.offset(a) + i]} (the candidate's arguments, then the baseline's);
   * {@code keyHashes[i]} is row i's {@link BucketHash#keyHash} for a keyed estimator, and {@code
   * keyHashes} is null otherwise. Throws the kernel's {@link io.losseval.core.LossDataException}
   * for values the loss rejects.
   */
  public void add(Sample columns, int n, long[] keyHashes, BucketedState state) {
    if ((keyHashes != null) != estimator.keyed()) {
      throw new IllegalArgumentException(
          estimator.keyed() ? "a keyed estimator needs key hashes" : "this estimator has no key");
    }
    int buckets = start.length - 1;
    if (bucketOf.length < n) {
      bucketOf = new int[Math.max(n, 2 * bucketOf.length)];
      rowHashes = new long[bucketOf.length];
      for (int a = 0; a < arguments; a++) {
        sorted[a] = new double[bucketOf.length];
      }
    }
    long[] hashes = keyHashes;
    if (hashes == null) {
      hashes = rowHashes;
      BucketHash.hashScalarRows(columns, n, hashes);
      for (int i = 0; i < n; i++) {
        state.countDistinct(hashes[i]);
      }
    }
    Arrays.fill(start, 0);
    for (int i = 0; i < n; i++) {
      int b = BucketHash.bucket(hashes[i], buckets);
      bucketOf[i] = b;
      start[b + 1]++;
    }
    for (int b = 0; b < buckets; b++) {
      start[b + 1] += start[b];
    }
    // a counting sort, argument by argument; start[b] walks to start[b + 1] and is restored
    for (int a = 0; a < arguments; a++) {
      double[] from = columns.values(a);
      double[] to = sorted[a];
      int offset = columns.offset(a);
      for (int i = 0; i < n; i++) {
        to[start[bucketOf[i]]++] = from[offset + i];
      }
      for (int b = buckets; b > 0; b--) {
        start[b] = start[b - 1];
      }
      start[0] = 0;
    }
    for (int b = 0; b < buckets; b++) {
      int count = start[b + 1] - start[b];
      if (count == 0) {
        continue;
      }
      for (int s = 0; s * perSide < arguments; s++) {
        for (int a = 0; a < perSide; a++) {
          side.set(a, sorted[s * perSide + a], start[b], count, 1);
        }
        LossState bucket = state.bucket(s, b);
        estimator.addBatch(s, side, count, perSide, bucket);
      }
    }
  }
}
