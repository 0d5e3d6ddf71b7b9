package io.losseval.core.loss;

import io.losseval.core.LossDefinition;
import io.losseval.core.LossOptions;
import io.losseval.core.OptionSpec;
import io.losseval.core.Sample;
import io.losseval.core.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code triplet_margin_with_distance_loss}: PyTorch's TripletMarginWithDistanceLoss with a named
 * distance, since SQL cannot pass a Python callable: {@code 'pairwise'} (PyTorch's default,
 * torch.pairwise_distance with p = 2, eps = 1e-6) or {@code 'cosine'}
 * ({@code 1 - F.cosine_similarity}, eps = 1e-8).
 */
public final class TripletMarginWithDistanceKernel extends TripletKernel {
  private static final long serialVersionUID = 1L;
  private static final String PAIRWISE = "pairwise";
  private static final String COSINE = "cosine";
  /** nn.PairwiseDistance's defaults. */
  private static final double PAIRWISE_P = 2.0;
  private static final double PAIRWISE_EPS = 1e-6;
  /** F.cosine_similarity's default. */
  private static final double COSINE_EPS = 1e-8;

  public static final LossDefinition DEFINITION = new LossDefinition(
      "triplet_margin_with_distance_loss", ARGS, options(),
      "max(0, margin + d(a, p) - d(a, n)) with d 'pairwise' or 'cosine' "
          + "(torch.nn.TripletMarginWithDistanceLoss)",
      TripletMarginWithDistanceKernel::new);

  private final boolean cosine;

  private TripletMarginWithDistanceKernel(LossOptions options, List<Shape> shapes) {
    super("triplet_margin_with_distance_loss", options, shapes);
    String name = options.getString("distance_function");
    if (!PAIRWISE.equals(name) && !COSINE.equals(name)) {
      throw options.invalid("distance_function",
          "allowed: '" + PAIRWISE + "' (torch.pairwise_distance, the default) or '" + COSINE
              + "' (1 - F.cosine_similarity)");
    }
    cosine = COSINE.equals(name);
  }

  private static List<OptionSpec> options() {
    List<OptionSpec> options = new ArrayList<>(marginAndSwap());
    options.add(0, OptionSpec.string("distance_function", PAIRWISE));
    return options;
  }

  @Override
  protected double distance(Sample s, int u, int v, int n) {
    if (cosine) {
      return 1.0 - Distances.cosineSimilarity(s.values(u), s.offset(u), s.values(v), s.offset(v),
          n, COSINE_EPS);
    }
    return Distances.pairwise(s.values(u), s.offset(u), s.values(v), s.offset(v), n, PAIRWISE_P,
        PAIRWISE_EPS);
  }
}
