package io.losseval.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The superaccumulator against {@link BigDecimal} arithmetic: the exact sum, rounded once to the
 * nearest double (BigDecimal.doubleValue rounds half-even), must come out bit for bit, whatever the
 * order, split or merge of the inputs.
 */
class ExactSumTest {

  private static double reference(List<Double> values) {
    BigDecimal sum = BigDecimal.ZERO;
    for (double v : values) {
      sum = sum.add(new BigDecimal(v));
    }
    return sum.doubleValue();
  }

  private static double exact(List<Double> values) {
    ExactSum s = new ExactSum();
    for (double v : values) {
      s.add(v);
    }
    return s.value();
  }

  private static void assertSameBits(double expected, double actual, String what) {
    assertEquals(
        Double.doubleToLongBits(expected),
        Double.doubleToLongBits(actual),
        what + ": expected " + expected + " but got " + actual);
  }

  @Test
  void cancellationThatDefeatsNaiveSummation() {
    List<Double> v = List.of(1e16, 1.0, -1e16);
    assertEquals(0.0, 1e16 + 1.0 - 1e16, "naive summation loses the 1");
    assertSameBits(1.0, exact(v), "exact");
    assertSameBits(3.5, exact(List.of(1e308, 1e308, -1e308, -1e308, 3.5)), "no overflow inside");
    assertSameBits(
        Double.MIN_VALUE, exact(List.of(1.0, Double.MIN_VALUE, -1.0)), "subnormal survives");
  }

  @Test
  void randomValuesOfEveryMagnitudeMatchBigDecimalInAnyOrder() {
    Random rnd = new Random(20261127);
    for (int trial = 0; trial < 200; trial++) {
      List<Double> v = new ArrayList<>();
      int n = 1 + rnd.nextInt(300);
      for (int i = 0; i < n; i++) {
        double mag = Math.scalb(1.0, rnd.nextInt(2098) - 1074);
        v.add((rnd.nextBoolean() ? 1 : -1) * mag * (1 + rnd.nextDouble()));
        if (rnd.nextInt(4) == 0) {
          v.add(-v.get(v.size() - 1) * (1 + 1e-15)); // near-cancelling pairs
        }
      }
      double expected = reference(v);
      assertSameBits(expected, exact(v), "trial " + trial);
      Collections.shuffle(v, rnd);
      assertSameBits(expected, exact(v), "trial " + trial + " shuffled");
    }
  }

  @Test
  void roundsHalfToEvenOnlyOnce() {
    // 1 + 2^-53 is a tie: it rounds to 1 (even); a tiny extra term breaks the tie upwards.
    assertSameBits(1.0, exact(List.of(1.0, 0x1p-53)), "tie to even");
    assertSameBits(Math.nextUp(1.0), exact(List.of(1.0, 0x1p-53, 0x1p-200)), "sticky bit");
    // 1 + 2^-52 is odd; half an ulp more is a tie that rounds up to the even 1 + 2^-51.
    List<Double> upwards = List.of(Math.nextUp(1.0), 0x1p-53);
    assertSameBits(1.0 + 0x1p-51, exact(upwards), "tie to even upwards");
    assertSameBits(reference(upwards), exact(upwards), "agrees with BigDecimal");
  }

  @Test
  void overflowOfTheExactSumGivesInfinity() {
    assertSameBits(
        Double.POSITIVE_INFINITY, exact(List.of(Double.MAX_VALUE, Double.MAX_VALUE)), "+");
    assertSameBits(
        Double.NEGATIVE_INFINITY, exact(List.of(-Double.MAX_VALUE, -Double.MAX_VALUE)), "-");
    assertSameBits(
        Double.MAX_VALUE,
        exact(List.of(Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE)),
        "back in range");
  }

  @Test
  void nonFiniteValuesFollowIeeeAddition() {
    assertSameBits(Double.POSITIVE_INFINITY, exact(List.of(1.0, Double.POSITIVE_INFINITY)), "inf");
    assertTrue(Double.isNaN(exact(List.of(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY))));
    assertTrue(Double.isNaN(exact(List.of(1.0, Double.NaN))));
    assertSameBits(0.0, new ExactSum().value(), "empty");
    assertSameBits(0.0, exact(List.of(-0.0)), "negative zero sums to +0, as 0.0 + -0.0 does");
  }

  @Test
  void manyAdditionsPropagateCarriesCorrectly() {
    ExactSum s = new ExactSum();
    double x = 0x1.fffffffffffffp-3; // all mantissa bits set: every digit piece is maximal
    for (long i = 0; i < 5_000_000; i++) {
      s.add(x);
    }
    assertSameBits(
        new BigDecimal(x).multiply(BigDecimal.valueOf(5_000_000)).doubleValue(),
        s.value(),
        "5M equal terms");
  }

  @Test
  void mergeAndSerializationKeepEveryBit() {
    Random rnd = new Random(7);
    List<Double> v = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      v.add(rnd.nextGaussian() * Math.pow(10, rnd.nextInt(40) - 20));
    }
    v.add(Double.MIN_VALUE);
    double expected = reference(v);
    for (int parts : new int[] {1, 2, 3, 7, 64}) {
      ExactSum merged = new ExactSum();
      for (int p = parts - 1; p >= 0; p--) {
        ExactSum part = new ExactSum();
        for (int i = p; i < v.size(); i += parts) {
          part.add(v.get(i));
        }
        ByteBuffer buf = ByteBuffer.allocate(part.serializedSize());
        part.writeTo(buf);
        assertEquals(buf.capacity(), buf.position(), "serializedSize is exact");
        buf.flip();
        merged.merge(ExactSum.readFrom(buf));
      }
      assertSameBits(expected, merged.value(), parts + " parts");
    }
  }

  @Test
  void serializedFormIsCompact() {
    ExactSum s = new ExactSum();
    for (int i = 1; i <= 1000; i++) {
      s.add(i * 0.001);
    }
    assertTrue(s.serializedSize() < 64, "a few digits, not all 68: " + s.serializedSize());
    assertEquals(2, new ExactSum().serializedSize(), "empty: version and flags only");
    assertTrue(new BigDecimal(s.value()).round(MathContext.DECIMAL64).doubleValue() > 500);
  }

  @Test
  void equalSumsSerializeToEqualBytesHoweverTheyWereReached() {
    Random rnd = new Random(13);
    for (int trial = 0; trial < 200; trial++) {
      List<Double> v = new ArrayList<>();
      for (int i = 0; i < 1 + rnd.nextInt(30); i++) {
        // Mostly negative totals with cancelling terms: the top digits are where forms differ.
        v.add(
            (rnd.nextInt(4) == 0 ? 1 : -1) * Math.scalb(rnd.nextDouble(), rnd.nextInt(200) - 100));
      }
      ExactSum inOrder = new ExactSum();
      v.forEach(inOrder::add);
      ExactSum parts = new ExactSum();
      for (int p = 0; p < 3; p++) {
        ExactSum part = new ExactSum();
        for (int i = p; i < v.size(); i += 3) {
          part.add(v.get(i));
        }
        parts.merge(part);
      }
      assertEquals(
          java.util.HexFormat.of().formatHex(bytes(inOrder)),
          java.util.HexFormat.of().formatHex(bytes(parts)),
          "trial " + trial + ": " + v);
    }
  }

  private static byte[] bytes(ExactSum s) {
    ByteBuffer buf = ByteBuffer.allocate(s.serializedSize());
    s.writeTo(buf);
    return buf.array();
  }
}
