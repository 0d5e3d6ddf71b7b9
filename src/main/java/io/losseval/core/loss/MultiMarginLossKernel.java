package io.losseval.core.loss;

import io.losseval.core.Binding;
import io.losseval.core.Sample;

/**
 * {@code multi_margin_loss}: PyTorch's MultiMarginLoss, the multi-class hinge {@code (1/C) sum_{i
 * != y} w[y] max(0, margin - x[y] + x[i])^p}. As in ATen (and unlike the docstring) the weight
 * multiplies after the power, and the divisor C counts the target class.
 */
final class MultiMarginLossKernel extends PerSampleKernel {
  private static final long serialVersionUID = 1L;

  private final boolean squared;
  private final double margin;
  private final double[] weight;

  MultiMarginLossKernel(Binding binding) {
    super(binding.function());
    squared = binding.options().getLong("p") == 2;
    margin = binding.options().getDouble("margin");
    weight = binding.options().getDoubles("weight");
  }

  @Override
  protected double loss(Sample s) {
    int classes = s.length(0);
    ClassIndex.checkWeight(this, weight, classes);
    int y = ClassIndex.of(this, 1, "target", s.scalar(1), classes);
    double[] x = s.values(0);
    int xo = s.offset(0);
    double xy = x[xo + y];
    double wy = weight == null ? 1.0 : weight[y];
    double sum = 0.0;
    for (int i = 0; i < classes; i++) {
      if (i == y) {
        continue;
      }
      double z = margin - xy + x[xo + i];
      if (z > 0) {
        double h = squared ? z * z : z;
        sum += h * wy;
      }
    }
    return sum / classes;
  }

  @Override
  protected String widthUnit() {
    return "classes";
  }
}
