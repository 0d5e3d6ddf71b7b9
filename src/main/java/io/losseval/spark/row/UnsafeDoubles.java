package io.losseval.spark.row;

import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.unsafe.Platform;

/**
 * Arrays of doubles in Spark's own array format ({@link UnsafeArrayData}: the element count, a bit
 * per element set where it is NULL, then 8 bytes per element) read in bulk: the NULL bits a word at
 * a time, the values straight from memory (in one copy when long), with no call through {@code
 * ArrayData} per value. A cached table's rows hold their arrays in this format.
 */
final class UnsafeDoubles {
  private UnsafeDoubles() {}

  /** Whether an element of {@code a} is NULL: a set bit among its first numElements NULL bits. */
  static boolean hasNull(UnsafeArrayData a) {
    int n = a.numElements();
    Object base = a.getBaseObject();
    long bits = a.getBaseOffset() + 8; // the NULL bits follow the 8-byte element count
    int full = n >>> 6;
    for (int w = 0; w < full; w++) {
      if (Platform.getLong(base, bits + 8L * w) != 0L) {
        return true;
      }
    }
    int rest = n & 63;
    // Bits past the last element are not part of the array; the writer clears them, but only
    // the array's own bits are asked.
    return rest != 0 && (Platform.getLong(base, bits + 8L * full) & ((1L << rest) - 1)) != 0L;
  }

  /** Arrays shorter than this are read value by value: a copy's call costs more for them. */
  private static final int COPY_FROM = 64;

  /**
   * {@code out[0 .. n)} = the {@code n} doubles of {@code a}, the bits that {@code getDouble}
   * reads; NULL elements are not looked at (they read as whatever bytes they hold).
   */
  static void copy(UnsafeArrayData a, double[] out) {
    int n = a.numElements();
    Object base = a.getBaseObject();
    long values = a.getBaseOffset() + UnsafeArrayData.calculateHeaderPortionInBytes(n);
    if (n < COPY_FROM) {
      for (int i = 0; i < n; i++) {
        out[i] = Platform.getDouble(base, values + 8L * i);
      }
      return;
    }
    Platform.copyMemory(base, values, out, Platform.DOUBLE_ARRAY_OFFSET, 8L * n);
  }
}
