package io.losseval.core.loss;

import io.losseval.core.Binding;

/** {@code l1_loss}: PyTorch's L1Loss, {@code |x - y|} per element. */
final class L1LossKernel extends InputTargetKernel {
  private static final long serialVersionUID = 1L;

  L1LossKernel(Binding binding) {
    super(binding);
  }

  @Override
  protected void losses(double[] x, int xo, double[] y, int yo, int n, double[] out) {
    for (int i = 0; i < n; i++) {
      out[i] = Math.abs(x[xo + i] - y[yo + i]);
    }
  }
}
