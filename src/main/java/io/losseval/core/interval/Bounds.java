package io.losseval.core.interval;

/**
 * A two-sided interval around an estimate: {@code estimate -/+ critical * stderr}.
 *
 * @param lower the lower bound
 * @param upper the upper bound
 * @param stderr the jackknife standard error of the estimate
 */
public record Bounds(double lower, double upper, double stderr) {

  /**
   * The interval {@code estimate -/+ critical * stderr}, or null when there is none to give: the
   * estimate, the standard error or a bound is NaN or infinite.
   */
  static Bounds around(double estimate, double stderr, double critical) {
    double half = critical * stderr;
    double lower = estimate - half;
    double upper = estimate + half;
    if (!Double.isFinite(estimate)
        || !Double.isFinite(stderr)
        || !Double.isFinite(lower)
        || !Double.isFinite(upper)) {
      return null;
    }
    return new Bounds(lower, upper, stderr);
  }
}
