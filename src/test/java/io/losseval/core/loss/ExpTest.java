package io.losseval.core.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Exp} against {@link StrictMath#exp} (fdlibm, under 1 ulp) over the whole useful range. */
class ExpTest {
  @Test
  void withinTwoUlpOfStrictMath() {
    Random r = new Random(5);
    for (int i = 0; i < 2_000_000; i++) {
      double t = i < 1_000_000 ? -r.nextDouble() * 40 : r.nextDouble() * 1400 - 745;
      double want = StrictMath.exp(t);
      double got = Exp.exp(t);
      double ulps = Math.abs(got - want) / Math.ulp(want);
      if (!(ulps <= 2)) { // the message is built only for a failure: 2M messages cost seconds
        fail("exp(" + t + "): " + got + " vs " + want + ", " + ulps + " ulp");
      }
    }
  }

  @Test
  void edgesFollowMathExp() {
    assertEquals(1.0, Exp.exp(0.0));
    assertEquals(1.0, Exp.exp(-0.0));
    assertEquals(0.0, Exp.exp(Double.NEGATIVE_INFINITY));
    assertEquals(0.0, Exp.exp(-800.0));
    assertTrue(Double.isNaN(Exp.exp(Double.NaN)));
    assertEquals(Double.POSITIVE_INFINITY, Exp.exp(Double.POSITIVE_INFINITY));
    assertEquals(StrictMath.exp(710.0), Exp.exp(710.0));
    for (double t = -746.0; t < -700.0; t += 0.01) { // subnormal and tiny results
      double want = StrictMath.exp(t);
      assertTrue(Math.abs(Exp.exp(t) - want) <= 2 * Math.ulp(want), "exp(" + t + ")");
    }
  }
}
