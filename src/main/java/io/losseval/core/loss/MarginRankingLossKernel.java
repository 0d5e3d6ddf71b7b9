package io.losseval.core.loss;

import io.losseval.core.Binding;
import io.losseval.core.Sample;

/**
 * {@code margin_ranking_loss}: PyTorch's MarginRankingLoss, {@code max(0, -y (x1 - x2) + margin)}
 * per element; y = 1 asks for x1 to rank above x2, y = -1 below. Other labels are used as they are,
 * as multipliers, like PyTorch.
 */
final class MarginRankingLossKernel extends ElementwiseKernel {
  private static final long serialVersionUID = 1L;
  private final double margin;

  MarginRankingLossKernel(Binding binding) {
    super(binding);
    this.margin = binding.options().getDouble("margin");
  }

  @Override
  protected void losses(Sample s, int n, double[] out) {
    double[] x1 = s.values(0);
    double[] x2 = s.values(1);
    double[] y = s.values(2);
    int o1 = s.offset(0);
    int o2 = s.offset(1);
    int yo = s.offset(2);
    for (int i = 0; i < n; i++) {
      // Math.max keeps a NaN, as PyTorch's clamp_min does.
      out[i] = Math.max(0.0, -y[yo + i] * (x1[o1 + i] - x2[o2 + i]) + margin);
    }
  }
}
