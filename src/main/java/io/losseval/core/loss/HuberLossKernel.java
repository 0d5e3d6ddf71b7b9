package io.losseval.core.loss;

import io.losseval.core.Binding;

/**
 * {@code huber_loss}: PyTorch's HuberLoss. With {@code z = |x - y|}, {@code 0.5 z^2} below delta
 * and {@code delta (z - 0.5 delta)} from delta on; delta = 1 is smooth_l1_loss with beta = 1.
 */
final class HuberLossKernel extends InputTargetKernel {
  private static final long serialVersionUID = 1L;

  private final double delta;

  HuberLossKernel(Binding binding) {
    super(binding);
    this.delta = binding.options().getDouble("delta");
  }

  @Override
  protected void losses(double[] x, int xo, double[] y, int yo, int n, double[] out) {
    for (int i = 0; i < n; i++) {
      double z = Math.abs(x[xo + i] - y[yo + i]);
      out[i] = z < delta ? 0.5 * z * z : delta * (z - 0.5 * delta);
    }
  }
}
