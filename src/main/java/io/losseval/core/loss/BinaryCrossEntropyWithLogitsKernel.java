package io.losseval.core.loss;

import io.losseval.core.Binding;

/**
 * {@code binary_cross_entropy_with_logits}: PyTorch's BCEWithLogitsLoss, {@code w [(1 - y) x - (1 +
 * (p - 1) y) log sigmoid(x)]} per element, with {@code weight} w and {@code pos_weight} p (both
 * along a row's positions, PyTorch's last axis). Neither weight enters the 'mean' denominator.
 *
 * <p>Computed in PyTorch 2's form (its PR 115539): {@code log sigmoid(x)} is ATen's {@code
 * log_sigmoid}, {@code min(x, 0) - log1p(exp(-|x|))}, so a loss that underflowed in the older
 * max-trick form keeps its digits: x = 100, y = 1 gives 3.7e-44, not 0.
 */
final class BinaryCrossEntropyWithLogitsKernel extends InputTargetKernel {
  private static final long serialVersionUID = 1L;

  private final ElementWeight weight;
  private final ElementWeight posWeight;

  BinaryCrossEntropyWithLogitsKernel(Binding binding) {
    super(binding);
    this.weight = ElementWeight.of(binding.options(), "weight", arrayRows());
    this.posWeight = ElementWeight.of(binding.options(), "pos_weight", arrayRows());
  }

  @Override
  protected void losses(double[] x, int xo, double[] y, int yo, int n, double[] out) {
    weight.check(this, n);
    posWeight.check(this, n);
    boolean pos = posWeight.given();
    for (int i = 0; i < n; i++) {
      double v = x[xo + i];
      double t = y[yo + i];
      double logSigmoid = LogSigmoid.of(v);
      // PyTorch multiplies by (pos_weight - 1) t + 1 only when pos_weight is given: absent, an
      // infinite target must not turn 0 * t into NaN.
      double l =
          (1.0 - t) * v - (pos ? logSigmoid * ((posWeight.at(i) - 1.0) * t + 1.0) : logSigmoid);
      out[i] = l * weight.at(i); // an absent weight is 1, and l * 1 is l exactly
    }
  }
}
