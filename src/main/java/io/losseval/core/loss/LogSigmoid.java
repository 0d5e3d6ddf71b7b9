package io.losseval.core.loss;

/**
 * Numerically stable log(sigmoid(x)), as ATen's log_sigmoid: {@code min(x, 0) - log1p(exp(-|x|))}.
 */
final class LogSigmoid {
  private LogSigmoid() {}

  static double of(double x) {
    return Math.min(x, 0.0) - softplusOfMinusAbs(x);
  }

  /**
   * {@code log1p(exp(-|x|))}, the term {@code log_sigmoid(x)} and {@code log_sigmoid(-x)} share:
   * {@code of(x) == Math.min(x, 0.0) - softplusOfMinusAbs(x)} bit for bit, so a caller that needs
   * both computes the exponential and the logarithm once.
   */
  static double softplusOfMinusAbs(double x) {
    return Math.log1p(Math.exp(-Math.abs(x)));
  }
}
