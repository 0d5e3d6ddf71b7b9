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
 * <p>The value is the loss of all buckets merged: the bits of the loss itself. Leaving bucket b
 * out gives the estimate {@code theta_(-b)}, the same reduction of the other buckets merged
 * exactly (for 'sum': the group's row count times the per-row mean of the other buckets, so that
 * every {@code theta_(-b)} estimates what the value estimates). The standard error is the
 * jackknife's ({@link Jackknife}), and the interval is the value -/+ Student's t critical value
 * with buckets - 1 degrees of freedom times it. A comparison pairs the buckets: its estimates are
 * {@code theta_candidate(-b) - theta_baseline(-b)}.
 *
 * <p>Immutable and shareable between threads, like a kernel; the states are not.
 */
public final class IntervalEstimator implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<LossKernel> sides;
  private final Reduction reduction;
  private final IntervalOptions options;
  private final BucketedState.Layout layout;
  private final double critical;

  private IntervalEstimator(List<LossKernel> sides, Reduction reduction, IntervalOptions options) {
    this.sides = List.copyOf(sides);
    this.reduction = Objects.requireNonNull(reduction, "reduction");
    this.options = options;
    this.layout = new BucketedState.Layout(sides.stream().map(LossKernel::layout).toList(),
        options.buckets());
    this.critical = StudentT.twoSidedCritical(options.confidence(), options.buckets() - 1);
  }

  /** The interval of {@code kernel}'s loss reduced by {@code reduction}. */
  public static IntervalEstimator interval(LossKernel kernel, Reduction reduction,
      IntervalOptions options) {
    return new IntervalEstimator(List.of(kernel), reduction, options);
  }

  /** The paired comparison of the candidate's and the baseline's loss over the same rows. */
  public static IntervalEstimator comparison(LossKernel candidate, LossKernel baseline,
      Reduction reduction, IntervalOptions options) {
    return new IntervalEstimator(List.of(candidate, baseline), reduction, options);
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
    int bucket = BucketHash.bucket(row, layout.buckets());
    sides.get(0).add(row, state.bucket(0, bucket));
  }

  /**
   * Adds one row of a comparison, both sides to the bucket of all its arguments; a data error of
   * the baseline names its argument among all of the row's (the candidate's come first).
   */
  public void addPair(PairedRow row, BucketedState state) {
    requireSides(2);
    int bucket = BucketHash.bucket(row.row(), layout.buckets());
    row.point();
    sides.get(0).add(row.candidate(), state.bucket(0, bucket));
    try {
      sides.get(1).add(row.baseline(), state.bucket(1, bucket));
    } catch (LossDataException e) {
      LossDataException shifted = new LossDataException(
          e.argument() < 0 ? e.argument() : e.argument() + row.perSide(), e.getMessage());
      shifted.initCause(e);
      throw shifted;
    }
  }

  private void requireSides(int n) {
    if (sides.size() != n) {
      throw new IllegalStateException("this estimator has " + sides.size() + " side(s), not "
          + n);
    }
  }

  /** The group's loss and its interval (see {@link Interval} for the empty and NULL cases). */
  public Interval interval(BucketedState state) {
    requireSides(1);
    Estimates e = estimates(state, 0);
    if (e.value() == null) {
      return new Interval(null, null, 0);
    }
    return new Interval(e.value(), bounds(e.value(), e.leaveOneOut()), e.rows());
  }

  /** Both losses, their difference and its interval (see {@link Comparison}). */
  public Comparison comparison(BucketedState state) {
    requireSides(2);
    Estimates c = estimates(state, 0);
    Estimates b = estimates(state, 1);
    if (c.value() == null) {
      return new Comparison(null, null, null, null, 0);
    }
    double difference = c.value() - b.value();
    double[] paired = null;
    if (c.leaveOneOut() != null && b.leaveOneOut() != null) {
      paired = new double[layout.buckets()];
      for (int k = 0; k < paired.length; k++) {
        paired[k] = c.leaveOneOut()[k] - b.leaveOneOut()[k];
      }
    }
    return new Comparison(c.value(), b.value(), difference, bounds(difference, paired), c.rows());
  }

  private Bounds bounds(double estimate, double[] leaveOneOut) {
    double stderr = leaveOneOut == null ? Double.NaN : Jackknife.standardError(leaveOneOut);
    return Bounds.around(estimate, stderr, critical);
  }

  /**
   * One side's value over all buckets, and its leave-one-bucket-out estimates (null when a
   * bucket holds no row).
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
    return new Estimates(value, complete ? leaveOneOut(kernel, parts, total.rows()) : null,
        total.rows());
  }

  /**
   * {@code theta_(-b)} for every bucket, each from an exact merge of the other buckets: the
   * buckets after b are merged once from the end (suffixes), those before b as b advances.
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
      theta[b] = reduction == Reduction.SUM
          ? kernel.result(without, Reduction.BATCHMEAN) * rows
          : kernel.result(without, reduction);
      before.merge(parts[b]);
    }
    return theta;
  }

  /** Same sides' layouts, bucket count, reduction and confidence (by bits). */
  @Override
  public boolean equals(Object o) {
    return o instanceof IntervalEstimator e && e.layout.equals(layout)
        && e.reduction == reduction
        && Double.doubleToLongBits(e.options.confidence())
            == Double.doubleToLongBits(options.confidence());
  }

  @Override
  public int hashCode() {
    return Objects.hash(layout, reduction, Double.doubleToLongBits(options.confidence()));
  }
}
