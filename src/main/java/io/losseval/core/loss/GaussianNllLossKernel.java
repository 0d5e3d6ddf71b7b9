package io.losseval.core.loss;

import io.losseval.core.ArgumentKind;
import io.losseval.core.Binding;
import io.losseval.core.Sample;

/**
 * {@code gaussian_nll_loss}: PyTorch's GaussianNLLLoss, {@code 0.5 (log v + (x - y)^2 / v)} per
 * element with {@code v = max(var, eps)}: PyTorch clamps the variance at eps, it does not add eps.
 * {@code full} adds the constant {@code 0.5 log(2 pi)}. A negative variance is an error.
 */
final class GaussianNllLossKernel extends ElementwiseKernel {
  private static final long serialVersionUID = 1L;
  private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2.0 * Math.PI);

  private final boolean full;
  private final double eps;

  /** 1 when var has a value per element, 0 when one number serves a row of arrays. */
  private final int varStride;

  GaussianNllLossKernel(Binding binding) {
    super(binding);
    this.full = binding.options().getBoolean("full");
    this.eps = binding.options().getDouble("eps");
    this.varStride = arrayRows() && binding.kind(2) == ArgumentKind.SCALAR ? 0 : 1;
  }

  @Override
  protected void losses(Sample s, int n, double[] out) {
    double[] x = s.values(0);
    double[] y = s.values(1);
    double[] var = s.values(2);
    int xo = s.offset(0);
    int yo = s.offset(1);
    int vo = s.offset(2);
    for (int i = 0; i < n; i++) {
      double w = var[vo + varStride * i];
      if (w < 0.0) {
        throw dataError(
            2,
            "var value "
                + w
                + " is negative; a variance must be >= 0 "
                + "(values below eps = "
                + eps
                + " are raised to eps)");
      }
      // Math.max keeps a NaN variance NaN, as PyTorch's clamp does.
      double v = Math.max(w, eps);
      double d = x[xo + i] - y[yo + i];
      double l = 0.5 * (Math.log(v) + d * d / v);
      out[i] = full ? l + HALF_LOG_TWO_PI : l;
    }
  }
}
