package io.losseval.core.loss;

import io.losseval.core.LossOptions;
import io.losseval.core.OptionSpec;
import io.losseval.core.Sample;
import io.losseval.core.Shape;
import java.util.List;

/**
 * Base of the triplet losses: {@code max(0, margin + d(a, p) - d_neg)} with
 * {@code d_neg = d(a, n)}, or {@code min(d(a, n), d(p, n))} with {@code swap}. Subclasses give
 * the distance d. The margin must be positive, as recent PyTorch versions require.
 */
public abstract class TripletKernel extends PerSampleKernel {
  private static final long serialVersionUID = 1L;
  static final List<String> ARGS = List.of("anchor", "positive", "negative");

  private final double margin;
  private final boolean swap;

  protected TripletKernel(String function, LossOptions options, List<Shape> shapes) {
    super(function);
    for (int a = 0; a < ARGS.size(); a++) {
      Shapes.require(function, ARGS.get(a), shapes.get(a), "an array (or ML Vector)", Shape.ARRAY);
    }
    margin = options.getDouble("margin");
    if (!(margin > 0.0)) {
      throw options.invalid("margin", "it must be greater than 0");
    }
    swap = options.getBoolean("swap");
  }

  /** The options both triplet losses take, with PyTorch's defaults. */
  static List<OptionSpec> marginAndSwap() {
    return List.of(OptionSpec.number("margin", 1.0), OptionSpec.bool("swap", false));
  }

  /** The distance between arguments {@code u} and {@code v}, both of {@code n} values. */
  protected abstract double distance(Sample s, int u, int v, int n);

  @Override
  protected final double loss(Sample s) {
    int n = commonLength(s, ARGS, 3);
    double positive = distance(s, 0, 1, n);
    double negative = distance(s, 0, 2, n);
    if (swap) {
      negative = Math.min(negative, distance(s, 1, 2, n));
    }
    return Math.max(0.0, margin + positive - negative);
  }
}
