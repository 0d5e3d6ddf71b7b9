package io.losseval.core.loss;

import io.losseval.core.LossDefinition;
import io.losseval.core.LossOptions;
import io.losseval.core.OptionSpec;
import io.losseval.core.Shape;
import java.util.List;

/**
 * {@code kl_div}: PyTorch's KLDivLoss. The input is log-probabilities, the target probabilities
 * (or log-probabilities with {@code log_target}); a zero target contributes exactly 0, as
 * PyTorch's {@code xlogy} gives. Use 'batchmean' for the mathematical KL divergence per sample.
 */
public final class KlDivKernel extends InputTargetKernel {
  private static final long serialVersionUID = 1L;
  private static final List<String> ARGS = List.of("input", "target");

  public static final LossDefinition DEFINITION = new LossDefinition("kl_div", ARGS,
      List.of(OptionSpec.bool("log_target", false)),
      "target (log target - input) per element; 'batchmean' is KL(target || exp(input)) per row "
          + "(torch.nn.KLDivLoss)",
      KlDivKernel::new);

  private final boolean logTarget;

  private KlDivKernel(LossOptions options, List<Shape> shapes) {
    super("kl_div", ARGS, shapes);
    this.logTarget = options.getBoolean("log_target");
  }

  @Override
  protected void losses(double[] x, int xo, double[] y, int yo, int n, double[] out) {
    if (logTarget) {
      for (int i = 0; i < n; i++) {
        double t = y[yo + i];
        out[i] = Math.exp(t) * (t - x[xo + i]);
      }
    } else {
      for (int i = 0; i < n; i++) {
        double t = y[yo + i];
        out[i] = xlogx(t) - t * x[xo + i];
      }
    }
  }

  /** PyTorch's xlogy(t, t): 0 for t == 0, NaN for NaN or negative t. */
  private static double xlogx(double t) {
    return t == 0.0 ? 0.0 : t * Math.log(t);
  }
}
