package io.losseval.core.loss;

import io.losseval.core.LossDefinition;
import io.losseval.core.LossOptions;
import io.losseval.core.OptionSpec;
import io.losseval.core.Sample;
import io.losseval.core.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code triplet_margin_loss}: PyTorch's TripletMarginLoss with torch.pairwise_distance,
 * {@code ||u - v + eps||_p}.
 */
public final class TripletMarginKernel extends TripletKernel {
  private static final long serialVersionUID = 1L;

  public static final LossDefinition DEFINITION = new LossDefinition("triplet_margin_loss",
      ARGS, options(),
      "max(0, margin + ||a - p + eps||_p - ||a - n + eps||_p) (torch.nn.TripletMarginLoss)",
      TripletMarginKernel::new);

  private final double p;
  private final double eps;

  private TripletMarginKernel(LossOptions options, List<Shape> shapes) {
    super("triplet_margin_loss", options, shapes);
    p = options.getDouble("p");
    eps = options.getDouble("eps");
  }

  private static List<OptionSpec> options() {
    List<OptionSpec> options = new ArrayList<>(marginAndSwap());
    options.add(1, OptionSpec.number("p", 2.0));
    options.add(2, OptionSpec.number("eps", 1e-6));
    return options;
  }

  @Override
  protected double distance(Sample s, int u, int v, int n) {
    return Distances.pairwise(s.values(u), s.offset(u), s.values(v), s.offset(v), n, p, eps);
  }
}
