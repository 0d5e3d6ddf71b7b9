package io.losseval.core.loss;

import io.losseval.core.Binding;
import io.losseval.core.Sample;

/**
 * {@code nll_loss}: PyTorch's NLLLoss, {@code -w[y] x[y]} for a row of C log-probabilities and a
 * class-index target, with no log_softmax and no clamping. 'mean' divides by the summed weight of
 * the non-ignored targets (NaN when all are ignored), as {@link ClassIndexKernel} does for
 * cross_entropy too.
 */
final class NllLossKernel extends ClassIndexKernel {
  private static final long serialVersionUID = 1L;

  NllLossKernel(Binding binding) {
    super(binding);
  }

  @Override
  protected double indexLoss(Sample s, int classes, int y) {
    return nll(s.values(0), s.offset(0), y);
  }
}
