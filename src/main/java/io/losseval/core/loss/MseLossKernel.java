package io.losseval.core.loss;

import io.losseval.core.LossDefinition;
import io.losseval.core.Shape;
import java.util.List;

/** {@code mse_loss}: PyTorch's MSELoss, {@code (x - y)^2} per element. */
public final class MseLossKernel extends InputTargetKernel {
  private static final long serialVersionUID = 1L;
  private static final List<String> ARGS = List.of("input", "target");

  public static final LossDefinition DEFINITION = new LossDefinition("mse_loss", ARGS, List.of(),
      "squared error (input - target)^2 per element (torch.nn.MSELoss)",
      (options, shapes) -> new MseLossKernel(shapes));

  private MseLossKernel(List<Shape> shapes) {
    super("mse_loss", ARGS, shapes);
  }

  @Override
  protected void losses(double[] x, int xo, double[] y, int yo, int n, double[] out) {
    for (int i = 0; i < n; i++) {
      double d = x[xo + i] - y[yo + i];
      out[i] = d * d;
    }
  }
}
