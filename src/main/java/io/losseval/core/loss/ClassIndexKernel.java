package io.losseval.core.loss;

import io.losseval.core.Binding;
import io.losseval.core.LossKernel;
import io.losseval.core.LossState;
import io.losseval.core.Sample;

/**
 * Base of the losses PyTorch reduces like NLLLoss: one class-index target per row with options
 * {@code weight} and {@code ignore_index}; a row whose target is {@code ignore_index} adds nothing
 * (and is 0 per row), and 'mean' divides by the summed weight {@code w[y]} of the other rows (NaN
 * when every target is ignored). Subclasses give the loss of a row with target {@code y}, which for
 * NLL itself is {@link #nll}.
 */
abstract class ClassIndexKernel extends LossKernel {
  private static final long serialVersionUID = 1L;

  protected final double[] weight;
  protected final long ignoreIndex;

  protected ClassIndexKernel(Binding binding) {
    super(binding.function());
    weight = binding.options().getDoubles("weight");
    ignoreIndex = binding.options().getLong("ignore_index");
  }

  /** The loss of a row with {@code classes} classes and target {@code y} (not ignored). */
  protected abstract double indexLoss(Sample s, int classes, int y);

  /** {@code -w[y] x[y]} for log-probabilities {@code x[off .. off+C)}: PyTorch's NLL term. */
  protected final double nll(double[] logp, int off, int y) {
    return -classWeight(y) * logp[off + y];
  }

  protected final double classWeight(int y) {
    return weight == null ? 1.0 : weight[y];
  }

  @Override
  protected int sumCount() {
    return 2; // the loss, and the weighted 'mean' denominator: summed w[y] of non-ignored targets
  }

  @Override
  protected void accumulate(Sample s, LossState state) {
    int classes = s.length(0);
    int y = target(s, classes);
    if (y == ClassIndex.IGNORED) {
      return;
    }
    state.sum(0).add(indexLoss(s, classes, y));
    if (weight == null) {
      state.addElements(1); // unweighted 'mean' divides by a count: no exact sum needed
    } else {
      state.sum(1).add(weight[y]);
    }
  }

  /** Rows of C values and a class-index target add in batches (see {@link #addArrayRows}). */
  @Override
  public boolean batchesArrayRows() {
    return true;
  }

  @Override
  protected void accumulateArrayRows(Sample s, int n, int classes, LossState state) {
    ClassIndex.checkWeight(this, weight, classes);
    double[] t = s.values(1);
    int to = s.offset(1);
    int[] rows = new int[n];
    int[] targets = new int[n];
    int m = 0;
    for (int i = 0; i < n; i++) {
      int y = ClassIndex.of(this, 1, "target", t[to + i], classes, ignoreIndex);
      if (y != ClassIndex.IGNORED) {
        rows[m] = i;
        targets[m++] = y;
      }
    }
    double[] losses = new double[m];
    indexLosses(s.values(0), s.offset(0), classes, rows, targets, m, losses);
    state.sum(0).addAll(losses, 0, m, s.sumBuckets());
    if (weight == null) {
      state.addElements(m);
    } else {
      double[] w = new double[m];
      for (int j = 0; j < m; j++) {
        w[j] = weight[targets[j]];
      }
      state.sum(1).addAll(w, 0, m, s.sumBuckets());
    }
  }

  /**
   * {@code out[j] =} the loss of the row of {@code classes} values at {@code x[off + rows[j] *
   * classes ...]} with target {@code targets[j]}, as {@link #indexLoss} gives it; a kernel may
   * compute many rows at once, with the same bits.
   */
  protected void indexLosses(
      double[] x, int off, int classes, int[] rows, int[] targets, int m, double[] out) {
    Sample row = new Sample(1);
    for (int j = 0; j < m; j++) {
      row.set(0, x, off + rows[j] * classes, classes, 1);
      out[j] = indexLoss(row, classes, targets[j]);
    }
  }

  @Override
  protected double mean(LossState state) {
    return state.sum(0).value() / (weight == null ? state.elements() : state.sum(1).value());
  }

  @Override
  public boolean perSampleIsArray() {
    return false;
  }

  @Override
  public double perSample(Sample s) {
    int classes = s.length(0);
    int y = target(s, classes);
    return y == ClassIndex.IGNORED ? 0.0 : indexLoss(s, classes, y);
  }

  private int target(Sample s, int classes) {
    ClassIndex.checkWeight(this, weight, classes);
    return ClassIndex.of(this, 1, "target", s.scalar(1), classes, ignoreIndex);
  }

  @Override
  protected String widthUnit() {
    return "classes";
  }
}
