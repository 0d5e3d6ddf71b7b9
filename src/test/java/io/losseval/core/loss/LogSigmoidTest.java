package io.losseval.core.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link LogSigmoid#softplusOfMinusAbs}, the term that {@code multilabel_soft_margin_loss} computes
 * once for {@code log_sigmoid(x)} and {@code log_sigmoid(-x)}, gives both bit for bit as {@link
 * LogSigmoid#of} does, so sharing it changed no result.
 */
class LogSigmoidTest {
  @Test
  void sharedTermGivesLogSigmoidOfBothSignsBitForBit() {
    SplittableRandom r = new SplittableRandom(17);
    double[] special = {
      0.0,
      -0.0,
      1e-300,
      -1e-300,
      36.0,
      -36.0,
      40.0,
      745.0,
      -745.0,
      800.0,
      -800.0,
      Double.MAX_VALUE,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      Double.NaN
    };
    for (int i = 0; i < 200_000 + special.length; i++) {
      double x = i < special.length ? special[i] : r.nextGaussian() * (i % 2 == 0 ? 3 : 300);
      double shared = LogSigmoid.softplusOfMinusAbs(x);
      assertEquals(
          Double.doubleToRawLongBits(LogSigmoid.of(x)),
          Double.doubleToRawLongBits(Math.min(x, 0.0) - shared),
          "log_sigmoid(" + x + ")");
      assertEquals(
          Double.doubleToRawLongBits(LogSigmoid.of(-x)),
          Double.doubleToRawLongBits(Math.min(-x, 0.0) - shared),
          "log_sigmoid(" + -x + ")");
    }
  }
}
