package io.losseval.core;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * An exact sum of doubles: a fixed-point superaccumulator wide enough to hold any finite double
 * without rounding, so that adding and merging in any order gives the same bits.
 *
 * <p>Method: every finite double is {@code m * 2^(e-1075)} with a 53-bit integer {@code m}. The
 * accumulator is an integer in base 2^32, one signed {@code long} per 32-bit digit, covering bit
 * positions 0 (2^-1074) to 2175. Adding a double splits {@code m} into three 32-bit pieces and adds
 * them, with their sign, to three adjacent digits: no rounding and no data-dependent branch. The
 * spare 31 bits of each {@code long} absorb carries; they are propagated every {@link
 * #CARRY_BUDGET} additions and before a result is read. The value is rounded to the nearest double
 * (ties to even) exactly once, in {@link #value()}.
 *
 * <p>Only a window of the 68 digits is stored: the ones values have touched, plus a little room.
 * Losses of one group rarely span more than a few binary orders of magnitude, so a sum takes tens
 * of bytes rather than 544, which matters when a task holds a state per group; a value outside the
 * window widens it (rare, and at most 68 digits in all).
 *
 * <p>Non-finite inputs are tracked apart: any NaN, or both infinities, make the value NaN; one
 * infinity makes it that infinity, as IEEE addition would. An empty sum is {@code 0.0}.
 */
public final class ExactSum {
  static final int DIGITS = 68;
  private static final long MASK32 = 0xFFFF_FFFFL;
  private static final long MANTISSA = 0x000F_FFFF_FFFF_FFFFL;
  private static final long IMPLICIT_BIT = 1L << 52;
  // A digit grows by less than 2^32 per addition, so 2^30 additions stay far from 2^63.
  static final int CARRY_BUDGET = 1 << 30;
  private static final long[] NO_DIGITS = new long[0];
  private static final byte SERIAL_VERSION = 1;
  private static final int NAN = 1;
  private static final int POS_INF = 2;
  private static final int NEG_INF = 4;
  private static final int HAS_DIGITS = 8;

  /** Runs at least this long go through {@link #addRun}; shorter ones are added one by one. */
  private static final int RUN = 64;

  // A bucket takes at most this many 53-bit mantissas, so it stays below 2^63.
  private static final int RUN_LIMIT = 1 << 10;
  // One bucket per exponent field value; all zero between uses.
  private static final int BUCKET_COUNT = 2048;
  // For callers without buckets of their own. A lookup can cost more than adding a short run: a
  // Spark task thread carries many thread-locals, so it often misses its first slot (8% of the
  // grouped columnar path's samples), hence the overload that takes the caller's buckets.
  private static final ThreadLocal<long[]> BUCKETS =
      ThreadLocal.withInitial(() -> new long[BUCKET_COUNT]);

  /** Digits {@code base .. base + digits.length - 1}; all others are zero. */
  private long[] digits = NO_DIGITS;

  private int base;
  private int budget = CARRY_BUDGET;
  private int special; // NAN | POS_INF | NEG_INF

  /** Adds {@code x} exactly. */
  public void add(double x) {
    long bits = Double.doubleToRawLongBits(x);
    int exp = (int) (bits >>> 52) & 0x7FF;
    long m = bits & MANTISSA;
    int pos; // bit position of m's lowest bit, 2^-1074 being position 0
    if (exp == 0x7FF) {
      special |= m != 0 ? NAN : bits < 0 ? NEG_INF : POS_INF;
      return;
    }
    if (exp == 0) {
      if (m == 0) {
        return;
      }
      pos = 0; // subnormal: same scale as the smallest normal exponent
    } else {
      m |= IMPLICIT_BIT;
      pos = exp - 1;
    }
    addMagnitude(m, bits >> 63, pos);
  }

  /** Adds {@code values[offset .. offset+length)} exactly. */
  public void addAll(double[] values, int offset, int length) {
    addAll(values, offset, length, null);
  }

  /**
   * Scratch space for {@link #addAll(double[], int, int, long[])}, for one thread at a time; it is
   * all zero again whenever a call returns.
   */
  public static long[] newBuckets() {
    return new long[BUCKET_COUNT];
  }

  /**
   * Adds {@code values[offset .. offset+length)} exactly, as {@link #addAll(double[], int, int)},
   * using {@code buckets} (from {@link #newBuckets}, or null for a thread's own) as scratch.
   */
  public void addAll(double[] values, int offset, int length, long[] buckets) {
    if (length < RUN) {
      for (int k = offset, end = offset + length; k < end; k++) {
        add(values[k]);
      }
      return;
    }
    if (buckets == null) {
      buckets = BUCKETS.get();
    }
    for (int from = offset, end = offset + length; from < end; from += RUN_LIMIT) {
      addRun(values, from, Math.min(end, from + RUN_LIMIT), buckets);
    }
  }

  /**
   * Adds {@code values[from .. to)}: first each signed mantissa into the bucket of its exponent
   * (one addition, no carries, and similar values rarely need more than a few buckets), then each
   * used bucket into the digits, shifted into place. Exact like {@link #add}, and a few times
   * faster per value.
   */
  private void addRun(double[] values, int from, int to, long[] buckets) {
    int lo = 0x7FF;
    int hi = -1;
    for (int k = from; k < to; k++) {
      long bits = Double.doubleToRawLongBits(values[k]);
      int exp = (int) (bits >>> 52) & 0x7FF;
      if (exp == 0x7FF) {
        add(values[k]);
        continue;
      }
      long m = (bits & MANTISSA) | (exp == 0 ? 0L : IMPLICIT_BIT);
      long neg = bits >> 63;
      buckets[exp] += (m ^ neg) - neg;
      lo = Math.min(lo, exp);
      hi = Math.max(hi, exp);
    }
    for (int exp = lo; exp <= hi; exp++) {
      long b = buckets[exp];
      if (b != 0) {
        buckets[exp] = 0;
        long neg = b >> 63;
        addMagnitude((b ^ neg) - neg, neg, exp == 0 ? 0 : exp - 1);
      }
    }
  }

  /**
   * Adds {@code -m * 2^pos} if {@code neg} is -1, {@code m * 2^pos} if it is 0 (times 2^-1074), for
   * {@code 0 <= m < 2^63}: shifted by {@code pos % 32} it spans three digits, each of which grows
   * by less than 2^32.
   */
  private void addMagnitude(long m, long neg, int pos) {
    int k = (pos >>> 5) - base;
    long[] d = digits;
    if (k < 0 || k > d.length - 3) {
      k = widen(pos >>> 5, (pos >>> 5) + 2);
      d = digits;
    }
    int s = pos & 31;
    long rest = m >>> (32 - s); // s < 32, so this shift is always in range
    // (v ^ neg) - neg is v or -v without a branch
    d[k] += (((m << s) & MASK32) ^ neg) - neg;
    d[k + 1] += ((rest & MASK32) ^ neg) - neg;
    d[k + 2] += ((rest >>> 32) ^ neg) - neg;
    if (--budget == 0) {
      propagateCarries();
    }
  }

  /** Adds everything {@code other} holds; {@code other} is unchanged in value. */
  public void merge(ExactSum other) {
    other.propagateCarries();
    propagateCarries();
    long[] o = other.digits;
    if (o.length > 0) {
      int k = widen(other.base, other.base + o.length - 1);
      long[] d = digits;
      for (int j = 0; j < o.length; j++) {
        d[k + j] += o[j];
      }
    }
    budget = 1; // both sides were normalised; the next addition renormalises
    special |= other.special;
  }

  /** Empties the sum (keeping its storage). */
  public void reset() {
    Arrays.fill(digits, 0L);
    budget = CARRY_BUDGET;
    special = 0;
  }

  /**
   * The sum rounded once to the nearest double, ties to even. {@code 0.0} when nothing or only
   * zeros were added; NaN if a NaN or both infinities were added; an infinity if one infinity was
   * added or if the exact sum of finite values lies beyond the double range.
   */
  public double value() {
    if ((special & NAN) != 0 || special == (POS_INF | NEG_INF)) {
      return Double.NaN;
    }
    if (special != 0) {
      return special == POS_INF ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }
    propagateCarries();
    int n = digits.length;
    if (n == 0) {
      return 0.0;
    }
    boolean negative = digits[n - 1] < 0;
    long[] mag = negative ? negated(digits) : digits;
    double r = round(mag, base);
    return negative ? -r : r;
  }

  /** True when this sum holds no non-zero value and no non-finite value. */
  public boolean isZero() {
    if (special != 0) {
      return false;
    }
    propagateCarries();
    for (long d : digits) {
      if (d != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Makes digits {@code lo .. hi} part of the window, with room to spare so that sums that grow or
   * values that drift rarely widen it again; returns the index of digit {@code lo}.
   */
  private int widen(int lo, int hi) {
    long[] d = digits;
    int n = d.length;
    int top = base + n - 1;
    if (n > 0 && lo >= base && hi <= top) {
      return lo - base;
    }
    int newLo = Math.max(0, n == 0 ? lo - 1 : lo < base ? lo - 2 : base);
    int newHi = Math.min(DIGITS - 1, n == 0 ? hi + 1 : hi > top ? hi + 2 : top);
    long[] w = new long[newHi - newLo + 1];
    if (n > 0) {
      System.arraycopy(d, 0, w, base - newLo, n);
    }
    digits = w;
    base = newLo;
    return lo - newLo;
  }

  /**
   * Leaves every digit but the window's top one in [0, 2^32); the top digit carries the sign and
   * stays below 2^31 in magnitude (the window grows upwards when it would not), so that {@link
   * #CARRY_BUDGET} more additions cannot overflow it.
   */
  private void propagateCarries() {
    budget = CARRY_BUDGET;
    long[] d = digits;
    int n = d.length;
    if (n == 0) {
      return;
    }
    long carry = 0;
    for (int k = 0; k < n - 1; k++) {
      long v = d[k] + carry;
      d[k] = v & MASK32;
      carry = v >> 32; // arithmetic shift: floor division by 2^32
    }
    long top = d[n - 1] + carry;
    d[n - 1] = top;
    int g = base + n - 1; // the top digit's global index
    if ((top >= 1L << 31 || top < -(1L << 31)) && g + 1 < DIGITS) {
      widen(g + 1, g + 1);
      digits[g - base] = top & MASK32;
      digits[g + 1 - base] = top >> 32;
    }
  }

  /** The magnitude of a negative normalised window, as a normalised window (a copy). */
  private static long[] negated(long[] d) {
    long[] m = new long[d.length];
    long carry = 0;
    for (int k = 0; k < d.length; k++) {
      long v = -d[k] + carry;
      m[k] = k == d.length - 1 ? v : v & MASK32;
      carry = v >> 32;
    }
    return m;
  }

  /**
   * Rounds the non-negative integer {@code sum_k d[k] 2^(32 (base + k))}, times 2^-1074, to the
   * nearest double, ties to even. Every digit but the top one is in [0, 2^32).
   */
  static double round(long[] d, int base) {
    int h = d.length - 1;
    while (h >= 0 && d[h] == 0) {
      h--;
    }
    if (h < 0) {
      return 0.0;
    }
    int length = 32 * h + 64 - Long.numberOfLeadingZeros(d[h]); // bits above the window base
    int scale = 32 * base - 1074;
    if (length + scale > 1024) {
      return Double.POSITIVE_INFINITY; // at least 2^1024 (and only there may the top exceed 2^32)
    }
    if (length <= 53) {
      long v = h == 0 ? d[0] : d[0] | d[1] << 32;
      return Math.scalb((double) v, scale); // exact: fits the subnormal/normal grid
    }
    int shift = length - 54; // keep 53 bits and one rounding bit
    int w = shift >>> 5;
    int o = shift & 31;
    long low64 = d[w] | (w + 1 < d.length ? d[w + 1] << 32 : 0L);
    long next = w + 2 < d.length ? d[w + 2] : 0L;
    long top = (low64 >>> o) | (o == 0 ? 0L : next << (64 - o)); // 54 + o <= 85 bits: fits
    top &= (1L << 54) - 1;
    boolean sticky = (d[w] & ((1L << o) - 1)) != 0;
    for (int k = 0; k < w && !sticky; k++) {
      sticky = d[k] != 0;
    }
    long m = top >>> 1;
    if ((top & 1) != 0 && (sticky || (m & 1) != 0)) {
      m++;
    }
    // More than 53 significant bits means a normal number, so scalb does not round again.
    return Math.scalb((double) m, shift + 1 + scale); // exact or overflows to infinity
  }

  // ---- compact, versioned serialization ------------------------------------------------------

  /** Bytes needed by {@link #writeTo}. */
  int serializedSize() {
    propagateCarries();
    int lo = lowestNonZero();
    return lo < 0 ? 2 : 4 + 8 * (canonicalTop(lo) - lo + 1);
  }

  /** Writes: version, flags, then, if any digit is non-zero, the first index, count and digits. */
  void writeTo(ByteBuffer out) {
    propagateCarries();
    int lo = lowestNonZero();
    out.put(SERIAL_VERSION);
    out.put((byte) (special | (lo >= 0 ? HAS_DIGITS : 0)));
    if (lo < 0) {
      return;
    }
    int hi = canonicalTop(lo);
    out.put((byte) (base + lo));
    out.put((byte) (hi - lo + 1));
    for (int k = lo; k < hi; k++) {
      out.putLong(digits[k]);
    }
    out.putLong(hi < highestNonZero() ? digits[hi] - (1L << 32) : digits[hi]);
  }

  /**
   * The top digit of the shortest form of this (normalised, non-zero) sum: the same value can end
   * in a -1 digit above a digit of 2^31 or more, or in that digit less 2^32; the shorter form is
   * written, so that equal sums always serialize to equal bytes.
   */
  private int canonicalTop(int lo) {
    int hi = highestNonZero();
    boolean folded = false;
    while (hi > lo && digits[hi] == (folded ? MASK32 : -1L) && digits[hi - 1] >= 1L << 31) {
      hi--;
      folded = true;
    }
    return hi;
  }

  /** Reads what {@link #writeTo} wrote. */
  static ExactSum readFrom(ByteBuffer in) {
    byte version = in.get();
    if (version != SERIAL_VERSION) {
      throw new IllegalArgumentException("unsupported ExactSum serial version " + version);
    }
    ExactSum s = new ExactSum();
    byte flags = in.get();
    s.special = flags & (NAN | POS_INF | NEG_INF);
    if ((flags & HAS_DIGITS) != 0) {
      int lo = in.get() & 0xFF;
      int count = in.get() & 0xFF;
      if (count == 0 || lo + count > DIGITS) {
        throw new IllegalArgumentException("corrupt ExactSum: digits " + lo + "+" + count);
      }
      // The highest digit written is the sign-carrying top or a normalised digit: either way a
      // valid top for this window.
      s.digits = new long[count];
      s.base = lo;
      for (int k = 0; k < count; k++) {
        s.digits[k] = in.getLong();
      }
    }
    return s;
  }

  /** How many digits are stored (the window), for tests and memory accounting. */
  int storedDigits() {
    return digits.length;
  }

  private int lowestNonZero() {
    for (int k = 0; k < digits.length; k++) {
      if (digits[k] != 0) {
        return k;
      }
    }
    return -1;
  }

  private int highestNonZero() {
    for (int k = digits.length - 1; k >= 0; k--) {
      if (digits[k] != 0) {
        return k;
      }
    }
    return -1;
  }
}
