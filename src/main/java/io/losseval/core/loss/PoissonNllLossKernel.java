package io.losseval.core.loss;

import io.losseval.core.Binding;
import io.losseval.core.LossOptions;

/**
 * {@code poisson_nll_loss}: PyTorch's PoissonNLLLoss. By default the input is a log-rate: {@code
 * exp(x) - y x}; with {@code log_input = false} it is the rate: {@code x - y log(x + eps)}. {@code
 * full} adds Stirling's approximation of {@code log(y!)} where y > 1 only, as PyTorch.
 */
final class PoissonNllLossKernel extends InputTargetKernel {
  private static final long serialVersionUID = 1L;

  private static final double TWO_PI = 2.0 * Math.PI;

  private final boolean logInput;
  private final boolean full;
  private final double eps;

  PoissonNllLossKernel(Binding binding) {
    super(binding);
    LossOptions options = binding.options();
    this.logInput = options.getBoolean("log_input");
    this.full = options.getBoolean("full");
    this.eps = options.getDouble("eps");
  }

  @Override
  protected void losses(double[] x, int xo, double[] y, int yo, int n, double[] out) {
    for (int i = 0; i < n; i++) {
      double v = x[xo + i];
      double t = y[yo + i];
      double l = logInput ? Math.exp(v) - t * v : v - t * Math.log(v + eps);
      // PyTorch masks the term with (target <= 1), so a NaN target still adds its NaN.
      if (full && !(t <= 1.0)) {
        l += t * Math.log(t) - t + 0.5 * Math.log(TWO_PI * t);
      }
      out[i] = l;
    }
  }
}
