package io.losseval.core.loss;

/**
 * Numerically stable log(sigmoid(x)), as ATen's log_sigmoid: {@code min(x, 0) - log1p(exp(-|x|))}.
 */
final class LogSigmoid {
  private LogSigmoid() {}

  static double of(double x) {
    return Math.min(x, 0.0) - Math.log1p(Math.exp(-Math.abs(x)));
  }
}
