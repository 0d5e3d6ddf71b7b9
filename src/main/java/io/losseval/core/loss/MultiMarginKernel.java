package io.losseval.core.loss;

import io.losseval.core.LossDefinition;
import io.losseval.core.LossOptions;
import io.losseval.core.OptionSpec;
import io.losseval.core.Sample;
import io.losseval.core.Shape;
import java.util.List;

/**
 * {@code multi_margin_loss}: PyTorch's MultiMarginLoss, the multi-class hinge
 * {@code (1/C) sum_{i != y} w[y] max(0, margin - x[y] + x[i])^p}. As in ATen (and unlike the
 * docstring) the weight multiplies after the power, and the divisor C counts the target class.
 */
public final class MultiMarginKernel extends PerSampleKernel {
  private static final long serialVersionUID = 1L;

  public static final LossDefinition DEFINITION = new LossDefinition("multi_margin_loss",
      List.of("input", "target"),
      List.of(OptionSpec.integer("p", 1), OptionSpec.number("margin", 1.0),
          OptionSpec.doubles("weight")),
      "multi-class hinge of C scores against a class index (torch.nn.MultiMarginLoss)",
      MultiMarginKernel::new);

  private final boolean squared;
  private final double margin;
  private final double[] weight;

  private MultiMarginKernel(LossOptions options, List<Shape> shapes) {
    super("multi_margin_loss");
    Shapes.require(function, "input", shapes.get(0), "an array (or ML Vector) of class scores",
        Shape.ARRAY);
    Shapes.require(function, "target", shapes.get(1), "a class index (a number)", Shape.SCALAR);
    long p = options.getLong("p");
    if (p != 1 && p != 2) {
      throw options.invalid("p", "only p = 1 and p = 2 are supported, as in PyTorch");
    }
    squared = p == 2;
    margin = options.getDouble("margin");
    weight = options.getDoubles("weight");
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
