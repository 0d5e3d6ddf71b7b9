package io.losseval.core.interval;

/**
 * Quantiles of Student's t distribution with a whole number of degrees of freedom, for the critical
 * value of a two-sided interval.
 *
 * <p>Method: with {@code A(t) = P(|T| <= t)} for {@code T ~ t(df)}, Abramowitz and Stegun 26.7.1
 * with 26.5.27 give {@code A(t) = I_x(1/2, df/2)} for {@code x = t^2 / (df + t^2)}, and its
 * complement {@code 1 - A(t) = I_y(df/2, 1/2)} for {@code y = df / (df + t^2)}, where {@code I} is
 * the regularized incomplete beta function. {@code I} is evaluated with its continued fraction
 * (DLMF 8.17.22) by the modified Lentz algorithm, on whichever of the two forms the fraction
 * converges quickly for, so that the smaller of {@code A} and {@code 1 - A} is computed directly,
 * never as a difference from 1. The complete beta function {@code B(df/2, 1/2)} is built exactly
 * from {@code B(1/2, 1/2) = pi}, {@code B(1, 1/2) = 2} and {@code B(a + 1, 1/2) = B(a, 1/2) a / (a
 * + 1/2)} (DLMF 5.12.1 with 5.5.1), without the gamma function. The quantile is found by bisection
 * on the monotone {@code A} (or its complement, for confidence at least 1/2) down to adjacent
 * doubles, so the result is deterministic and as accurate as the distribution function.
 */
public final class StudentT {
  private static final int MAX_FRACTION_TERMS = 10_000;
  private static final double TINY = 1e-300;
  private static final double EPSILON = 0x1p-54;

  private StudentT() {}

  /**
   * The critical value {@code t} of a two-sided interval: {@code P(|T| <= t) = confidence} for
   * {@code T} with {@code df} degrees of freedom, i.e. the {@code (1 + confidence) / 2} quantile.
   *
   * @param confidence in (0, 1)
   * @param df at least 1
   */
  public static double twoSidedCritical(double confidence, int df) {
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be in (0, 1), not " + confidence);
    }
    if (df < 1) {
      throw new IllegalArgumentException("degrees of freedom must be at least 1, not " + df);
    }
    double beta = betaHalf(df);
    // Solve on the side that is computed directly: the tail 1 - confidence (exact for
    // confidence >= 1/2, by Sterbenz's lemma) or the centre.
    boolean tail = confidence >= 0.5;
    double target = tail ? 1 - confidence : confidence;
    double lo = 0;
    double hi = 1;
    while (!reached(hi, df, beta, tail, target)) {
      lo = hi;
      hi *= 2;
      if (Double.isInfinite(hi)) {
        return Double.POSITIVE_INFINITY;
      }
    }
    // Invariant: reached(hi) and not reached(lo) (lo = 0 is never reached: A(0) = 0, 1 - A(0) = 1).
    while (true) {
      double mid = lo + (hi - lo) / 2;
      if (mid <= lo || mid >= hi) {
        break;
      }
      if (reached(mid, df, beta, tail, target)) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    double errLo = Math.abs(side(lo, df, beta, tail) - target);
    double errHi = Math.abs(side(hi, df, beta, tail) - target);
    return errLo < errHi ? lo : hi;
  }

  /**
   * Whether {@code t} is at or beyond the quantile: the centre has grown, or the tail shrunk, to
   * the target.
   */
  private static boolean reached(double t, int df, double beta, boolean tail, double target) {
    double v = side(t, df, beta, tail);
    return tail ? v <= target : v >= target;
  }

  /** {@code 1 - A(t)} when {@code tail}, else {@code A(t)}. */
  private static double side(double t, int df, double beta, boolean tail) {
    double[] both = centreAndTail(t, df, beta);
    return tail ? both[1] : both[0];
  }

  /**
   * {@code P(|T| <= t)} for {@code t >= 0} and {@code df} degrees of freedom (the two-sided
   * probability), for tests and for the quantile.
   */
  public static double centralProbability(double t, int df) {
    return centreAndTail(t, df, betaHalf(df))[0];
  }

