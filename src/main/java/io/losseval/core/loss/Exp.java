package io.losseval.core.loss;

/**
 * {@code e^t} for the log-sum-exp of log-softmax, about three times as fast as {@link Math#exp} on
 * the values that matter there ({@code t = x - max <= 0}), within 2 ulp of it, and the same bits on
 * every JVM (basic IEEE operations only; the table comes from {@link StrictMath}).
 *
 * <p>Method: {@code t = (64 k + j) ln2/64 + r} with {@code |r| <= ln2/128}, so {@code e^t = 2^k *
 * 2^(j/64) * e^r}; {@code 2^(j/64)} comes from a table and {@code e^r} from its Taylor polynomial
 * of degree 5 (the next term is below 2^-54 of the result).
 */
final class Exp {
  private Exp() {}

  private static final int N = 64;
  private static final double N_OVER_LN2 = N / StrictMath.log(2.0);
  // ln2/64 in two parts (fdlibm's split of ln2, divided by 64 exactly): the high part's low 21
  // bits are zero, so k * LN2_HI is exact for |k| < 2^21, and together they carry ln2 to 2^-90.
  private static final double LN2_HI = Double.longBitsToDouble(0x3fe62e42fee00000L) / N;
  private static final double LN2_LO = Double.longBitsToDouble(0x3dea39ef35793c76L) / N;
  private static final double[] TWO_POW_J_OVER_N = new double[N];

  static {
    for (int j = 0; j < N; j++) {
      TWO_POW_J_OVER_N[j] = StrictMath.pow(2.0, j / (double) N);
    }
  }

  /**
   * Lowest argument {@link #expAll} takes: above it {@link #exp} never takes its subnormal branch
   * ({@code floor(k / 64) >= -1022} for {@code k = rint(t 64 / ln2)} down to about -708.39).
   */
  static final double EXP_ALL_MIN = -708.0;

  /**
   * {@code out[i] = exp(t[i])} for {@code i < n}, bit for bit {@link #exp}, for arguments in {@code
   * [EXP_ALL_MIN, 0]} only (the caller checks); {@code t} is overwritten. Written as two plain
   * loops over arrays rather than one call per value: the first (the reduction and the polynomial,
   * basic arithmetic only) is one the JIT compiles to vector instructions, the second looks up the
   * table and scales. A third loop that converted {@code k} to an {@code int} array first cost 15%
   * more.
   */
  static void expAll(double[] t, double[] out, int n) {
    for (int i = 0; i < n; i++) {
      double x = t[i];
      double kd = Math.rint(x * N_OVER_LN2);
      double r = (x - kd * LN2_HI) - kd * LN2_LO;
      out[i] = 1.0 + r * (1.0 + r * (1.0 / 2 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120)))));
      t[i] = kd;
    }
    for (int i = 0; i < n; i++) {
      int k = (int) t[i]; // |k| < 2^17: the int holds what exp's long does
      // (table * p) * 2^floor(k/64): exp's two roundings, in its order
      out[i] =
          TWO_POW_J_OVER_N[k & (N - 1)]
              * out[i]
              * Double.longBitsToDouble((long) ((k >> 6) + 1023) << 52);
    }
  }

  /** {@code e^t}: 0 below -746 (where e^t rounds to 0), NaN for NaN, StrictMath above 700. */
  static double exp(double t) {
    if (!(t > -746.0 && t < 700.0)) {
      return t <= -746.0 ? 0.0 : StrictMath.exp(t); // -Infinity gives 0, NaN stays NaN
    }
    double kd = Math.rint(t * N_OVER_LN2);
    long k = (long) kd;
    double r = (t - kd * LN2_HI) - kd * LN2_LO;
    double p = 1.0 + r * (1.0 + r * (1.0 / 2 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120)))));
    double v = TWO_POW_J_OVER_N[(int) (k & (N - 1))] * p;
    long e = k >> 6; // floor(k / 64)
    if (e >= -1022) {
      return v * Double.longBitsToDouble((e + 1023) << 52);
    }
    return Math.scalb(v, (int) e); // subnormal result: rounded once here
  }
}
