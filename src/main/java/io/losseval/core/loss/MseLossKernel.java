package io.losseval.core.loss;

import io.losseval.core.Binding;

/** {@code mse_loss}: PyTorch's MSELoss, {@code (x - y)^2} per element. */
final class MseLossKernel extends InputTargetKernel {
  private static final long serialVersionUID = 1L;

  MseLossKernel(Binding binding) {
    super(binding);
  }

  @Override
  protected void losses(double[] x, int xo, double[] y, int yo, int n, double[] out) {
    for (int i = 0; i < n; i++) {
      double d = x[xo + i] - y[yo + i];
      out[i] = d * d;
    }
  }
}
