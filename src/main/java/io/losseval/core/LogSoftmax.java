package io.losseval.core;

/** Numerically stable log-softmax, computed as PyTorch does: {@code (x - max) - log(sum exp(x - max))}. */
final class LogSoftmax {
  private LogSoftmax() {}

  /** Writes log_softmax of {@code x[off .. off+n)} into {@code out[0 .. n)}. */
  static void compute(double[] x, int off, int n, double[] out) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < n; c++) {
      max = Math.max(max, x[off + c]);
    }
    double sumExp = 0.0;
    for (int c = 0; c < n; c++) {
      sumExp += Math.exp(x[off + c] - max);
    }
    double logSum = Math.log(sumExp);
    for (int c = 0; c < n; c++) {
      out[c] = (x[off + c] - max) - logSum;
    }
  }
}
