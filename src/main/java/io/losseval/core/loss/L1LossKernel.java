package io.losseval.core.loss;

import io.losseval.core.LossDefinition;
import io.losseval.core.Shape;
import java.util.List;

/** {@code l1_loss}: PyTorch's L1Loss, {@code |x - y|} per element. */
public final class L1LossKernel extends InputTargetKernel {
  private static final long serialVersionUID = 1L;
  private static final List<String> ARGS = List.of("input", "target");

  public static final LossDefinition DEFINITION = new LossDefinition("l1_loss", ARGS, List.of(),
      "absolute error |input - target| per element (torch.nn.L1Loss)",
      (options, shapes) -> new L1LossKernel(shapes));

  private L1LossKernel(List<Shape> shapes) {
    super("l1_loss", ARGS, shapes);
  }

  @Override
  protected void losses(double[] x, int xo, double[] y, int yo, int n, double[] out) {
    for (int i = 0; i < n; i++) {
      out[i] = Math.abs(x[xo + i] - y[yo + i]);
    }
  }
}
