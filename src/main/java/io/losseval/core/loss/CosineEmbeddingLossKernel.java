package io.losseval.core.loss;

import io.losseval.core.Binding;
import io.losseval.core.Sample;
import java.util.List;

/**
 * {@code cosine_embedding_loss}: PyTorch's CosineEmbeddingLoss with ATen's own cosine, {@code sum
 * x1 x2 / sqrt((sum x1^2 + 1e-12)(sum x2^2 + 1e-12))} (not F.cosine_similarity): {@code 1 - cos}
 * for y = 1, {@code max(0, cos - margin)} for y = -1 and 0 for any other label.
 */
final class CosineEmbeddingLossKernel extends PerSampleKernel {
  private static final long serialVersionUID = 1L;

  /** ATen's EPSILON, added to each squared norm. */
  private static final double EPSILON = 1e-12;

  private final List<String> argumentNames;
  private final double margin;

  CosineEmbeddingLossKernel(Binding binding) {
    super(binding.function());
    argumentNames = binding.argumentNames();
    margin = binding.options().getDouble("margin");
  }

  @Override
  protected double loss(Sample s) {
    int n = commonLength(s, argumentNames, 2);
    double[] x1 = s.values(0);
    double[] x2 = s.values(1);
    int o1 = s.offset(0);
    int o2 = s.offset(1);
    double dot = 0.0;
    double sq1 = 0.0;
    double sq2 = 0.0;
    for (int i = 0; i < n; i++) {
      double a = x1[o1 + i];
      double b = x2[o2 + i];
      dot += a * b;
      sq1 += a * a;
      sq2 += b * b;
    }
    double cos = dot / Math.sqrt((sq1 + EPSILON) * (sq2 + EPSILON));
    double y = s.scalar(2);
    if (y == 1.0) {
      return 1.0 - cos;
    }
    return y == -1.0 ? Math.max(0.0, cos - margin) : 0.0;
  }
}
