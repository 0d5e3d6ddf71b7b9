package io.losseval.core.loss;

import io.losseval.core.Binding;

/**
 * {@code hinge_embedding_loss}: PyTorch's HingeEmbeddingLoss, per element {@code [y != 1] max(0,
 * margin - x) + [y != -1] x}. So y = 1 gives x unclamped, y = -1 the hinge, and any other label (0,
 * 2, ...) both terms, exactly as PyTorch's ATen kernel.
 */
final class HingeEmbeddingLossKernel extends InputTargetKernel {
  private static final long serialVersionUID = 1L;

  private final double margin;

  HingeEmbeddingLossKernel(Binding binding) {
    super(binding);
    this.margin = binding.options().getDouble("margin");
  }

  @Override
  protected void losses(double[] x, int xo, double[] y, int yo, int n, double[] out) {
    for (int i = 0; i < n; i++) {
      double v = x[xo + i];
      double t = y[yo + i];
      double hinge = t != 1.0 ? Math.max(0.0, margin - v) : 0.0;
      out[i] = hinge + (t != -1.0 ? v : 0.0);
    }
  }
}
