package io.losseval.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * ExactSum against an independent oracle: the exact {@link BigDecimal} sum of the same doubles,
 * rounded by {@link BigDecimal#doubleValue()}; and its order independence under merges and
 * serialization, over value mixes that move its digit window up, down and across signs.
 */
class ExactSumWindowTest {
  private static final int SEED = 20240611;

  /** Value generators, each a different stress on the window and the rounding. */
  private static double draw(Random r, int mix) {
    switch (mix) {
      case 0: // squared errors: non-negative, similar size
        double u = r.nextDouble() * 3;
        return u * u;
      case 1: // signed, exponents 2^-60 .. 2^60
        return Math.scalb(r.nextDouble(), r.nextInt(121) - 60) * (r.nextBoolean() ? 1 : -1);
      case 2: // the whole range: subnormals, tiny, huge, zeros
        int kind = r.nextInt(6);
        if (kind == 0) {
          return Double.longBitsToDouble(r.nextLong() & 0x000F_FFFF_FFFF_FFFFL)
              * (r.nextBoolean() ? 1 : -1);
        }
        if (kind == 1) {
          return r.nextBoolean() ? 0.0 : -0.0;
        }
        return Math.scalb(r.nextDouble(), r.nextInt(2098) - 1074) * (r.nextBoolean() ? 1 : -1);
      default: // cancellation: large values that nearly cancel plus tiny residues
        double big = Math.scalb(1.0 + r.nextInt(1000), 200);
        return r.nextInt(3) == 0 ? Math.scalb(r.nextDouble(), -300) : r.nextBoolean() ? big : -big;
    }
  }

  private static double oracle(List<Double> values) {
    BigDecimal exact = BigDecimal.ZERO;
    for (double v : values) {
      exact = exact.add(new BigDecimal(v));
    }
    return exact.doubleValue();
  }

  private static ExactSum sumOf(List<Double> values) {
    ExactSum s = new ExactSum();
    for (double v : values) {
      s.add(v);
    }
    return s;
  }

  private static List<Double> values(Random r, int mix, int n) {
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(draw(r, mix));
    }
    return out;
  }

  @Test
  void matchesTheExactSumRoundedOnce() {
    Random r = new Random(SEED);
    for (int mix = 0; mix < 4; mix++) {
      for (int trial = 0; trial < 200; trial++) {
        List<Double> v = values(r, mix, 1 + r.nextInt(300));
        double want = oracle(v);
        double got = sumOf(v).value();
        assertEquals(
            Double.doubleToLongBits(want),
            Double.doubleToLongBits(got),
            "mix " + mix + " trial " + trial + ": want " + want + " got " + got);
      }
    }
  }

  @Test
  void longRunsAddedAtOnceMatchTheOracle() {
    Random r = new Random(SEED + 3);
    long[] buckets = ExactSum.newBuckets();
    for (int mix = 0; mix < 4; mix++) {
      for (int trial = 0; trial < 20; trial++) {
        int n = 64 + r.nextInt(3000); // past the run length, and past a bucket's limit
        List<Double> v = values(r, mix, n);
        if (trial % 5 == 4) {
          v.set(r.nextInt(n), r.nextBoolean() ? Double.NaN : Double.NEGATIVE_INFINITY);
        }
        double[] a = new double[n + 3];
        for (int i = 0; i < n; i++) {
          a[i + 3] = v.get(i);
        }
        ExactSum s = new ExactSum();
        s.add(0.5);
        s.addAll(a, 3, n);
        // the same values through the caller's buckets, reused by every trial
        ExactSum own = new ExactSum();
        own.add(0.5);
        own.addAll(a, 3, n, buckets);
        List<Double> all = new ArrayList<>(v);
        all.add(0.5);
        double want =
            all.stream().anyMatch(x -> !Double.isFinite(x)) ? sumOf(all).value() : oracle(all);
        assertEquals(
            Double.doubleToLongBits(want),
            Double.doubleToLongBits(s.value()),
            "mix " + mix + " trial " + trial);
        assertEquals(
            Double.doubleToLongBits(want),
            Double.doubleToLongBits(own.value()),
            "caller's buckets, mix " + mix + " trial " + trial);
        assertArrayEquals(ExactSum.newBuckets(), buckets, "buckets left all zero");
      }
    }
  }

  @Test
  void mergesAndSerialisationInAnyOrderGiveTheSameBits() {
    Random r = new Random(SEED + 1);
    for (int mix = 0; mix < 4; mix++) {
      for (int trial = 0; trial < 50; trial++) {
        List<Double> v = values(r, mix, 400);
        double want = oracle(v);
        List<ExactSum> parts = new ArrayList<>();
        for (int from = 0; from < v.size(); ) {
          int to = Math.min(v.size(), from + 1 + r.nextInt(60));
          ExactSum part = sumOf(v.subList(from, to));
          parts.add(r.nextBoolean() ? roundTrip(part) : part);
          from = to;
        }
        Collections.shuffle(parts, r);
        ExactSum total = new ExactSum();
        for (ExactSum p : parts) {
          total.merge(p);
          total.add(0.0);
        }
        assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(total.value()));
        assertEquals(
            Double.doubleToLongBits(want), Double.doubleToLongBits(roundTrip(total).value()));
      }
    }
  }

  @Test
  void manyMergesOfLargeDigitsKeepTheTopDigitInRange() {
    // Each merge adds a full top digit; thousands of them push carries into new top digits.
    ExactSum total = new ExactSum();
    BigDecimal exact = BigDecimal.ZERO;
    double big = Math.scalb((double) 0x1F_FFFF_FFFF_FFFFL, 970); // near the top of the double range
    for (int i = 0; i < 5000; i++) {
      ExactSum one = new ExactSum();
      double x = (i % 3 == 0 ? -big : big) / (1 + i % 7);
      one.add(x);
      exact = exact.add(new BigDecimal(x));
      total.merge(one);
    }
    assertEquals(exact.doubleValue(), total.value());
    assertEquals(
        Double.POSITIVE_INFINITY, sumOf(List.of(Double.MAX_VALUE, Double.MAX_VALUE)).value());
    assertEquals(
        Double.NEGATIVE_INFINITY, sumOf(List.of(-Double.MAX_VALUE, -Double.MAX_VALUE)).value());
  }

  @Test
  void aFullTopDigitFromAnotherTaskGrowsTheWindowUpwards() {
    // Another task may send a window whose highest digit is a normalised one (up to 2^32 - 1);
    // once it is the top of a window, the next carry propagation must move its excess upwards.
    ByteBuffer b = ByteBuffer.allocate(12);
    b.put((byte) 1).put((byte) 8).put((byte) 40).put((byte) 1).putLong(0xFFFF_FFFFL).flip();
    ExactSum received = ExactSum.readFrom(b);
    BigDecimal one =
        new BigDecimal(0xFFFF_FFFFL).multiply(new BigDecimal(Math.scalb(1.0, 32 * 40 - 1074)));
    ExactSum total = new ExactSum();
    BigDecimal exact = BigDecimal.ZERO;
    for (int i = 0; i < 3000; i++) {
      total.merge(received);
      exact = exact.add(one);
    }
    assertEquals(exact.doubleValue(), total.value());
    assertEquals(one.doubleValue(), received.value());
  }

  @Test
  void nonFiniteValuesFollowIeeeAddition() {
    assertTrue(Double.isNaN(sumOf(List.of(1.0, Double.NaN)).value()));
    assertTrue(
        Double.isNaN(sumOf(List.of(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)).value()));
    assertEquals(Double.NEGATIVE_INFINITY, sumOf(List.of(Double.NEGATIVE_INFINITY, 5.0)).value());
    ExactSum inf = roundTrip(sumOf(List.of(Double.POSITIVE_INFINITY)));
    assertEquals(Double.POSITIVE_INFINITY, inf.value());
    assertEquals(0.0, new ExactSum().value());
    assertTrue(new ExactSum().isZero());
    assertTrue(sumOf(List.of(1e300, 1e-300, -1e300, -1e-300)).isZero());
  }

  @Test
  void aSumOfSimilarValuesStoresAFewDigits() {
    Random r = new Random(SEED + 2);
    ExactSum s = new ExactSum();
    for (int i = 0; i < 1_000_000; i++) {
      s.add(draw(r, 0));
    }
    assertTrue(s.storedDigits() <= 8, "stored " + s.storedDigits() + " digits");
    ExactSum wide = sumOf(List.of(Double.MIN_VALUE, Double.MAX_VALUE));
    assertTrue(wide.storedDigits() <= ExactSum.DIGITS);
  }

  private static ExactSum roundTrip(ExactSum s) {
    ByteBuffer b = ByteBuffer.allocate(s.serializedSize());
    s.writeTo(b);
    assertEquals(b.capacity(), b.position());
    b.flip();
    return ExactSum.readFrom(b);
  }
}
