package io.losseval.core.interval;

import io.losseval.core.Sample;

/**
 * The bucket of a row: a fixed 64-bit hash of the row's tensor argument values, as the loss reads
 * them, modulo the bucket count. It depends on nothing but those values, so the same row lands in
 * the same bucket on any partitioning, in any order, on any machine and in any version that keeps
 * this definition.
 *
 * <p>Definition (part of the results' contract: changing it changes every interval):
 *
 * <pre>
 *   h = 0x243F6A8885A308D3                                  (the first fraction bits of pi)
 *   for each tensor argument, in order:
 *     h = step(h, length &lt;&lt; 32 | (width &amp; 0xFFFFFFFF))     (values; values per line, 1 unless a matrix)
 *     for each value v, row-major: h = step(h, bits(v))
 *   bucket = (finish(h) &gt;&gt;&gt; 32) * buckets &gt;&gt;&gt; 32        (the top 32 bits scaled to [0, buckets))
 *
 *   step(h, x) = rotateLeft((h xor x) * 0x9E3779B97F4A7C15, 31)
 *   bits(v)    = 0 if v is 0.0 or -0.0; 0x7FF8000000000000 if v is any NaN; else v's IEEE 754 bits
 *   finish(z)  = z' xor (z' &gt;&gt;&gt; 31), with z' from z by
 *                z = (z xor (z &gt;&gt;&gt; 30)) * 0xBF58476D1CE4E5B9; z = (z xor (z &gt;&gt;&gt; 27)) * 0x94D049BB133111EB
 * </pre>
 *
 * {@code step} is a bijection in {@code h} for each {@code x} and in {@code x} for each {@code h},
 * so two rows that differ in one value never share a hash; {@code finish} is SplitMix64's finalizer
 * (Steele, Lea and Flood, 2014), which spreads every input bit over the result; scaling its top 32
 * bits by the bucket count (Lemire, 2019: a fast alternative to the modulo reduction) takes no
 * division, and its bias, under {@code buckets / 2^32}, is nil for the purpose. Values are the
 * doubles the loss sees: an integer label 3 and a double 3.0 hash alike, and so do a dense and a
 * sparse vector with the same entries. Zeros of either sign hash alike because they compare equal
 * and because a sparse vector's implicit zeros read as +0.0 whatever its dense form held; NaNs hash
 * alike whatever their payload.
 *
 * <p>A bucketing key, when the call gives one, replaces the argument values: the row goes to {@code
 * bucket(keyHash(key), buckets)} with
 *
 * <pre>
 *   integer key v (tinyint, smallint, int or bigint, as a 64-bit value): finish(step(KEY_INTEGER, v))
 *   string key (its UTF-8 bytes, n of them):
 *     h = step(KEY_STRING, n); then per 8 bytes, little-endian, the last chunk padded with zero
 *     bytes: h = step(h, chunk); keyHash = finish(h)
 *   KEY_INTEGER = 0x13198A2E03707344, KEY_STRING = 0xA4093822299F31D0 (the next fraction bits of pi)
 * </pre>
 *
 * An int 7 and a bigint 7 hash alike (widening never moves a row); a string "7" does not (the seeds
 * differ), so a key column keeps one type for the rows it compares.
 */
public final class BucketHash {
  static final long SEED = 0x243F6A8885A308D3L;
  static final long MULTIPLIER = 0x9E3779B97F4A7C15L;
  static final long KEY_INTEGER = 0x13198A2E03707344L;
  static final long KEY_STRING = 0xA4093822299F31D0L;
  private static final long CANONICAL_NAN = 0x7FF8000000000000L;

  private BucketHash() {}

  /** The hash of arguments {@code 0 .. row.arguments() - 1} of {@code row}. */
  public static long hash(Sample row) {
    long h = SEED;
    for (int a = 0, n = row.arguments(); a < n; a++) {
      h = argument(h, row.values(a), row.offset(a), row.length(a), row.width(a));
    }
    return finish(h);
  }

