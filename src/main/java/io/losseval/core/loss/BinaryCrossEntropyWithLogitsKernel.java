package io.losseval.core.loss;

import io.losseval.core.Binding;

/**
 * {@code binary_cross_entropy_with_logits}: PyTorch's BCEWithLogitsLoss,
 * {@code w [(1 - y) x - (1 + (p - 1) y) log sigmoid(x)]} per element, with {@code weight} w and
 * {@code pos_weight} p (both along a row's positions, PyTorch's last axis). Neither weight enters
 * the 'mean' denominator.
 *
 * <p>{@code log sigmoid(x)} is written in the form PyTorch 1.13 (our fixtures' version) uses,
 * {@code -(m + log(exp(-m) + exp(-x - m)))} with {@code m = max(-x, 0)}, added in its order.
 * Newer PyTorch's {@code log_sigmoid} form agrees to rounding except where the loss underflows:
 * at x = 100, y = 1 it gives 7.4e-44 where 1.13 gives 0.
 */
public final class BinaryCrossEntropyWithLogitsKernel extends InputTargetKernel {
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
      double m = Math.max(-v, 0.0);
      double shifted = Math.log(Math.exp(-m) + Math.exp(-v - m)); // log(1 + exp(-x)) - m
      // Two branches, as PyTorch 1.13: pos_weight = 1 is not the absent pos_weight bit for bit,
      // because m is added in a different order.
      double l = pos
          ? (1.0 - t) * v + ((posWeight.at(i) - 1.0) * t + 1.0) * (shifted + m)
          : (1.0 - t) * v + m + shifted;
      out[i] = l * weight.at(i); // an absent weight is 1, and l * 1 is l exactly
    }
  }
}
