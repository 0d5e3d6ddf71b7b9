package io.losseval.core.loss;

import io.losseval.core.Binding;

/**
 * {@code smooth_l1_loss}: PyTorch's SmoothL1Loss. With {@code z = |x - y|}, {@code 0.5 z^2 / beta}
 * below beta and {@code z - 0.5 beta} from beta on.
 */
final class SmoothL1LossKernel extends InputTargetKernel {
  private static final long serialVersionUID = 1L;

  private final double beta;

  SmoothL1LossKernel(Binding binding) {
    super(binding);
    this.beta = binding.options().getDouble("beta");
  }

  @Override
  protected void losses(double[] x, int xo, double[] y, int yo, int n, double[] out) {
    // PyTorch sends beta = 0 to l1_loss; here z < 0 never holds and z - 0.0 is z, so the same
    // loop gives l1_loss's bits without a branch.
    for (int i = 0; i < n; i++) {
      double z = Math.abs(x[xo + i] - y[yo + i]);
      out[i] = z < beta ? 0.5 * z * z / beta : z - 0.5 * beta;
    }
  }
}
