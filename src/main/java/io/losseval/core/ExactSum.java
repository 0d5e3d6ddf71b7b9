package io.losseval.core;

import java.math.BigInteger;
import java.nio.ByteBuffer;

/**
 * An exact sum of doubles: a fixed-point superaccumulator wide enough to hold any finite double
 * without rounding, so that adding and merging in any order gives the same bits.
 *
 * <p>Method: every finite double is {@code m * 2^(e-1075)} with a 53-bit integer {@code m}. The
 * accumulator is a two's-complement-free integer in base 2^32, one signed {@code long} per 32-bit
 * digit, covering bit positions 0 (2^-1074) to 2175. Adding a double splits {@code m} into at most
 * three 32-bit pieces and adds them, with their sign, to three adjacent digits: no rounding, no
 * branches on the data beyond the exponent. The spare 31 bits of each {@code long} absorb carries;
 * they are propagated every {@link #CARRY_BUDGET} additions and before a result is read. The value
 * is rounded to the nearest double (ties to even) exactly once, in {@link #value()}.
 *
 * <p>Non-finite inputs are tracked apart: any NaN, or both infinities, make the value NaN; one
 * infinity makes it that infinity, as IEEE addition would. An empty sum is {@code 0.0}.
 */
public final class ExactSum {
  static final int DIGITS = 68;
  private static final long MASK32 = 0xFFFF_FFFFL;
  // A digit grows by less than 2^32 per addition, so 2^30 additions stay far from 2^63.
  static final int CARRY_BUDGET = 1 << 30;
  private static final byte SERIAL_VERSION = 1;

  private final long[] digits = new long[DIGITS];
  private int budget = CARRY_BUDGET;
  private boolean nan;
  private boolean posInf;
  private boolean negInf;

  /** Adds {@code x} exactly. */
  public void add(double x) {
    long bits = Double.doubleToRawLongBits(x);
    int exp = (int) (bits >>> 52) & 0x7FF;
    long mant = bits & 0x000F_FFFF_FFFF_FFFFL;
    if (exp == 0x7FF) {
      addNonFinite(x);
      return;
    }
    if (exp == 0) {
      if (mant == 0) {
        return;
      }
      exp = 1; // subnormal: same scale as the smallest normal exponent
    } else {
      mant |= 1L << 52;
    }
    int pos = exp - 1; // bit position of mant's lowest bit, 2^-1074 being position 0
    int i = pos >>> 5;
    int s = pos & 31;
    long d0 = (mant << s) & MASK32;
    long rest = mant >>> (32 - s); // s < 32, so this shift is always in range
    long d1 = rest & MASK32;
    long d2 = rest >>> 32;
    if (bits < 0) {
      digits[i] -= d0;
      digits[i + 1] -= d1;
      digits[i + 2] -= d2;
    } else {
      digits[i] += d0;
      digits[i + 1] += d1;
      digits[i + 2] += d2;
    }
    if (--budget == 0) {
      propagateCarries();
    }
  }

  /** Adds {@code values[offset .. offset+length)} exactly. */
  public void addAll(double[] values, int offset, int length) {
    for (int k = offset, end = offset + length; k < end; k++) {
      add(values[k]);
    }
  }

  /** Adds everything {@code other} holds; {@code other} is unchanged. */
  public void merge(ExactSum other) {
    other.propagateCarries();
    propagateCarries();
    for (int k = 0; k < DIGITS; k++) {
      digits[k] += other.digits[k];
    }
    budget = 1; // both sides were normalised; the next addition renormalises
    nan |= other.nan;
    posInf |= other.posInf;
    negInf |= other.negInf;
  }

  /** Empties the sum. */
  public void reset() {
    java.util.Arrays.fill(digits, 0L);
    budget = CARRY_BUDGET;
    nan = posInf = negInf = false;
  }

  /**
   * The sum rounded once to the nearest double, ties to even. {@code 0.0} when nothing or only
   * zeros were added; NaN if a NaN or both infinities were added; an infinity if one infinity was
   * added or if the exact sum of finite values lies beyond the double range.
   */
  public double value() {
    if (nan || (posInf && negInf)) {
      return Double.NaN;
    }
    if (posInf) {
      return Double.POSITIVE_INFINITY;
    }
    if (negInf) {
      return Double.NEGATIVE_INFINITY;
    }
    return roundToDouble(toBigInteger());
  }

