package io.losseval.core.loss;

import io.losseval.core.Binding;

/**
 * {@code soft_margin_loss}: PyTorch's SoftMarginLoss, {@code log(1 + exp(-y x))} per element,
 * computed as PyTorch does, as {@code log1p(exp(-y x))}: not a stable softplus, so it is +inf once
 * {@code -y x} exceeds about 709.8, where PyTorch's is too.
 */
final class SoftMarginLossKernel extends InputTargetKernel {
  private static final long serialVersionUID = 1L;

  SoftMarginLossKernel(Binding binding) {
    super(binding);
  }

  @Override
  protected void losses(double[] x, int xo, double[] y, int yo, int n, double[] out) {
    for (int i = 0; i < n; i++) {
      out[i] = Math.log1p(Math.exp(-x[xo + i] * y[yo + i]));
    }
  }
}
