package io.losseval.core.loss;

import io.losseval.core.Binding;
import io.losseval.core.Sample;
import java.util.List;

/**
 * {@code multilabel_soft_margin_loss}: PyTorch's MultiLabelSoftMarginLoss, per sample {@code -(1/C)
 * sum_c w[c] (y[c] logsigmoid(x[c]) + (1 - y[c]) logsigmoid(-x[c]))}. Each sample is already
 * divided by C, so 'sum' is the sum of those class means and 'mean' divides it by rows.
 */
final class MultilabelSoftMarginLossKernel extends PerSampleKernel {
  private static final long serialVersionUID = 1L;

  private final List<String> argumentNames;
  private final double[] weight;

  MultilabelSoftMarginLossKernel(Binding binding) {
    super(binding.function());
    argumentNames = binding.argumentNames();
    weight = binding.options().getDoubles("weight");
  }

  @Override
  protected double loss(Sample s) {
    int classes = commonLength(s, argumentNames, 2);
    ClassIndex.checkWeight(this, weight, classes);
    double[] x = s.values(0);
    int xo = s.offset(0);
    double[] y = s.values(1);
    int yo = s.offset(1);
    double sum = 0.0;
    for (int c = 0; c < classes; c++) {
      double v = x[xo + c];
      double t = y[yo + c];
      // log_sigmoid(v) and log_sigmoid(-v) share log1p(exp(-|v|)): computed once, same bits
      double shared = LogSigmoid.softplusOfMinusAbs(v);
      double logSigmoid = Math.min(v, 0.0) - shared;
      double logSigmoidOfMinus = Math.min(-v, 0.0) - shared;
      double l = -(t * logSigmoid + (1.0 - t) * logSigmoidOfMinus);
      sum += weight == null ? l : l * weight[c];
    }
    return sum / classes;
  }

  @Override
  protected String widthUnit() {
    return "classes";
  }
}
