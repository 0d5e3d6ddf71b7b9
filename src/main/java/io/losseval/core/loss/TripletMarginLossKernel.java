package io.losseval.core.loss;

import io.losseval.core.Binding;
import io.losseval.core.Sample;

/**
 * {@code triplet_margin_loss}: PyTorch's TripletMarginLoss with torch.pairwise_distance, {@code ||u
 * - v + eps||_p}.
 */
final class TripletMarginLossKernel extends TripletKernel {
  private static final long serialVersionUID = 1L;

  private final double p;
  private final double eps;

  TripletMarginLossKernel(Binding binding) {
    super(binding);
    p = binding.options().getDouble("p");
    eps = binding.options().getDouble("eps");
  }

  @Override
  protected double distance(Sample s, int u, int v, int n) {
    return Distances.pairwise(s.values(u), s.offset(u), s.values(v), s.offset(v), n, p, eps);
  }
}