  /** {@code P(|T| > t)} for {@code t >= 0}: the two tails together. */
  public static double tailProbability(double t, int df) {
    return centreAndTail(t, df, betaHalf(df))[1];
  }

  /** {A(t), 1 - A(t)}, the smaller one computed directly. */
  private static double[] centreAndTail(double t, int df, double beta) {
    if (t == 0) {
      return new double[] {0, 1};
    }
    if (Double.isInfinite(t)) {
      return new double[] {1, 0};
    }
    double t2 = t * t;
    double a = df / 2.0;
    double y = df / (df + t2); // 1 - A = I_y(a, 1/2)
    double x = t2 / (df + t2); // A = I_x(1/2, a)
    if (Double.isInfinite(t2)) {
      y = 0;
      x = 1;
    }
    // The continued fraction for I_z(p, q) converges fast for z < (p + 1) / (p + q + 2).
    if (y < (a + 1) / (a + 2.5)) {
      double tail = incompleteBetaFraction(y, x, a, 0.5, beta);
      return new double[] {1 - tail, tail};
    }
    double centre = incompleteBetaFraction(x, y, 0.5, a, beta);
    return new double[] {centre, 1 - centre};
  }

  /**
   * {@code I_z(p, q) = z^p (1 - z)^q / (p B(p, q)) * fraction}, with {@code w = 1 - z} given apart
   * (computed without cancellation) and {@code B(p, q) = beta}; for {@code z} below the fraction's
   * turning point.
   */
  private static double incompleteBetaFraction(
      double z, double w, double p, double q, double beta) {
    if (z == 0) {
      return 0;
    }
    double front = Math.exp(p * Math.log(z) + q * Math.log(w)) / (p * beta);
    return front * continuedFraction(z, p, q);
  }

  /**
   * The continued fraction {@code 1 / (1 + d1 / (1 + d2 / (1 + ...)))} of DLMF 8.17.22, by the
   * modified Lentz algorithm: {@code d_{2m+1} = -(p + m)(p + q + m) z / ((p + 2m)(p + 2m + 1))},
   * {@code d_{2m} = m (q - m) z / ((p + 2m - 1)(p + 2m))}.
   */
  private static double continuedFraction(double z, double p, double q) {
    // f = b0 + a1 / (b1 + a2 / (b2 + ...)) with b0 = 0, a1 = 1, b_k = 1, a_{k+1} = d_k.
    double c = 1.0;
    double d = 1.0 - (p + q) * z / (p + 1);
    d = Math.abs(d) < TINY ? TINY : d;
    d = 1.0 / d;
    double f = d; // 1 / (1 + d1 / ...): d1 taken above, with a1 = 1
    for (int m = 1; m <= MAX_FRACTION_TERMS; m++) {
      // even term d_{2m}
      double even = m * (q - m) * z / ((p + 2 * m - 1) * (p + 2 * m));
      d = 1.0 + even * d;
      d = Math.abs(d) < TINY ? TINY : d;
      c = 1.0 + even / c;
      c = Math.abs(c) < TINY ? TINY : c;
      d = 1.0 / d;
      f *= d * c;
      // odd term d_{2m+1}
      double odd = -(p + m) * (p + q + m) * z / ((p + 2 * m) * (p + 2 * m + 1));
      d = 1.0 + odd * d;
      d = Math.abs(d) < TINY ? TINY : d;
      c = 1.0 + odd / c;
      c = Math.abs(c) < TINY ? TINY : c;
      d = 1.0 / d;
      double delta = d * c;
      f *= delta;
      if (Math.abs(delta - 1.0) < EPSILON) {
        return f;
      }
    }
    throw new ArithmeticException(
        "incomplete beta fraction did not converge for z = " + z + ", p = " + p + ", q = " + q);
  }

  /**
   * {@code B(df/2, 1/2)}, from B(1/2, 1/2) = pi or B(1, 1/2) = 2 by B(a+1, 1/2) = B(a, 1/2) a / (a
   * + 1/2).
   */
  static double betaHalf(int df) {
    double a = df % 2 == 1 ? 0.5 : 1.0;
    double b = df % 2 == 1 ? Math.PI : 2.0;
    while (a < df / 2.0) {
      b *= a / (a + 0.5);
      a += 1;
    }
    return b;
  }
}
