package io.losseval.core.loss;

import io.losseval.core.Binding;
import io.losseval.core.Sample;
import java.util.Arrays;
import java.util.List;

/**
 * {@code multilabel_margin_loss}: PyTorch's MultiLabelMarginLoss. The target is a list of C class
 * indices padded with -1; only the entries before the first -1 are the sample's classes T, and
 * {@code loss = (1/C) sum_{j in T} sum_{i not in T} max(0, 1 - (x[j] - x[i]))}. A class listed
 * twice counts twice; every entry, padding included, must be -1 or a class in [0, C), and a row
 * must have at least one class.
 */
final class MultilabelMarginLossKernel extends PerSampleKernel {
  private static final long serialVersionUID = 1L;
  private final List<String> argumentNames;

  MultilabelMarginLossKernel(Binding binding) {
    super(binding.function());
    argumentNames = binding.argumentNames();
  }

  @Override
  protected double loss(Sample s) {
    int classes = commonLength(s, argumentNames, 2);
    if (classes == 0) {
      // PyTorch refuses it ("Expected non-empty vector or matrix"); 0 / 0 classes is no loss.
      throw dataError(0, "input has 0 classes; a row needs at least one");
    }
    double[] x = s.values(0);
    int xo = s.offset(0);
    double[] t = s.values(1);
    int to = s.offset(1);
    // isTarget[c] = 1 for the listed classes; PyTorch range-checks every entry, padding included
    double[] isTarget = s.scratch(classes);
    Arrays.fill(isTarget, 0, classes, 0.0);
    int listed = -1;
    for (int k = 0; k < classes; k++) {
      int c = ClassIndex.padded(this, 1, "target", t[to + k], classes);
      if (c == ClassIndex.IGNORED && listed < 0) {
        listed = k;
      }
      if (listed < 0) {
        isTarget[c] = 1.0;
      }
    }
    if (listed < 0) {
      listed = classes;
    }
    double sum = 0.0;
    for (int k = 0; k < listed; k++) {
      double xj = x[xo + (int) t[to + k]];
      for (int i = 0; i < classes; i++) {
        if (isTarget[i] == 0.0) {
          double z = 1.0 - xj + x[xo + i];
          if (z > 0) {
            sum += z;
          }
        }
      }
    }
    return sum / classes;
  }

  @Override
  protected String widthUnit() {
    return "classes";
  }
}