  /**
   * The hashes of rows {@code 0 .. n-1} of {@code columns}, scalar rows as {@link
   * io.losseval.core.LossKernel#addBatch} takes them (argument {@code a} of row {@code i} is {@code
   * columns.values(a)[columns.offset(a) + i]}), into {@code out}: {@code out[i]} is {@link #hash}
   * of row i's own sample. The same steps, taken argument by argument over all rows, so that the
   * rows' independent chains of multiplications overlap.
   */
  public static void hashScalarRows(Sample columns, int n, long[] out) {
    long header = 1L << 32 | 1; // a scalar argument's: length 1, width 1
    for (int a = 0, args = columns.arguments(); a < args; a++) {
      double[] values = columns.values(a);
      int offset = columns.offset(a);
      if (a == 0) {
        // every row's chain starts with the same step
        long first = step(SEED, header);
        if (plain(values, offset, n)) {
          for (int i = 0; i < n; i++) {
            out[i] = step(first, Double.doubleToRawLongBits(values[offset + i]));
          }
        } else {
          for (int i = 0; i < n; i++) {
            out[i] = step(first, bits(values[offset + i]));
          }
        }
      } else if (plain(values, offset, n)) {
        for (int i = 0; i < n; i++) {
          out[i] = step(step(out[i], header), Double.doubleToRawLongBits(values[offset + i]));
        }
      } else {
        for (int i = 0; i < n; i++) {
          out[i] = step(step(out[i], header), bits(values[offset + i]));
        }
      }
    }
    for (int i = 0; i < n; i++) {
      out[i] = finish(out[i]);
    }
  }

  /**
   * Whether {@code values[offset .. offset+n)} hold no zero and no NaN, so that each value's {@link
   * #bits} are its raw bits (the loop without the two tests is the faster one).
   */
  private static boolean plain(double[] values, int offset, int n) {
    boolean special = false;
    for (int i = offset, end = offset + n; i < end; i++) {
      double v = values[i];
      special |= v == 0.0 | v != v;
    }
    return !special;
  }

  /** {@code h} stepped over one argument: its length and width, then its values. */
  private static long argument(long h, double[] values, int offset, int length, int width) {
    h = step(h, (long) length << 32 | (width & 0xFFFF_FFFFL));
    for (int i = offset, end = offset + length; i < end; i++) {
      h = step(h, bits(values[i]));
    }
    return h;
  }

  /** The hash of an integer bucketing key (any integral SQL type, widened to 64 bits). */
  public static long keyHash(long key) {
    return finish(step(KEY_INTEGER, key));
  }

  /**
   * The hash of a string bucketing key: {@code length} UTF-8 bytes of {@code utf8} from {@code
   * offset}.
   */
  public static long keyHash(byte[] utf8, int offset, int length) {
    long h = step(KEY_STRING, length);
    for (int i = 0; i < length; i += 8) {
      long chunk = 0;
      for (int j = Math.min(8, length - i) - 1; j >= 0; j--) {
        chunk = chunk << 8 | (utf8[offset + i + j] & 0xFFL);
      }
      h = step(h, chunk);
    }
    return finish(h);
  }

  /** The bucket, in [0, buckets), of a row with hash {@code hash}. */
  public static int bucket(long hash, int buckets) {
    return (int) ((hash >>> 32) * buckets >>> 32);
  }

  /** The bucket, in [0, buckets), of {@code row}. */
  public static int bucket(Sample row, int buckets) {
    return bucket(hash(row), buckets);
  }

  static long step(long h, long x) {
    return Long.rotateLeft((h ^ x) * MULTIPLIER, 31);
  }

  static long bits(double v) {
    if (v == 0.0) {
      return 0L;
    }
    long bits = Double.doubleToRawLongBits(v);
    return v != v ? CANONICAL_NAN : bits;
  }

  static long finish(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
