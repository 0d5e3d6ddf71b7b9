package io.losseval.core.interval;

import io.losseval.core.LossDataException;
import io.losseval.core.LossKernel;
import io.losseval.core.LossState;
import io.losseval.core.Reduction;
import io.losseval.core.Sample;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * A loss with a confidence interval, or two models' losses with the interval of their difference,
 * by a delete-a-bucket jackknife: bound kernels, reduction and {@link IntervalOptions}. Each row
 * goes to bucket {@link BucketHash#bucket} of its tensor arguments (of both sides' for a
 * comparison); a group keeps a {@link LossState} per bucket and side ({@link BucketedState}).
 *
 * <p>The value is the loss of all buckets merged: the bits of the loss itself. Leaving bucket b out
 * gives the estimate {@code theta_(-b)}, the same reduction of the other buckets merged exactly
 * (for 'sum': the group's row count times the per-row mean of the other buckets, so that every
 * {@code theta_(-b)} estimates what the value estimates). The standard error is the jackknife's
 * ({@link Jackknife}), and the interval is the value -/+ Student's t critical value with buckets -
 * 1 degrees of freedom times it. A comparison pairs the buckets: its estimates are {@code
 * theta_candidate(-b) - theta_baseline(-b)}.
 *
 * <p>With a key ({@code keyed}), the row's bucket is that of its key's hash ({@link
 * BucketHash#keyHash}) instead: a row id, so that identical rows spread over buckets, or a cluster
 * id (user, session), so that dependent rows stay together and the interval is cluster-robust.
 * Without one, a state counts how often rows repeat, and a group whose rows are shared on average
 * by more than {@value #REPEATS_LIMIT} rows gets no bounds ({@link NoBounds#FEW_DISTINCT_ROWS}).
 *
 * <p>Immutable and shareable between threads, like a kernel; the states are not.
 */
public final class IntervalEstimator implements Serializable {
  private static final long serialVersionUID = 2L;

  /**
   * Without a key, no bounds when a row's values are shared, on average, by more rows than this
   * ({@link BucketedState#repeats}: 1 when every row differs). Identical rows share a bucket, which
   * inflates the jackknife's variance estimate by about that average (11^2 for 128 distinct values
   * over 20,000 rows). Past this limit a 95% interval covers more than the project's band of [0.93,
   * 0.97] allows (CoverageTest's table: at 1.25 the standard error is 1.05 times the true one and
   * coverage 0.96, at 1.5 1.23 times and 0.986).
   */
  public static final double REPEATS_LIMIT = 1.25;

  private final List<LossKernel> sides;
  private final Reduction reduction;
  private final IntervalOptions options;
  private final BucketedState.Layout layout;
  private final double critical;

  private IntervalEstimator(
      List<LossKernel> sides, Reduction reduction, IntervalOptions options, boolean keyed) {
    this.sides = List.copyOf(sides);
    this.reduction = Objects.requireNonNull(reduction, "reduction");
    this.options = options;
    this.layout =
        new BucketedState.Layout(
            sides.stream().map(LossKernel::layout).toList(), options.buckets(), keyed);
    this.critical = StudentT.twoSidedCritical(options.confidence(), options.buckets() - 1);
  }

  /** The interval of {@code kernel}'s loss reduced by {@code reduction}, rows bucketed by value. */
  public static IntervalEstimator interval(
      LossKernel kernel, Reduction reduction, IntervalOptions options) {
    return interval(kernel, reduction, options, false);
  }

  /**
   * The interval of {@code kernel}'s loss; with {@code keyed}, rows are added with their key's hash
   * ({@link #add(Sample, long, BucketedState)}).
   */
  public static IntervalEstimator interval(
      LossKernel kernel, Reduction reduction, IntervalOptions options, boolean keyed) {
    return new IntervalEstimator(List.of(kernel), reduction, options, keyed);
  }

  /** The paired comparison of the candidate's and the baseline's loss over the same rows. */
  public static IntervalEstimator comparison(
      LossKernel candidate, LossKernel baseline, Reduction reduction, IntervalOptions options) {
    return comparison(candidate, baseline, reduction, options, false);
  }

  /** The paired comparison; with {@code keyed}, rows are added with their key's hash. */
  public static IntervalEstimator comparison(
      LossKernel candidate,
      LossKernel baseline,
      Reduction reduction,
      IntervalOptions options,
      boolean keyed) {
    return new IntervalEstimator(List.of(candidate, baseline), reduction, options, keyed);
  }

  /** Whether a key decides the buckets (else the rows' values do). */
  public boolean keyed() {
    return layout.keyed();
  }

  /** Whether this compares two sides (else it is one loss's interval). */
  public boolean paired() {
    return sides.size() == 2;
  }

  public Reduction reduction() {
    return reduction;
  }

  public IntervalOptions options() {
    return options;
  }

  /** What this estimator's states hold: the sides' loss layouts and the bucket count. */
  public BucketedState.Layout layout() {
    return layout;
  }

  /** The t quantile the standard error is multiplied by. */
  public double criticalValue() {
    return critical;
  }

  /** An empty state. */
  public BucketedState newState() {
    return new BucketedState(layout);
  }

  /** Reads a state from {@link BucketedState#toBytes}. */
  public BucketedState stateFromBytes(byte[] bytes) {
    return BucketedState.fromBytes(bytes, layout);
  }

  /**
   * Adds one row of an interval to its bucket; throws the kernel's {@link LossDataException} for
   * values the loss rejects.
   */
  public void add(Sample row, BucketedState state) {
    requireSides(1);
    requireKeyed(false);
    sides.get(0).add(row, state.bucket(0, valueBucket(row, state)));
  }

  /**
   * Adds one row of a keyed interval to the bucket of {@code keyHash} ({@link BucketHash#keyHash}).
   */
  public void add(Sample row, long keyHash, BucketedState state) {
    requireSides(1);
    requireKeyed(true);
    sides.get(0).add(row, state.bucket(0, BucketHash.bucket(keyHash, layout.buckets())));
  }

  /**
   * Adds one row of a comparison, both sides to the bucket of all its arguments; a data error of
   * the baseline names its argument among all of the row's (the candidate's come first).
   */
  public void addPair(PairedRow row, BucketedState state) {
    requireSides(2);
    requireKeyed(false);
    addPair(row, valueBucket(row.row(), state), state);
  }

  /** Adds one row of a keyed comparison, both sides to the bucket of {@code keyHash}. */
  public void addPair(PairedRow row, long keyHash, BucketedState state) {
    requireSides(2);
    requireKeyed(true);
    addPair(row, BucketHash.bucket(keyHash, layout.buckets()), state);
  }

  /** The bucket of a row's values, counted among the state's distinct rows. */
  private int valueBucket(Sample row, BucketedState state) {
    long hash = BucketHash.hash(row);
    state.countDistinct(hash);
    return BucketHash.bucket(hash, layout.buckets());
  }

  private void requireKeyed(boolean keyed) {
    if (layout.keyed() != keyed) {
      throw new IllegalStateException(
          keyed
              ? "this estimator buckets rows by their values, " + "not by a key"
              : "this estimator buckets rows by a key; pass its hash");
    }
  }

  private void addPair(PairedRow row, int bucket, BucketedState state) {
    row.point();
    sides.get(0).add(row.candidate(), state.bucket(0, bucket));
    try {
      sides.get(1).add(row.baseline(), state.bucket(1, bucket));
    } catch (LossDataException e) {
      throw baselineError(e, row.perSide());
    }
  }

  /** A data error of the baseline's argument, numbered among all of the row's arguments. */
  private static LossDataException baselineError(LossDataException e, int perSide) {
    LossDataException shifted =
        new LossDataException(
            e.argument() < 0 ? e.argument() : e.argument() + perSide, e.getMessage());
    shifted.initCause(e);
    return shifted;
  }

  /** Whether {@link BucketBatch} may add this estimator's rows: its kernels batch scalar rows. */
  public boolean batchesScalarRows() {
    return sides.stream().allMatch(LossKernel::batchesScalarRows);
  }

  /**
   * Adds {@code n} scalar rows of side {@code side} ({@code perSide} arguments in {@code columns},
   * as {@link LossKernel#addBatch} takes them) to {@code bucket}; a data error of the baseline
   * names its argument among all of the row's, as {@link #addPair} does.
   */
  void addBatch(int side, Sample columns, int n, int perSide, LossState bucket) {
    try {
      sides.get(side).addBatch(columns, n, bucket);
    } catch (LossDataException e) {
      throw side == 0 ? e : baselineError(e, perSide);
    }
  }

  private void requireSides(int n) {
    if (sides.size() != n) {
      throw new IllegalStateException("this estimator has " + sides.size() + " side(s), not " + n);
    }
  }

  /** The group's loss and its interval (see {@link Interval} for the empty and NULL cases). */
  public Interval interval(BucketedState state) {
    requireSides(1);
    Estimates e = estimates(state, 0);
    if (e.value() == null) {
      return new Interval(null, null, 0, NoBounds.NO_ROWS);
    }
    NoBounds missing = missing(state, e.leaveOneOut());
    Bounds b = missing != null ? null : bounds(e.value(), e.leaveOneOut());
    return new Interval(
        e.value(), b, e.rows(), b == null && missing == null ? NoBounds.NOT_FINITE : missing);
  }

  /** Both losses, their difference and its interval (see {@link Comparison}). */
  public Comparison comparison(BucketedState state) {
    requireSides(2);
    Estimates c = estimates(state, 0);
    Estimates b = estimates(state, 1);
    if (c.value() == null) {
      return new Comparison(null, null, null, null, 0, NoBounds.NO_ROWS);
    }
    double difference = c.value() - b.value();
    double[] paired = null;
    if (c.leaveOneOut() != null && b.leaveOneOut() != null) {
      paired = new double[layout.buckets()];
      for (int k = 0; k < paired.length; k++) {
        paired[k] = c.leaveOneOut()[k] - b.leaveOneOut()[k];
      }
    }
    NoBounds missing = missing(state, paired);
    Bounds bounds = missing != null ? null : bounds(difference, paired);
    return new Comparison(
        c.value(),
        b.value(),
        difference,
        bounds,
        c.rows(),
        bounds == null && missing == null ? NoBounds.NOT_FINITE : missing);
  }

  /**
   * Why a group with rows gets no bounds before any is computed: too few distinct rows without a
   * key, or an empty bucket ({@code leaveOneOut} null); null when neither.
   */
  private static NoBounds missing(BucketedState state, double[] leaveOneOut) {
    if (!state.layout().keyed() && state.repeats() > REPEATS_LIMIT) {
      return NoBounds.FEW_DISTINCT_ROWS;
    }
    return leaveOneOut == null ? NoBounds.EMPTY_BUCKET : null;
  }

  private Bounds bounds(double estimate, double[] leaveOneOut) {
    double stderr = leaveOneOut == null ? Double.NaN : Jackknife.standardError(leaveOneOut);
    return Bounds.around(estimate, stderr, critical);
  }

  /**
   * One side's value over all buckets, and its leave-one-bucket-out estimates (null when a bucket
   * holds no row).
   */
  private record Estimates(Double value, double[] leaveOneOut, long rows) {}

  private Estimates estimates(BucketedState state, int side) {
    LossKernel kernel = sides.get(side);
    int buckets = layout.buckets();
    LossState[] parts = new LossState[buckets];
    LossState total = kernel.newState();
    boolean complete = true;
    for (int b = 0; b < buckets; b++) {
      if (state.isEmpty(side, b)) {
        complete = false;
      } else {
        parts[b] = state.bucket(side, b);
        total.merge(parts[b]);
      }
    }
    Double value = kernel.result(total, reduction);
    return new Estimates(
        value, complete ? leaveOneOut(kernel, parts, total.rows()) : null, total.rows());
  }

  /**
   * {@code theta_(-b)} for every bucket, each from an exact merge of the other buckets: the buckets
   * after b are merged once from the end (suffixes), those before b as b advances.
   */
  private double[] leaveOneOut(LossKernel kernel, LossState[] parts, long rows) {
    int buckets = parts.length;
    LossState[] after = new LossState[buckets + 1]; // after[b]: buckets b .. B-1 merged
    after[buckets] = kernel.newState();
    for (int b = buckets - 1; b >= 1; b--) {
      after[b] = kernel.newState();
      after[b].merge(after[b + 1]);
      after[b].merge(parts[b]);
    }
    double[] theta = new double[buckets];
    LossState before = kernel.newState();
    for (int b = 0; b < buckets; b++) {
      LossState without = kernel.newState();
      without.merge(before);
      without.merge(after[b + 1]);
      theta[b] =
          reduction == Reduction.SUM
              ? kernel.result(without, Reduction.BATCHMEAN) * rows
              : kernel.result(without, reduction);
      before.merge(parts[b]);
    }
    return theta;
  }

  /** Same sides' layouts, bucket count, reduction and confidence (by bits). */
  @Override
  public boolean equals(Object o) {
    return o instanceof IntervalEstimator e
        && e.layout.equals(layout)
        && e.reduction == reduction
        && Double.doubleToLongBits(e.options.confidence())
            == Double.doubleToLongBits(options.confidence());
  }

  @Override
  public int hashCode() {
    return Objects.hash(layout, reduction, Double.doubleToLongBits(options.confidence()));
  }
}
