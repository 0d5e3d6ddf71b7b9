package io.losseval.core.loss;


/**
 * Numerically stable log-softmax, computed as PyTorch does: {@code (x - max) - log(sum exp(x - max))},
 * with {@link Exp} for the exponentials (the hot part of cross-entropy).
 */
final class LogSoftmax {
  private LogSoftmax() {}

  /** Writes log_softmax of {@code x[off .. off+n)} into {@code out[0 .. n)}. */
  static void compute(double[] x, int off, int n, double[] out) {
    double max = max(x, off, n);
    double logSum = logSumExp(x, off, n, max);
    for (int c = 0; c < n; c++) {
      out[c] = (x[off + c] - max) - logSum;
    }
  }

  /**
   * {@code -log_softmax(x)[y]}, bit for bit {@code -compute(...)[y]} ({@code a - b} is exactly
   * {@code -(b - a)}), without the other classes' log-probabilities.
   */
  static double negativeAt(double[] x, int off, int n, int y) {
    double max = max(x, off, n);
    return logSumExp(x, off, n, max) - (x[off + y] - max);
  }

  private static double max(double[] x, int off, int n) {
    // Two running maxima halve the chain of dependent steps; max is order-independent, NaN and
    // signed zeros included, so the result is the same.
    double a = Double.NEGATIVE_INFINITY;
    double b = Double.NEGATIVE_INFINITY;
    int c = 0;
    for (; c + 1 < n; c += 2) {
      a = Math.max(a, x[off + c]);
      b = Math.max(b, x[off + c + 1]);
    }
    if (c < n) {
      a = Math.max(a, x[off + c]);
    }
    return Math.max(a, b);
  }

  private static double logSumExp(double[] x, int off, int n, double max) {
    // Even and odd classes summed apart, then together: half the chain of dependent additions.
    double a = 0.0;
    double b = 0.0;
    int c = 0;
    for (; c + 1 < n; c += 2) {
      a += Exp.exp(x[off + c] - max);
      b += Exp.exp(x[off + c + 1] - max);
    }
    if (c < n) {
      a += Exp.exp(x[off + c] - max);
    }
    return Math.log(a + b);
  }
}
