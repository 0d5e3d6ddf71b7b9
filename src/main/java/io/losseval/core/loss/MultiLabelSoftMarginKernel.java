package io.losseval.core.loss;

import io.losseval.core.LossDefinition;
import io.losseval.core.LossOptions;
import io.losseval.core.OptionSpec;
import io.losseval.core.Sample;
import io.losseval.core.Shape;
import java.util.List;

/**
 * {@code multilabel_soft_margin_loss}: PyTorch's MultiLabelSoftMarginLoss, per sample
 * {@code -(1/C) sum_c w[c] (y[c] logsigmoid(x[c]) + (1 - y[c]) logsigmoid(-x[c]))}. Each sample is
 * already divided by C, so 'sum' is the sum of those class means and 'mean' divides it by rows.
 */
public final class MultiLabelSoftMarginKernel extends PerSampleKernel {
  private static final long serialVersionUID = 1L;
  private static final List<String> ARGS = List.of("input", "target");

  public static final LossDefinition DEFINITION = new LossDefinition("multilabel_soft_margin_loss",
      ARGS, List.of(OptionSpec.doubles("weight")),
      "class-averaged logistic loss of C logits against C 0/1 labels "
          + "(torch.nn.MultiLabelSoftMarginLoss)",
      MultiLabelSoftMarginKernel::new);

  private final double[] weight;

  private MultiLabelSoftMarginKernel(LossOptions options, List<Shape> shapes) {
    super("multilabel_soft_margin_loss");
    Shapes.require(function, "input", shapes.get(0), "an array (or ML Vector) of class logits",
        Shape.ARRAY);
    Shapes.require(function, "target", shapes.get(1), "an array of 0/1 class labels", Shape.ARRAY);
    weight = options.getDoubles("weight");
  }

  @Override
  protected double loss(Sample s) {
    int classes = commonLength(s, ARGS, 2);
    ClassIndex.checkWeight(this, weight, classes);
    double[] x = s.values(0);
    int xo = s.offset(0);
    double[] y = s.values(1);
    int yo = s.offset(1);
    double sum = 0.0;
    for (int c = 0; c < classes; c++) {
      double v = x[xo + c];
      double t = y[yo + c];
      double l = -(t * LogSigmoid.of(v) + (1.0 - t) * LogSigmoid.of(-v));
      sum += weight == null ? l : l * weight[c];
    }
    return sum / classes;
  }

  @Override
  protected String widthUnit() {
    return "classes";
  }
}
