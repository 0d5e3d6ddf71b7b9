package io.losseval.core.loss;

import io.losseval.core.ArgumentKind;
import io.losseval.core.Binding;
import io.losseval.core.LossState;
import io.losseval.core.Sample;

/**
 * {@code cross_entropy}: PyTorch's CrossEntropyLoss over one row of C logits, with a class-index
 * target (a number) or class-probability targets (an array of C). With a class index it is
 * log_softmax followed by {@code nll_loss} (plus the label-smoothing term), reduced as NLL is: the
 * 'mean' denominator is the summed weight of non-ignored targets. With probabilities 'mean' divides
 * by PyTorch's {@code numel(input) / C}, the row count, which is 0 / 0 (NaN) when rows have no
 * classes: so the rows with classes are counted as elements.
 */
final class CrossEntropyKernel extends ClassIndexKernel {
  private static final long serialVersionUID = 1L;

  private final double smoothing;
  private final boolean probabilityTargets;

  CrossEntropyKernel(Binding binding) {
    super(binding);
    probabilityTargets = binding.kind(1) == ArgumentKind.ARRAY;
    smoothing = binding.options().getDouble("label_smoothing");
    if (probabilityTargets && ignoreIndex >= 0) {
      throw binding
          .options()
          .invalid(
              "ignore_index",
              "it is not supported with class-probability targets (array target); leave it at -100");
    }
  }

  @Override
  protected void accumulate(Sample s, LossState state) {
    if (probabilityTargets) {
      state.sum(0).add(probabilityLoss(s));
      state.addElements(s.length(0) > 0 ? 1 : 0);
    } else {
      super.accumulate(s, state);
    }
  }

  @Override
  protected double mean(LossState state) {
    return probabilityTargets ? state.sum(0).value() / state.elements() : super.mean(state);
  }

  @Override
  public double perSample(Sample s) {
    return probabilityTargets ? probabilityLoss(s) : super.perSample(s);
  }

  /** (1 - e) w[y] (-logp[y]) + (e / C) sum_c w[c] (-logp[c]), PyTorch's per-sample loss. */
  @Override
  protected double indexLoss(Sample s, int classes, int y) {
    if (smoothing == 0.0) {
      // -log_softmax(x)[y] alone: the other classes' log-probabilities are not needed
      return classWeight(y) * LogSoftmax.negativeAt(s.values(0), s.offset(0), classes, y);
    }
    double[] logp = s.scratch(classes);
    LogSoftmax.compute(s.values(0), s.offset(0), classes, logp);
    double nll = nll(logp, 0, y);
    double smooth = 0.0;
    for (int c = 0; c < classes; c++) {
      smooth -= (weight == null ? logp[c] : logp[c] * weight[c]);
    }
    return (1.0 - smoothing) * nll + smooth * (smoothing / classes);
  }

  /** Class-index targets only: a row of class probabilities is an array too. */
  @Override
  public boolean batchesArrayRows() {
    return !probabilityTargets;
  }

  /** Without label smoothing, the rows' log-softmax terms computed together; same bits. */
  @Override
  protected void indexLosses(
      double[] x, int off, int classes, int[] rows, int[] targets, int m, double[] out) {
    if (smoothing != 0.0) {
      super.indexLosses(x, off, classes, rows, targets, m, out);
      return;
    }
    LogSoftmax.negativeAtRows(x, off, classes, rows, targets, m, out);
    if (weight != null) {
      for (int j = 0; j < m; j++) {
        out[j] = classWeight(targets[j]) * out[j];
      }
    }
  }

  /** -sum_c w[c] y[c] logp[c], with y smoothed towards uniform by label_smoothing. */
  private double probabilityLoss(Sample s) {
    int classes = s.length(0);
    if (s.length(1) != classes) {
      throw dataError(
          1,
          "input has "
              + classes
              + " classes but target has "
              + s.length(1)
              + " probabilities; class-probability targets need one value per class");
    }
    ClassIndex.checkWeight(this, weight, classes);
    double[] logp = s.scratch(classes);
    LogSoftmax.compute(s.values(0), s.offset(0), classes, logp);
    double[] t = s.values(1);
    int to = s.offset(1);
    double loss = 0.0;
    for (int c = 0; c < classes; c++) {
      double y = t[to + c];
      if (smoothing > 0.0) {
        y = y * (1.0 - smoothing) + smoothing / classes;
      }
      double term = logp[c] * y;
      loss -= weight == null ? term : term * weight[c];
    }
    return loss;
  }
}
