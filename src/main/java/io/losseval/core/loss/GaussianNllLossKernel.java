package io.losseval.core.loss;

import io.losseval.core.LossDefinition;
import io.losseval.core.LossOptions;
import io.losseval.core.OptionSpec;
import io.losseval.core.Sample;
import io.losseval.core.Shape;
import java.util.List;

/**
 * {@code gaussian_nll_loss}: PyTorch's GaussianNLLLoss, {@code 0.5 (log v + (x - y)^2 / v)} per
 * element with {@code v = max(var, eps)}: PyTorch clamps the variance at eps, it does not add eps.
 * {@code full} adds the constant {@code 0.5 log(2 pi)}. A negative variance is an error.
 */
public final class GaussianNllLossKernel extends ElementwiseKernel {
  private static final long serialVersionUID = 1L;
  private static final List<String> ARGS = List.of("input", "target", "var");

  public static final LossDefinition DEFINITION = new LossDefinition("gaussian_nll_loss", ARGS,
      List.of(OptionSpec.bool("full", false), OptionSpec.number("eps", 1e-6)),
      "0.5 (log v + (input - target)^2 / v) per element, v = max(var, eps) "
          + "(torch.nn.GaussianNLLLoss)",
      GaussianNllLossKernel::new);

  private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2.0 * Math.PI);

  private final boolean full;
  private final double eps;

  private GaussianNllLossKernel(LossOptions options, List<Shape> shapes) {
    super("gaussian_nll_loss", ARGS, shapes);
    this.full = options.getBoolean("full");
    this.eps = options.getDouble("eps");
    // PyTorch does not check eps, but eps <= 0 would let a zero variance give an infinite loss.
    if (!(eps > 0.0)) {
      throw options.invalid("eps", "it must be > 0");
    }
  }

  @Override
  protected void losses(Sample s, int n, double[] out) {
    double[] x = s.values(0);
    double[] y = s.values(1);
    double[] var = s.values(2);
    int xo = s.offset(0);
    int yo = s.offset(1);
    int vo = s.offset(2);
    for (int i = 0; i < n; i++) {
      double w = var[vo + i];
      if (w < 0.0) {
        throw dataError(2, "var value " + w + " is negative; a variance must be >= 0 "
            + "(values below eps = " + eps + " are raised to eps)");
      }
      // Math.max keeps a NaN variance NaN, as PyTorch's clamp does.
      double v = Math.max(w, eps);
      double d = x[xo + i] - y[yo + i];
      double l = 0.5 * (Math.log(v) + d * d / v);
      out[i] = full ? l + HALF_LOG_TWO_PI : l;
    }
  }
}
