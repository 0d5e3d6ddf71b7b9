package io.losseval.core.loss;

import io.losseval.core.Binding;

/**
 * {@code binary_cross_entropy}: PyTorch's BCELoss over probabilities, with each log clamped at -100
 * as PyTorch does, so a probability of exactly 0 or 1 with the wrong label costs {@code 100 w}. As
 * PyTorch 2 does, an input or a target outside [0, 1] (NaN included) is an error, and {@code log(1
 * - x)} is computed as {@code log1p(-x)}.
 */
final class BinaryCrossEntropyKernel extends InputTargetKernel {
  private static final long serialVersionUID = 1L;

  private final ElementWeight weight;

  BinaryCrossEntropyKernel(Binding binding) {
    super(binding);
    this.weight = ElementWeight.of(binding.options(), "weight", arrayRows());
  }

  @Override
  protected void losses(double[] x, int xo, double[] y, int yo, int n, double[] out) {
    weight.check(this, n);
    for (int i = 0; i < n; i++) {
      double p = x[xo + i];
      double t = y[yo + i];
      if (!(p >= 0.0 && p <= 1.0)) {
        throw dataError(
            0,
            "input value "
                + p
                + " is out of range [0, 1]; binary_cross_entropy "
                + "takes probabilities (use binary_cross_entropy_with_logits for logits)");
      }
      if (!(t >= 0.0 && t <= 1.0)) {
        throw dataError(1, "target value " + t + " is out of range [0, 1]");
      }
      // log1p(-p), as PyTorch 2: log(1 - p) would lose every digit of p below about 1e-16
      double l = (t - 1.0) * Math.max(Math.log1p(-p), -100.0) - t * Math.max(Math.log(p), -100.0);
      out[i] = l * weight.at(i); // an absent weight is 1, and l * 1 is l exactly
    }
  }
}
