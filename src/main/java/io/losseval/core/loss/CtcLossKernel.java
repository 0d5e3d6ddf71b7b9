package io.losseval.core.loss;

import io.losseval.core.Binding;
import io.losseval.core.LossState;
import io.losseval.core.Sample;
import java.util.Arrays;

/**
 * {@code ctc_loss}: PyTorch's CTCLoss for one sequence per row: a T x C matrix of log-probabilities
 * (used as given, no log_softmax) and a list of L target classes. The loss is the negative
 * log-likelihood of all alignments, by Graves' forward (alpha) recursion in log space, +infinity
 * when no alignment exists; {@code zero_infinity} turns +infinity into 0.
 *
 * <p>'mean' is PyTorch's: the mean over rows of {@code loss / max(L, 1)}; 'sum' is the plain sum of
 * losses, so both are kept exactly.
 */
final class CtcLossKernel extends PerSampleKernel {
  private static final long serialVersionUID = 1L;

  private final int blank;
  private final boolean zeroInfinity;

  CtcLossKernel(Binding binding) {
    super(binding.function());
    // The catalog allows blank >= 0; one beyond int range is beyond every row's classes too.
    blank = (int) Math.min(binding.options().getLong("blank"), Integer.MAX_VALUE);
    zeroInfinity = binding.options().getBoolean("zero_infinity");
  }

  @Override
  protected int sumCount() {
    return 2; // sum of losses ('sum'), and sum of loss / max(L, 1) ('mean')
  }

  @Override
  protected void accumulate(Sample s, LossState state) {
    double loss = loss(s);
    state.sum(0).add(loss);
    state.sum(1).add(loss / Math.max(s.length(1), 1));
  }

  @Override
  protected double mean(LossState state) {
    return state.sum(1).value() / state.rows();
  }

  @Override
  protected double loss(Sample s) {
    double loss = negativeLogLikelihood(s);
    return zeroInfinity && loss == Double.POSITIVE_INFINITY ? 0.0 : loss;
  }

  private double negativeLogLikelihood(Sample s) {
    int classes = s.width(0);
    int targets = s.length(1);
    if (classes == Sample.UNKNOWN_WIDTH) {
      // No time step (T = 0): no alignment exists unless the target is empty too.
      return targets == 0 ? 0.0 : Double.POSITIVE_INFINITY;
    }
    if (classes == 0) {
      // PyTorch rejects log_probs without classes, since no blank can be in label range.
      throw dataError(
          0,
          "log_probs has no classes (C = 0); blank = "
              + blank
              + " must be in label range [0, C), as PyTorch requires");
    }
    int steps = s.length(0) / classes;
    double[] tg = s.values(1);
    int to = s.offset(1);
    checkClasses(tg, to, targets, classes);
    double[] lp = s.values(0);
    int lo = s.offset(0);
    // alpha over the extended target [blank, t1, blank, ..., tL, blank]: two lines of it, the
    // previous time step at [prev, prev + states) and the current one at [cur, cur + states)
    int states = 2 * targets + 1;
    double[] alpha = s.scratch(2 * states);
    int prev = 0;
    int cur = states;
    Arrays.fill(alpha, prev, prev + states, Double.NEGATIVE_INFINITY);
    alpha[prev] = lp[lo + blank];
    if (targets > 0) {
      alpha[prev + 1] = lp[lo + (int) tg[to]];
    }
    for (int t = 1; t < steps; t++) {
      int line = lo + t * classes;
      for (int k = 0; k < states; k++) {
        int label = extended(k, tg, to);
        // PyTorch's log-sum-exp of the (up to) three predecessors, with its comparisons
        double la1 = alpha[prev + k];
        double max = la1;
        double la2 = Double.NEGATIVE_INFINITY;
        if (k > 0) {
          la2 = alpha[prev + k - 1];
          if (la2 > max) {
            max = la2;
          }
        }
        double la3 = Double.NEGATIVE_INFINITY;
        if (k > 1 && extended(k - 2, tg, to) != label) {
          la3 = alpha[prev + k - 2];
          if (la3 > max) {
            max = la3;
          }
        }
        if (max == Double.NEGATIVE_INFINITY) {
          max = 0.0;
        }
        alpha[cur + k] =
            Math.log(Math.exp(la1 - max) + Math.exp(la2 - max) + Math.exp(la3 - max))
                + max
                + lp[line + label];
      }
      int swap = prev;
      prev = cur;
      cur = swap;
    }
    if (targets == 0) {
      return -alpha[prev];
    }
    double l1 = alpha[prev + 2 * targets];
    double l2 = alpha[prev + 2 * targets - 1];
    double m = Math.max(l1, l2);
    if (m == Double.NEGATIVE_INFINITY) {
      m = 0.0;
    }
    return -(Math.log(Math.exp(l1 - m) + Math.exp(l2 - m)) + m);
  }

  /** The class of position k of the extended target: blank at even k, t_{k/2} at odd k. */
  private int extended(int k, double[] tg, int to) {
    return (k & 1) == 0 ? blank : (int) tg[to + (k >> 1)];
  }

  private void checkClasses(double[] tg, int to, int targets, int classes) {
    if (blank >= classes) {
      throw dataError(
          0,
          "blank = "
              + blank
              + " is out of range [0, "
              + classes
              + ") for log_probs with "
              + classes
              + " classes");
    }
    for (int i = 0; i < targets; i++) {
      int c = ClassIndex.of(this, 1, "targets", tg[to + i], classes);
      if (c == blank) {
        throw dataError(
            1,
            "targets value "
                + c
                + " at position "
                + i
                + " equals blank = "
                + blank
                + "; targets must be classes in [0, "
                + classes
                + ") other than blank");
      }
    }
  }

  /**
   * A row's width is its class count C; its length T may differ from row to row, and a row without
   * time steps has no class count to compare.
   */
  @Override
  protected int width(Sample s) {
    return s.width(0);
  }

  @Override
  protected String widthUnit() {
    return "classes";
  }
}