  /** True when this sum holds no non-zero value and no non-finite value. */
  public boolean isZero() {
    if (nan || posInf || negInf) {
      return false;
    }
    for (long d : digits) {
      if (d != 0) {
        return false;
      }
    }
    return true;
  }

  private void addNonFinite(double x) {
    if (Double.isNaN(x)) {
      nan = true;
    } else if (x > 0) {
      posInf = true;
    } else {
      negInf = true;
    }
  }

  /** Leaves every digit but the top one in [0, 2^32); the top digit carries the sign. */
  private void propagateCarries() {
    long carry = 0;
    for (int k = 0; k < DIGITS - 1; k++) {
      long d = digits[k] + carry;
      digits[k] = d & MASK32;
      carry = d >> 32; // arithmetic shift: floor division by 2^32
    }
    digits[DIGITS - 1] += carry;
    budget = CARRY_BUDGET;
  }

  private BigInteger toBigInteger() {
    propagateCarries();
    BigInteger v = BigInteger.valueOf(digits[DIGITS - 1]);
    for (int k = DIGITS - 2; k >= 0; k--) {
      v = v.shiftLeft(32).or(BigInteger.valueOf(digits[k]));
    }
    return v;
  }

  /** Rounds {@code v * 2^-1074} to the nearest double, ties to even. */
  static double roundToDouble(BigInteger v) {
    int sign = v.signum();
    if (sign == 0) {
      return 0.0;
    }
    BigInteger mag = v.abs();
    int len = mag.bitLength();
    double r;
    if (len <= 53) {
      r = Math.scalb((double) mag.longValue(), -1074); // exact: fits the subnormal/normal grid
    } else {
      int shift = len - 54; // keep 53 bits plus one rounding bit
      long top = mag.shiftRight(shift).longValue();
      boolean sticky = mag.getLowestSetBit() < shift;
      long m = top >>> 1;
      if ((top & 1) != 0 && (sticky || (m & 1) != 0)) {
        m++;
      }
      r = Math.scalb((double) m, shift + 1 - 1074); // exact or overflows to infinity
    }
    return sign < 0 ? -r : r;
  }

  // ---- compact, versioned serialization ------------------------------------------------------
  private static final int HAS_DIGITS = 8;

  /** Bytes needed by {@link #writeTo}. */
  int serializedSize() {
    propagateCarries();
    int lo = lowestNonZero();
    return lo < 0 ? 2 : 4 + 8 * (highestNonZero() - lo + 1);
  }

  /** Writes: version, flags, then, if any digit is non-zero, the first index, count and digits. */
  void writeTo(ByteBuffer out) {
    propagateCarries();
    int lo = lowestNonZero();
    out.put(SERIAL_VERSION);
    out.put((byte) ((nan ? 1 : 0) | (posInf ? 2 : 0) | (negInf ? 4 : 0) | (lo >= 0 ? HAS_DIGITS : 0)));
    if (lo < 0) {
      return;
    }
    int hi = highestNonZero();
    out.put((byte) lo);
    out.put((byte) (hi - lo + 1));
    for (int k = lo; k <= hi; k++) {
      out.putLong(digits[k]);
    }
  }

  /** Reads what {@link #writeTo} wrote. */
  static ExactSum readFrom(ByteBuffer in) {
    byte version = in.get();
    if (version != SERIAL_VERSION) {
      throw new IllegalArgumentException("unsupported ExactSum serial version " + version);
    }
    ExactSum s = new ExactSum();
    byte flags = in.get();
    s.nan = (flags & 1) != 0;
    s.posInf = (flags & 2) != 0;
    s.negInf = (flags & 4) != 0;
    if ((flags & HAS_DIGITS) != 0) {
      int lo = in.get() & 0xFF;
      int count = in.get() & 0xFF;
      if (lo + count > DIGITS) {
        throw new IllegalArgumentException("corrupt ExactSum: digits " + lo + "+" + count);
      }
      for (int k = lo; k < lo + count; k++) {
        s.digits[k] = in.getLong();
      }
    }
    return s;
  }

  private int lowestNonZero() {
    for (int k = 0; k < DIGITS; k++) {
      if (digits[k] != 0) {
        return k;
      }
    }
    return -1;
  }

  private int highestNonZero() {
    for (int k = DIGITS - 1; k >= 0; k--) {
      if (digits[k] != 0) {
        return k;
      }
    }
    return -1;
  }
}
