package io.losseval.core.loss;

import io.losseval.core.Binding;

/**
 * {@code kl_div}: PyTorch's KLDivLoss. The input is log-probabilities, the target probabilities (or
 * log-probabilities with {@code log_target}); as PyTorch 2's {@code xlogy(t, t) - t x}, a zero
 * target contributes exactly 0 (unless the input is infinite or NaN), and a negative target gives
 * NaN. Use 'batchmean' for the mathematical KL divergence per sample.
 */
final class KlDivKernel extends InputTargetKernel {
  private static final long serialVersionUID = 1L;

  private final boolean logTarget;

  KlDivKernel(Binding binding) {
    super(binding);
    this.logTarget = binding.options().getBoolean("log_target");
  }

  @Override
  protected void losses(double[] x, int xo, double[] y, int yo, int n, double[] out) {
    if (logTarget) {
      for (int i = 0; i < n; i++) {
        double t = y[yo + i];
        out[i] = Math.exp(t) * (t - x[xo + i]);
      }
    } else {
      for (int i = 0; i < n; i++) {
        double t = y[yo + i];
        out[i] = xlogx(t) - t * x[xo + i];
      }
    }
  }

  /** PyTorch's xlogy(t, t): 0 for t == 0, NaN for NaN or negative t. */
  private static double xlogx(double t) {
    return t == 0.0 ? 0.0 : t * Math.log(t);
  }
}
