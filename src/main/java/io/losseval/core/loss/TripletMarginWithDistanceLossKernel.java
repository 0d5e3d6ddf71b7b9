package io.losseval.core.loss;

import io.losseval.core.Binding;
import io.losseval.core.Sample;

/**
 * {@code triplet_margin_with_distance_loss}: PyTorch's TripletMarginWithDistanceLoss with a named
 * distance, since SQL cannot pass a Python callable: {@code 'pairwise'} (PyTorch's default,
 * torch.pairwise_distance with p = 2, eps = 1e-6) or {@code 'cosine'} ({@code 1 -
 * F.cosine_similarity}, eps = 1e-8).
 */
final class TripletMarginWithDistanceLossKernel extends TripletKernel {
  private static final long serialVersionUID = 1L;

  /** The distance_function names the catalog allows. */
  static final String PAIRWISE = "pairwise";

  static final String COSINE = "cosine";

  /** nn.PairwiseDistance's defaults. */
  private static final double PAIRWISE_P = 2.0;

  private static final double PAIRWISE_EPS = 1e-6;

  /** F.cosine_similarity's default. */
  private static final double COSINE_EPS = 1e-8;

  private final boolean cosine;

  TripletMarginWithDistanceLossKernel(Binding binding) {
    super(binding);
    cosine = COSINE.equals(binding.options().getString("distance_function"));
  }

  @Override
  protected double distance(Sample s, int u, int v, int n) {
    if (cosine) {
      return 1.0
          - Distances.cosineSimilarity(
              s.values(u), s.offset(u), s.values(v), s.offset(v), n, COSINE_EPS);
    }
    return Distances.pairwise(
        s.values(u), s.offset(u), s.values(v), s.offset(v), n, PAIRWISE_P, PAIRWISE_EPS);
  }
}
