package io.losseval.spark.row;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.core.LossDataException;
import io.losseval.core.Sample;
import java.util.Arrays;
import java.util.Random;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.Platform;
import org.junit.jupiter.api.Test;

/**
 * An array of doubles in Spark's own format is read in one copy, and gives exactly the values read
 * one by one (NaN payloads, signed zeros, subnormals included), at every length around the 64-bit
 * words of its NULL bits; an array with a NULL element fails as the value-by-value path does,
 * naming its position.
 */
class InputReaderTest {
  private static final int[] LENGTHS = {0, 1, 2, 10, 63, 64, 65, 127, 128, 129, 1000};

  private static InputReader reader(boolean containsNull) {
    DataType type = DataTypes.createArrayType(DataTypes.DoubleType, containsNull);
    return InputReader.create("cross_entropy", "input", 0, "logits", bound(type));
  }

  private static BoundReference bound(DataType type) {
    return new BoundReference(0, type, true);
  }

  /** A row holding {@code a} in Spark's own format, as a cached table's row holds it. */
  private static InternalRow unsafeRow(ArrayData a, boolean containsNull) {
    DataType type = DataTypes.createArrayType(DataTypes.DoubleType, containsNull);
    return UnsafeProjection.create(new DataType[] {type})
        .apply(new GenericInternalRow(new Object[] {a}))
        .copy();
  }

  private static double[] values(int n, Random r) {
    double[] v = new double[n];
    double[] special = {
      Double.longBitsToDouble(0x7ff8_0000_dead_beefL), // a NaN with a payload
      -0.0,
      Double.MIN_VALUE,
      Double.NEGATIVE_INFINITY,
      Double.MAX_VALUE
    };
    for (int i = 0; i < n; i++) {
      v[i] = r.nextInt(8) == 0 ? special[r.nextInt(special.length)] : r.nextGaussian() * 1e3;
    }
    return v;
  }

  private static long[] bits(double[] v, int from, int n) {
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = Double.doubleToRawLongBits(v[from + i]);
    }
    return out;
  }

  @Test
  void unsafeArraysOfDoublesGiveTheValuesAsTheyLie() {
    Random r = new Random(5);
    for (boolean containsNull : new boolean[] {false, true}) {
      InputReader reader = reader(containsNull);
      Sample sample = new Sample(1);
      for (int n : LENGTHS) {
        double[] v = values(n, r);
        InternalRow row = unsafeRow(new GenericArrayData(v), containsNull);
        assertTrue(row.getArray(0) instanceof UnsafeArrayData);
        assertTrue(reader.read(row, null, sample));
        assertEquals(n, sample.length(0));
        assertArrayEquals(
            bits(v, 0, n),
            bits(sample.values(0), sample.offset(0), n),
            "n=" + n + " containsNull=" + containsNull);
        // The same values from an array in another format, read value by value.
        Sample other = new Sample(1);
        assertTrue(
            reader.read(
                new GenericInternalRow(new Object[] {new GenericArrayData(v)}), null, other));
        assertArrayEquals(bits(v, 0, n), bits(other.values(0), other.offset(0), n));
      }
    }
  }

  @Test
  void aNullElementFailsAtItsPositionInEveryFormat() {
    InputReader reader = reader(true);
    for (int n : new int[] {1, 63, 64, 65, 130}) {
      for (int at : new int[] {0, n / 2, n - 1}) {
        Object[] v = new Object[n];
        Arrays.fill(v, 1.5);
        v[at] = null;
        GenericArrayData generic = new GenericArrayData(v);
        String expected =
            "cross_entropy: argument input (logits) holds a NULL element at position "
                + at
                + "; arrays must be complete";
        for (InternalRow row :
            new InternalRow[] {
              unsafeRow(generic, true), new GenericInternalRow(new Object[] {generic})
            }) {
          LossDataException e =
              assertThrows(LossDataException.class, () -> reader.read(row, null, new Sample(1)));
          assertEquals(expected, e.getMessage(), "n=" + n + " at=" + at);
          assertEquals(0, e.argument());
        }
      }
    }
  }

  @Test
  void nullBitsPastTheLastElementAreNotElements() {
    // Spark's writer clears them, but only an array's own bits are asked: five elements in Spark's
    // format (the count, one word of NULL bits, five values) with bit 40 of the word set.
    byte[] bytes = new byte[8 + 8 + 5 * 8];
    long at = Platform.BYTE_ARRAY_OFFSET;
    Platform.putLong(bytes, at, 5L);
    Platform.putLong(bytes, at + 8, 1L << 40);
    for (int i = 0; i < 5; i++) {
      Platform.putDouble(bytes, at + 16 + 8L * i, 2.0 + i);
    }
    UnsafeArrayData five = new UnsafeArrayData();
    five.pointTo(bytes, at, bytes.length);
    assertFalse(UnsafeDoubles.hasNull(five));
    Sample sample = new Sample(1);
    assertTrue(reader(true).read(new GenericInternalRow(new Object[] {five}), null, sample));
    assertArrayEquals(new double[] {2, 3, 4, 5, 6}, Arrays.copyOf(sample.values(0), 5));
    Platform.putLong(bytes, at + 8, 1L << 4); // element 4 is NULL now
    assertTrue(UnsafeDoubles.hasNull(five));
    assertThrows(
        LossDataException.class,
        () -> reader(true).read(new GenericInternalRow(new Object[] {five}), null, sample));
  }

  @Test
  void arraysOfOtherNumbersAreConvertedValueByValue() {
    InputReader reader =
        InputReader.create(
            "cross_entropy",
            "input",
            0,
            "logits",
            bound(new ArrayType(DataTypes.FloatType, false)));
    Sample sample = new Sample(1);
    float[] f = {1.5f, -0.1f, Float.NaN};
    InternalRow row = new GenericInternalRow(new Object[] {UnsafeArrayData.fromPrimitiveArray(f)});
    assertTrue(reader.read(row, null, sample));
    for (int i = 0; i < f.length; i++) {
      assertEquals((double) f[i], sample.values(0)[i]);
    }
  }
}
