package io.losseval.core.loss;

/**
 * Numerically stable log-softmax, computed as PyTorch does: {@code (x - max) - log(sum exp(x -
 * max))}, with {@link Exp} for the exponentials (the hot part of cross-entropy).
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

  /** Rows {@link #negativeAtRows} works on at a time: their exponentials stay in the L1 cache. */
  private static final int CHUNK = 128;

  /**
   * {@code out[j] = negativeAt(x, off + rows[j] * classes, classes, targets[j])} for {@code j < m},
   * bit for bit: the same maxima, exponentials, order of additions and logarithm, but the
   * exponentials of many rows computed together by {@link Exp#expAll}. A row with a value the batch
   * cannot take (a NaN or an infinity, or one so far below its row's maximum that its exponential
   * is subnormal) goes through {@link #negativeAt}.
   */
  static void negativeAtRows(
      double[] x, int off, int classes, int[] rows, int[] targets, int m, double[] out) {
    int chunk = Math.min(m, CHUNK);
    double[] t = new double[chunk * classes];
    double[] e = new double[chunk * classes];
    double[] max = new double[chunk];
    boolean[] alone = new boolean[chunk];
    for (int from = 0; from < m; from += CHUNK) {
      int rowsHere = Math.min(CHUNK, m - from);
      for (int j = 0; j < rowsHere; j++) {
        int base = off + rows[from + j] * classes;
        double mx = max(x, base, classes);
        max[j] = mx;
        boolean inRange = true;
        for (int c = 0; c < classes; c++) {
          double v = x[base + c] - mx;
          inRange &= (v >= Exp.EXP_ALL_MIN) & (v <= 0.0); // false for NaN; no branch per value
          t[j * classes + c] = v;
        }
        alone[j] = !inRange;
        if (!inRange) {
          java.util.Arrays.fill(t, j * classes, (j + 1) * classes, 0.0);
        }
      }
      Exp.expAll(t, e, rowsHere * classes);
      for (int j = 0; j < rowsHere; j++) {
        int base = off + rows[from + j] * classes;
        int y = targets[from + j];
        if (alone[j]) {
          out[from + j] = negativeAt(x, base, classes, y);
          continue;
        }
        double mx = max[j];
        out[from + j] = Math.log(sumOf(e, j * classes, classes)) - (x[base + y] - mx);
      }
    }
  }

  /** The sum of {@code e[off .. off+n)} in {@link #logSumExp}'s order: evens, odds, together. */
  private static double sumOf(double[] e, int off, int n) {
    double a = 0.0;
    double b = 0.0;
    int c = 0;
    for (; c + 1 < n; c += 2) {
      a += e[off + c];
      b += e[off + c + 1];
    }
    if (c < n) {
      a += e[off + c];
    }
    return a + b;
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
