package io.losseval.core.interval;

import io.losseval.core.LossStateException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * How many distinct rows a group holds and how often each repeats, from the {@value #CAPACITY}
 * smallest distinct row hashes ({@link BucketHash#hash}, ordered as unsigned numbers), each with
 * the number of rows that had it. The set kept is a function of the set of hashes added and nothing
 * else, so merging in any order and on any partitioning keeps the same hashes; and a hash among the
 * smallest of the whole group is among the smallest of every part that holds it, so its count is
 * exact too. The distinct count is exact below {@value #CAPACITY} distinct rows and above it the
 * estimate {@code (CAPACITY - 1) / (u / 2^64)}, {@code u} the largest hash kept (Bar-Yossef et al.,
 * 2002; Beyer et al., 2007: the k-minimum-values estimator, relative standard error about {@code 1
 * / sqrt(CAPACITY - 2)}, 9%). The kept hashes are a uniform sample of the distinct rows, so their
 * counts estimate {@link #repeats}. Both the same bits every time.
 *
 * <p>Mutable and not thread-safe, like the states it belongs to.
 */
final class DistinctSketch {
  /** Hashes kept: 1 KiB of memory and bytes; the count is exact below it. */
  static final int CAPACITY = 128;

  private long[] hashes = new long[8]; // sorted as unsigned, distinct; the first size are in use
  private long[] counts = new long[8]; // rows of each hash
  private int size;

  /** Adds one row's hash. */
  void add(long hash) {
    if (size == CAPACITY && Long.compareUnsigned(hash, hashes[size - 1]) > 0) {
      return; // the common case once full: larger than every hash kept
    }
    int at = search(hash);
    if (at >= 0) {
      counts[at]++;
      return;
    }
    at = -at - 1;
    if (size == hashes.length) {
      hashes = Arrays.copyOf(hashes, Math.min(CAPACITY, 2 * size));
      counts = Arrays.copyOf(counts, hashes.length);
    }
    int keep = Math.min(size, CAPACITY - 1); // when full, the largest falls off
    System.arraycopy(hashes, at, hashes, at + 1, keep - at);
    System.arraycopy(counts, at, counts, at + 1, keep - at);
    hashes[at] = hash;
    counts[at] = 1;
    size = keep + 1;
  }

  /**
   * The largest hash a row may have and still change this sketch, with its sign bit flipped (so
   * that a signed comparison orders hashes as unsigned numbers): a hash whose flipped value is
   * above it changes nothing when added. {@code Long.MAX_VALUE} until the sketch is full. Valid
   * until the next {@link #add} or {@link #merge}.
   */
  long limit() {
    return size < CAPACITY ? Long.MAX_VALUE : hashes[CAPACITY - 1] ^ Long.MIN_VALUE;
  }

  /** Adds every hash {@code other} holds (the union, cut to the smallest {@value #CAPACITY}). */
  void merge(DistinctSketch other) {
    int length = Math.max(8, Math.min(CAPACITY, size + other.size));
    long[] out = new long[length];
    long[] outCounts = new long[length];
    int n = 0;
    int i = 0;
    int j = 0;
    while (n < CAPACITY && (i < size || j < other.size)) {
      int c =
          j == other.size ? -1 : i == size ? 1 : Long.compareUnsigned(hashes[i], other.hashes[j]);
      if (c <= 0) {
        out[n] = hashes[i];
        outCounts[n] = counts[i++];
      }
      if (c >= 0) {
        out[n] = other.hashes[j];
        outCounts[n] += other.counts[j++];
      }
      n++;
    }
    hashes = out;
    counts = outCounts;
    size = n;
  }

  /** The distinct rows: exact below {@value #CAPACITY}, else the k-minimum-values estimate. */
  double distinct() {
    if (size < CAPACITY) {
      return size;
    }
    double largest = (hashes[size - 1] >>> 1) * 2.0 + (hashes[size - 1] & 1); // unsigned
    return (CAPACITY - 1) / (largest / 0x1p64);
  }

  /**
   * How many rows, on average, share a row's values: {@code sum(count^2) / sum(count)} over the
   * hashes kept (1 when every row differs). Identical rows share a bucket, and this is about the
   * factor by which that inflates the jackknife's variance estimate. Exact below {@value #CAPACITY}
   * distinct rows, else estimated from the kept ones; 1 with no rows.
   */
  double repeats() {
    double squares = 0;
    double rows = 0;
    for (int k = 0; k < size; k++) {
      squares += (double) counts[k] * counts[k];
      rows += counts[k];
    }
    return size == 0 ? 1 : squares / rows;
  }

  private int search(long hash) {
    int lo = 0;
    int hi = size - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = Long.compareUnsigned(hashes[mid], hash);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -(lo + 1);
  }

  /**
   * The hashes: their number as an unsigned LEB128 number, then per hash 8 bytes, big-endian, and
   * its row count as an unsigned LEB128 number.
   */
  void write(ByteArrayOutputStream out) {
    BucketedState.writeLength(out, size);
    for (int k = 0; k < size; k++) {
      long h = hashes[k];
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) (h >>> shift));
      }
      for (long c = counts[k]; ; c >>>= 7) {
        if (c < 0x80) {
          out.write((int) c);
          break;
        }
        out.write((int) (c & 0x7F | 0x80));
      }
    }
  }

  /** Reads what {@link #write} wrote; fails on a count above the capacity or unsorted hashes. */
  static DistinctSketch read(ByteBuffer in, String what) {
    int n = BucketedState.readLength(in, what);
    if (n > CAPACITY) {
      throw new LossStateException(
          "corrupt " + what + ": " + n + " distinct-row hashes, more " + "than " + CAPACITY);
    }
    DistinctSketch s = new DistinctSketch();
    s.hashes = new long[Math.max(8, n)];
    s.counts = new long[s.hashes.length];
    for (int k = 0; k < n; k++) {
      s.hashes[k] = in.getLong();
      if (k > 0 && Long.compareUnsigned(s.hashes[k - 1], s.hashes[k]) >= 0) {
        throw new LossStateException("corrupt " + what + ": distinct-row hashes out of order");
      }
      long c = 0;
      for (int shift = 0; ; shift += 7) {
        int b = in.get() & 0xFF;
        c |= (long) (b & 0x7F) << shift;
        if (b < 0x80) {
          break;
        }
        if (shift > 56) {
          throw new LossStateException("corrupt " + what + ": a row count overflows");
        }
      }
      if (c <= 0) {
        throw new LossStateException("corrupt " + what + ": a distinct row without rows");
      }
      s.counts[k] = c;
    }
    s.size = n;
    return s;
  }
}
