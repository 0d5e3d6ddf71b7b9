package io.losseval.core.loss;

import io.losseval.core.LossDefinition;
import io.losseval.core.LossOptions;
import io.losseval.core.OptionSpec;
import io.losseval.core.Shape;
import java.util.List;

/**
 * {@code huber_loss}: PyTorch's HuberLoss. With {@code z = |x - y|}, {@code 0.5 z^2} below delta
 * and {@code delta (z - 0.5 delta)} from delta on; delta = 1 is smooth_l1_loss with beta = 1.
 */
public final class HuberLossKernel extends InputTargetKernel {
  private static final long serialVersionUID = 1L;
  private static final List<String> ARGS = List.of("input", "target");

  public static final LossDefinition DEFINITION = new LossDefinition("huber_loss", ARGS,
      List.of(OptionSpec.number("delta", 1.0)),
      "0.5 z^2 for z = |input - target| < delta, else delta (z - 0.5 delta) (torch.nn.HuberLoss)",
      HuberLossKernel::new);

  private final double delta;

  private HuberLossKernel(LossOptions options, List<Shape> shapes) {
    super("huber_loss", ARGS, shapes);
    this.delta = options.getDouble("delta");
    if (!(delta > 0.0)) {
      throw options.invalid("delta", "it must be > 0");
    }
  }

  @Override
  protected void losses(double[] x, int xo, double[] y, int yo, int n, double[] out) {
    for (int i = 0; i < n; i++) {
      double z = Math.abs(x[xo + i] - y[yo + i]);
      out[i] = z < delta ? 0.5 * z * z : delta * (z - 0.5 * delta);
    }
  }
}
