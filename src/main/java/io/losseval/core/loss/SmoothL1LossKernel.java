package io.losseval.core.loss;

import io.losseval.core.LossDefinition;
import io.losseval.core.LossOptions;
import io.losseval.core.OptionSpec;
import io.losseval.core.Shape;
import java.util.List;

/**
 * {@code smooth_l1_loss}: PyTorch's SmoothL1Loss. With {@code z = |x - y|}, {@code 0.5 z^2 / beta}
 * below beta and {@code z - 0.5 beta} from beta on.
 */
public final class SmoothL1LossKernel extends InputTargetKernel {
  private static final long serialVersionUID = 1L;
  private static final List<String> ARGS = List.of("input", "target");

  public static final LossDefinition DEFINITION = new LossDefinition("smooth_l1_loss", ARGS,
      List.of(OptionSpec.number("beta", 1.0)),
      "0.5 z^2 / beta for z = |input - target| < beta, else z - 0.5 beta; beta = 0 is l1_loss "
          + "(torch.nn.SmoothL1Loss)",
      SmoothL1LossKernel::new);

  private final double beta;

  private SmoothL1LossKernel(LossOptions options, List<Shape> shapes) {
    super("smooth_l1_loss", ARGS, shapes);
    this.beta = options.getDouble("beta");
    if (!(beta >= 0.0)) {
      throw options.invalid("beta", "it must be >= 0 (beta = 0 gives l1_loss)");
    }
  }

  @Override
  protected void losses(double[] x, int xo, double[] y, int yo, int n, double[] out) {
    // PyTorch sends beta = 0 to l1_loss; here z < 0 never holds and z - 0.0 is z, so the same
    // loop gives l1_loss's bits without a branch.
    for (int i = 0; i < n; i++) {
      double z = Math.abs(x[xo + i] - y[yo + i]);
      out[i] = z < beta ? 0.5 * z * z / beta : z - 0.5 * beta;
    }
  }
}
