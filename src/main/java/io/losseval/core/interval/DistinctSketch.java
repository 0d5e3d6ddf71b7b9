package io.losseval.core.interval;

import io.losseval.core.LossStateException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * How many distinct rows a group holds, from the {@value #CAPACITY} smallest distinct row hashes
 * ({@link BucketHash#hash}, ordered as unsigned numbers). The set kept is a function of the set of
 * hashes added and nothing else, so merging in any order and on any partitioning keeps the same
 * hashes: the count is exact below {@value #CAPACITY} distinct rows and above it the estimate
 * {@code (CAPACITY - 1) / (u / 2^64)}, {@code u} the largest hash kept (Bar-Yossef et al., 2002;
 * Beyer et al., 2007: the k-minimum-values estimator, relative standard error about
 * {@code 1 / sqrt(CAPACITY - 2)}, 9%), the same bits every time.
 *
 * <p>Mutable and not thread-safe, like the states it belongs to.
 */
final class DistinctSketch {
  /** Hashes kept: 1 KiB of memory and bytes; the count is exact below it. */
  static final int CAPACITY = 128;

  private long[] hashes = new long[8]; // sorted as unsigned, distinct; the first size are in use
  private int size;

  /** Adds one row's hash. */
  void add(long hash) {
    if (size == CAPACITY && Long.compareUnsigned(hash, hashes[size - 1]) >= 0) {
      return; // the common case once full: larger than every hash kept
    }
    int at = search(hash);
    if (at >= 0) {
      return;
    }
    at = -at - 1;
    if (size == hashes.length) {
      hashes = Arrays.copyOf(hashes, Math.min(CAPACITY, 2 * size));
    }
    int keep = Math.min(size, CAPACITY - 1); // when full, the largest falls off
    System.arraycopy(hashes, at, hashes, at + 1, keep - at);
    hashes[at] = hash;
    size = keep + 1;
  }

  /** Adds every hash {@code other} holds (the union, cut to the smallest {@value #CAPACITY}). */
  void merge(DistinctSketch other) {
    long[] out = new long[Math.min(CAPACITY, size + other.size)];
    int n = 0;
    int i = 0;
    int j = 0;
    while (n < out.length && (i < size || j < other.size)) {
      long next;
      if (j == other.size) {
        next = hashes[i++];
      } else if (i == size) {
        next = other.hashes[j++];
      } else {
        int c = Long.compareUnsigned(hashes[i], other.hashes[j]);
        next = c <= 0 ? hashes[i++] : other.hashes[j++];
        if (c == 0) {
          j++;
        }
      }
      out[n++] = next;
    }
    hashes = n == 0 ? new long[8] : out;
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

  /** The hashes: their count as an unsigned LEB128 number, then 8 bytes each, big-endian. */
  void write(ByteArrayOutputStream out) {
    BucketedState.writeLength(out, size);
    ByteBuffer b = ByteBuffer.allocate(8 * size);
    for (int k = 0; k < size; k++) {
      b.putLong(hashes[k]);
    }
    out.write(b.array(), 0, b.capacity());
  }

  /** Reads what {@link #write} wrote; fails on a count above the capacity or unsorted hashes. */
  static DistinctSketch read(ByteBuffer in, String what) {
    int n = BucketedState.readLength(in, what);
    if (n > CAPACITY) {
      throw new LossStateException("corrupt " + what + ": " + n + " distinct-row hashes, more "
          + "than " + CAPACITY);
    }
    DistinctSketch s = new DistinctSketch();
    s.hashes = new long[Math.max(8, n)];
    for (int k = 0; k < n; k++) {
      s.hashes[k] = in.getLong();
      if (k > 0 && Long.compareUnsigned(s.hashes[k - 1], s.hashes[k]) >= 0) {
        throw new LossStateException("corrupt " + what + ": distinct-row hashes out of order");
      }
    }
    s.size = n;
    return s;
  }
}
