package io.losseval.core.loss;

import io.losseval.core.Binding;
import io.losseval.core.Sample;
import java.util.List;

/**
 * Base of the triplet losses: {@code max(0, margin + d(a, p) - d_neg)} with {@code d_neg = d(a,
 * n)}, or {@code min(d(a, n), d(p, n))} with {@code swap}. Subclasses give the distance d. The
 * catalog allows only a positive margin, as recent PyTorch versions require.
 */
abstract class TripletKernel extends PerSampleKernel {
  private static final long serialVersionUID = 1L;
  private final List<String> argumentNames;
  private final double margin;
  private final boolean swap;

  protected TripletKernel(Binding binding) {
    super(binding.function());
    argumentNames = binding.argumentNames();
    margin = binding.options().getDouble("margin");
    swap = binding.options().getBoolean("swap");
  }

  /** The distance between arguments {@code u} and {@code v}, both of {@code n} values. */
  protected abstract double distance(Sample s, int u, int v, int n);

  @Override
  protected final double loss(Sample s) {
    int n = commonLength(s, argumentNames, 3);
    double positive = distance(s, 0, 1, n);
    double negative = distance(s, 0, 2, n);
    if (swap) {
      negative = Math.min(negative, distance(s, 1, 2, n));
    }
    return Math.max(0.0, margin + positive - negative);
  }
}
