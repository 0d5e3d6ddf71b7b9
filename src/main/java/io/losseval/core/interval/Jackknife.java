package io.losseval.core.interval;

import io.losseval.core.ExactSum;

/**
 * The delete-a-group jackknife's standard error from the B leave-one-group-out estimates {@code
 * theta_(-b)}: {@code sqrt((B - 1) / B * sum_b (theta_(-b) - mean_b theta_(-b))^2)} (Efron and
 * Tibshirani, An Introduction to the Bootstrap, 1993, 11.5; Wolter, Introduction to Variance
 * Estimation, 2007, 4.2).
 */
final class Jackknife {
  private Jackknife() {}

  /**
   * The standard error; NaN when any estimate is NaN or infinite, or when fewer than two are given.
   * The mean is an exact sum rounded once, divided by B; deviations are scaled by the largest
   * before squaring, so that no intermediate overflows while the result is finite. The same
   * estimates always give the same bits.
   */
  static double standardError(double[] leaveOneOut) {
    int groups = leaveOneOut.length;
    if (groups < 2) {
      return Double.NaN;
    }
    ExactSum sum = new ExactSum();
    for (double theta : leaveOneOut) {
      if (!Double.isFinite(theta)) {
        return Double.NaN;
      }
      sum.add(theta);
    }
    double mean = sum.value() / groups;
    double largest = 0;
    for (double theta : leaveOneOut) {
      largest = Math.max(largest, Math.abs(theta - mean));
    }
    if (largest == 0) {
      return 0;
    }
    double scaled = 0;
    for (double theta : leaveOneOut) {
      double d = (theta - mean) / largest;
      scaled += d * d;
    }
    return largest * Math.sqrt((groups - 1) / (double) groups * scaled);
  }
}
